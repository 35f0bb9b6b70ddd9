// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// The root package's identity, how a target here names it: the lowercased name of the folder it is in.
let rootPackageIdentity = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .standardizedFileURL.lastPathComponent.lowercased()

/// The `-package-name` SwiftPM gives the root package (the parent folder), so the benchmarks can use its `package`
/// declarations.
///
/// The ingest path's API (`IngestContext`, `SeriesStore`, `LineParser`, ...) has `package` access: visible to every
/// module compiled with the same `-package-name`, and to nothing else. SwiftPM passes each package's targets a name
/// of its own, so this separate package would not see it. The benchmark target therefore opts out of its own package
/// name (`packageAccess: false`) and is compiled with the root's instead (`-package-name`, an unsafe flag, which
/// SwiftPM accepts in a root package such as this one).
///
/// SwiftPM derives that name from the root's identity, the name of the folder it is in (the clone's folder, so it is
/// computed here from `#filePath` rather than written down): lowercased, every character that is not an ASCII letter,
/// digit or underscore replaced by `_`, and a leading digit replaced by `_` (`main` -> `main`, `lib-x` -> `lib_x`,
/// `2Lib-X.b` -> `_lib_x_b`).
let rootPackageName: String = {
    var name = ""
    for scalar in rootPackageIdentity.unicodeScalars {
        let isIdentifierCharacter =
            scalar.isASCII
            && (("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_")
        name.unicodeScalars.append(isIdentifierCharacter ? scalar : "_")
    }
    if let first = name.unicodeScalars.first, ("0"..."9").contains(first) {
        name = "_" + name.dropFirst()
    }
    return name
}()

let package = Package(
    name: "StatsDBridgeBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        // Only the MallocInterposer trait (for `mallocCountTotal`): the default traits also pull the Swift runtime
        // interposer, a package this machine does not mirror.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "StatsDBridgeBenchmarks",
            dependencies: [
                .product(name: "StatsDBridgeCore", package: rootPackageIdentity),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "StatsDBridgeBenchmarks",
            packageAccess: false,
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
                .unsafeFlags(["-package-name", rootPackageName]),
            ],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
