// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// Settings every target shares: Swift 6 language mode plus the upcoming features the house style requires.
let sharedSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "statsd-bridge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "statsd-bridge", targets: ["statsd-bridge"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
    ],
    targets: [
        .target(name: "StatsDProtocol"),
        .target(
            name: "Mapping",
            dependencies: ["StatsDProtocol", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "Aggregation"),
        .systemLibrary(name: "CCrypt", path: "Sources/CCrypt"),
        .target(name: "CRecvmmsg"),
        .target(name: "Exposition", dependencies: ["Aggregation"]),
        .target(
            name: "Bridge",
            dependencies: [
                "StatsDProtocol", "Mapping", "Aggregation", "Exposition", "CCrypt", "CRecvmmsg",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "statsd-bridge",
            dependencies: [
                "Bridge",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "statsd-bridge-fuzz",
            dependencies: ["Bridge", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .executableTarget(
            name: "statsd-load",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "StatsDProtocolTests", dependencies: ["StatsDProtocol"]),
        .testTarget(name: "MappingTests", dependencies: ["Mapping"]),
        .testTarget(name: "AggregationTests", dependencies: ["Aggregation"]),
        .testTarget(name: "ExpositionTests", dependencies: ["Exposition"]),
        .testTarget(
            name: "BridgeTests",
            dependencies: [
                "Bridge",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + sharedSettings
}

// The benchmarks (ordo-one/benchmark) are left out when STATSD_BRIDGE_NO_BENCHMARKS is set: the fuzz build needs that,
// because `--sanitize fuzzer` links libFuzzer's `main` into the benchmark plugin's code generator too.
if ProcessInfo.processInfo.environment["STATSD_BRIDGE_NO_BENCHMARKS"] == nil {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"])
    )
    package.targets.append(
        .executableTarget(
            name: "StatsDBridgeBenchmarks",
            dependencies: [
                "StatsDProtocol", "Mapping", "Aggregation", "Exposition", "Bridge",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/StatsDBridgeBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
    package.targets.last!.swiftSettings = sharedSettings
}
