// swift-tools-version:6.1
import PackageDescription

// The flow a newcomer should read off this file:
//   Protos (contract) → Shared (vocabulary + wire) → Gateway (broker) → Worker (runtime + roles)
//   → Vision / Recommender (pure compute, no transport).
let package = Package(
    name: "moodmusic",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gateway", targets: ["Gateway"]),
        .executable(name: "worker", targets: ["Worker"]),
        .executable(name: "mmctl", targets: ["MMCtl"]),
        .executable(name: "loadgen", targets: ["LoadGen"]),
        .executable(name: "vision-tool", targets: ["VisionTool"]),
        .executable(name: "recommender-tool", targets: ["RecommenderTool"]),
        .library(name: "MoodMusicClient", targets: ["Client"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
    ],
    targets: [
        // C libraries, through the system's packages.
        .systemLibrary(name: "CZMQ", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CSpng", pkgConfig: "spng", providers: [.apt(["libspng-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5-serial", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

        // Vocabulary and wire: generated protobuf code, status codes, framing, the ZeroMQ binding.
        .target(
            name: "Shared",
            dependencies: [
                "CZMQ",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        // Pure compute: no transport imports.
        .target(name: "Vision", dependencies: ["CTurboJPEG", "CSpng", "CHDF5", "COpenBLAS"]),
        .target(name: "Recommender", dependencies: ["CZlib"]),

        // Processes.
        .executableTarget(
            name: "Gateway",
            dependencies: ["Shared", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "Worker",
            dependencies: ["Shared", "Vision", "Recommender", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // Clients.
        .target(name: "Client", dependencies: ["Shared"]),
        .executableTarget(
            name: "MMCtl",
            dependencies: ["Client", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "LoadGen",
            dependencies: [
                "Client",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),

        // Starts a real gateway and workers on free loopback ports, for multi-process tests.
        .target(name: "MoodMusicTesting", dependencies: ["Client"]),

        // Offline tools for the compute modules: accuracy, parity, benchmarks.
        .executableTarget(
            name: "VisionTool",
            dependencies: ["Vision", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "RecommenderTool",
            dependencies: ["Recommender", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        .testTarget(name: "SharedTests", dependencies: ["Shared"]),
        .testTarget(name: "GatewayTests", dependencies: ["Gateway", "Shared"]),
        .testTarget(name: "VisionTests", dependencies: ["Vision"], exclude: ["Fixtures"]),
        .testTarget(name: "RecommenderTests", dependencies: ["Recommender"]),
        .testTarget(name: "IntegrationTests", dependencies: ["Client", "MoodMusicTesting"]),
    ]
)
