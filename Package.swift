// swift-tools-version: 6.1
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
        .executable(name: "statsd-bridge", targets: ["statsd-bridge"]),
        // The ingest path as libraries, for the benchmark package under Benchmarks/.
        .library(
            name: "StatsDBridgeCore",
            targets: ["ByteTables", "StatsDProtocol", "Mapping", "Aggregation", "Exposition", "Ingest"]
        ),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(name: "ByteTables"),
        .target(name: "StatsDProtocol", dependencies: ["ByteTables"]),
        .target(name: "ConfigSupport", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(
            name: "Mapping",
            dependencies: ["ByteTables", "StatsDProtocol", "ConfigSupport", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "Aggregation", dependencies: ["ByteTables"]),
        .target(name: "Exposition", dependencies: ["ByteTables", "Aggregation"]),
        .target(name: "Ingest", dependencies: ["ByteTables", "StatsDProtocol", "Mapping", "Aggregation"]),
        .target(name: "CRecvmmsg"),
        .target(
            name: "Listeners",
            dependencies: [
                "Ingest", "CRecvmmsg",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .systemLibrary(name: "CCrypt", path: "Sources/CCrypt"),
        .target(
            name: "WebSecurity",
            dependencies: [
                "ConfigSupport", "CCrypt",
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .systemLibrary(name: "CSnappy", path: "Sources/CSnappy"),
        .target(
            name: "RemoteWrite",
            dependencies: [
                "ByteTables", "ConfigSupport", "Aggregation", "Exposition", "CSnappy",
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(name: "Status", dependencies: ["StatsDProtocol", "ConfigSupport", "Mapping", "Aggregation", "Ingest"]),
        .target(
            name: "Bridge",
            dependencies: [
                "StatsDProtocol", "ConfigSupport", "Mapping", "Aggregation", "Exposition", "Ingest", "Listeners",
                "WebSecurity", "Status", "RemoteWrite",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "statsd-bridge",
            dependencies: [
                "Bridge", "ConfigSupport", "Listeners", "WebSecurity", "RemoteWrite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "statsd-bridge-fuzz",
            dependencies: ["Ingest", "Mapping", "Aggregation", "Exposition"]
        ),
        .executableTarget(
            name: "statsd-load",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Helpers shared by the test targets (seeded random numbers, stream chunkings, escaped StatsD text).
        .target(name: "TestSupport", dependencies: ["Aggregation"], path: "Tests/TestSupport"),
        .testTarget(name: "ByteTablesTests", dependencies: ["ByteTables", "TestSupport"]),
        .testTarget(name: "StatsDProtocolTests", dependencies: ["StatsDProtocol", "TestSupport"]),
        .testTarget(name: "ConfigSupportTests", dependencies: ["ConfigSupport"]),
        .testTarget(name: "MappingTests", dependencies: ["Mapping", "ConfigSupport"]),
        .testTarget(name: "AggregationTests", dependencies: ["Aggregation", "TestSupport"]),
        .testTarget(name: "ExpositionTests", dependencies: ["Exposition", "TestSupport"]),
        .testTarget(
            name: "IngestTests",
            dependencies: ["Ingest", "StatsDProtocol", "Mapping", "Aggregation", "Exposition", "TestSupport"]
        ),
        .testTarget(
            name: "ListenersTests",
            dependencies: [
                "Listeners", "Ingest", "StatsDProtocol", "Mapping", "Aggregation", "Exposition", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "RemoteWriteTests",
            dependencies: [
                "RemoteWrite", "Aggregation", "ConfigSupport", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "BridgeTests",
            dependencies: [
                "Bridge", "Ingest", "Listeners", "WebSecurity", "Status", "Mapping", "ConfigSupport", "Aggregation",
                "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + sharedSettings
}
