// swift-tools-version:6.1
import PackageDescription

// Read top to bottom, this file is the architecture (docs/architecture.md):
//   vocabulary → generated protos → wire → transport → gateway / worker runtime → pure compute,
//   with thin executables on top. Each executable is argument parsing and one call into a library.
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")

let package = Package(
    name: "moodmusic",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gateway", targets: ["gateway"]),
        .executable(name: "worker", targets: ["worker"]),
        .executable(name: "mmctl", targets: ["mmctl"]),
        .executable(name: "loadgen", targets: ["loadgen"]),
        .executable(name: "vision-tool", targets: ["VisionTool"]),
        .executable(name: "recommender-tool", targets: ["RecommenderTool"]),
        .executable(name: "http-gateway", targets: ["http-gateway"]),
        .library(name: "MoodMusicClient", targets: ["MoodMusicClient"]),
        .library(name: "MoodMusicTesting", targets: ["MoodMusicTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
    ],
    targets: [
        // C libraries, through the system's packages.
        .systemLibrary(name: "CZMQ", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CSpng", pkgConfig: "spng", providers: [.apt(["libspng-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5-serial", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

        // Emotion and MusicMood with their names: no dependencies at all.
        .target(name: "MoodMusicVocabulary"),
        // Code generated from Protos/ by scripts/gen-protos, and nothing else.
        .target(name: "MoodMusicProtos", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        // The wire: envelopes, the contract table, status codes and errors, vocabulary <-> protos.
        .target(name: "MoodMusicWire", dependencies: [
            "MoodMusicVocabulary", "MoodMusicProtos", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        // Multipart-message sockets: the seam, ZeroMQ behind it, and an in-process twin for tests.
        .target(name: "MoodMusicTransport", dependencies: ["CZMQ"]),
        // What every process needs: clock, stop token, logging, the metrics endpoint.
        .target(name: "MoodMusicProcess", dependencies: [
            logging, .product(name: "Prometheus", package: "swift-prometheus"),
        ]),

        // The broker: a core that does no I/O, and the loop that feeds it.
        .target(name: "MoodMusicGateway", dependencies: [
            "MoodMusicWire", "MoodMusicProtos", "MoodMusicTransport", "MoodMusicProcess", logging,
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // The worker runtime and the handlers that wrap the compute modules.
        .target(name: "MoodMusicWorker", dependencies: [
            "MoodMusicWire", "MoodMusicProtos", "MoodMusicTransport", "MoodMusicProcess", "MoodMusicVocabulary",
            "MoodMusicVision", "MoodMusicRecommender", logging,
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),

        // Pure compute: no transport, no wire.
        .target(name: "MoodMusicVision", dependencies: ["MoodMusicVocabulary", "CTurboJPEG", "CSpng", "CHDF5", "COpenBLAS"]),
        .target(name: "MoodMusicRecommender", dependencies: ["MoodMusicVocabulary", "CZlib"]),

        // What a client needs, nothing more.
        .target(name: "MoodMusicClient", dependencies: ["MoodMusicWire", "MoodMusicProtos", "MoodMusicTransport", "MoodMusicVocabulary", "MoodMusicProcess"]),
        .target(name: "MoodMusicLoadGen", dependencies: [
            "MoodMusicProcess", "MoodMusicTransport", "MoodMusicWire",
            "MoodMusicClient", .product(name: "Histogram", package: "hdrhistogram-swift"),
        ]),
        // The HTTP/JSON bridge: routes, multipart, JSON mapping and the web page, over MoodMusicClient.
        .target(name: "MoodMusicHTTP", dependencies: [
            "MoodMusicClient", "MoodMusicWire", "MoodMusicProtos", "MoodMusicProcess", logging,
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        // Clusters for tests: in-process (gateway and workers on threads) and real processes.
        .target(name: "MoodMusicTesting", dependencies: [
            "MoodMusicClient", "MoodMusicGateway", "MoodMusicWorker", "MoodMusicTransport", "MoodMusicProcess", logging,
        ]),

        // Thin executables.
        .executableTarget(name: "gateway", dependencies: ["MoodMusicGateway", "MoodMusicProcess", argumentParser, logging]),
        .executableTarget(name: "worker", dependencies: ["MoodMusicWorker", "MoodMusicProcess", argumentParser, logging]),
        .executableTarget(name: "mmctl", dependencies: ["MoodMusicClient", "MoodMusicProcess", "MoodMusicTransport", "MoodMusicWire", argumentParser]),
        .executableTarget(name: "loadgen", dependencies: ["MoodMusicLoadGen", "MoodMusicClient", "MoodMusicProcess", "MoodMusicTransport", "MoodMusicWire", argumentParser]),
        .executableTarget(name: "http-gateway", dependencies: ["MoodMusicHTTP", "MoodMusicProcess", argumentParser, logging]),
        .executableTarget(name: "VisionTool", dependencies: ["MoodMusicVision", argumentParser]),
        .executableTarget(name: "RecommenderTool", dependencies: ["MoodMusicRecommender", argumentParser]),

        .testTarget(name: "MoodMusicVocabularyTests", dependencies: ["MoodMusicVocabulary", "MoodMusicWire", "MoodMusicProtos"]),
        .testTarget(name: "MoodMusicWireTests", dependencies: ["MoodMusicWire", "MoodMusicProtos", "MoodMusicTransport"]),
        .testTarget(name: "MoodMusicGatewayTests", dependencies: ["MoodMusicGateway", "MoodMusicWire", "MoodMusicProtos", "MoodMusicTransport"]),
        .testTarget(name: "MoodMusicVisionTests", dependencies: ["MoodMusicVision"], exclude: ["Fixtures"]),
        .testTarget(name: "MoodMusicRecommenderTests", dependencies: ["MoodMusicRecommender"]),
        .testTarget(name: "MoodMusicHTTPTests", dependencies: [
            "MoodMusicHTTP", "MoodMusicWire", "MoodMusicProtos", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        .testTarget(name: "IntegrationTests", dependencies: ["MoodMusicClient", "MoodMusicTesting", "MoodMusicProcess", "MoodMusicTransport", "MoodMusicWire"]),
    ]
)
