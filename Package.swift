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
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
        // Tracing: OTLP/HTTP only, so grpc is not built.
        .package(url: "https://github.com/swift-otel/swift-otel", exact: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/apple/swift-distributed-tracing", exact: "1.7.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
    ],
    targets: [
        // C libraries, through the system's packages.
        .systemLibrary(name: "CZMQ", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CSpng", pkgConfig: "spng", providers: [.apt(["libspng-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5-serial", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(name: "CMimalloc", providers: [.apt(["libmimalloc-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CFFmpeg", pkgConfig: "libavformat",
                       providers: [.apt(["libavformat-dev", "libavcodec-dev", "libswscale-dev", "libavutil-dev"])]),

        // SHA-256 for PKCE, weight pins and generated-code stamps: no dependencies.
        .target(name: "MoodMusicDigest"),
        // Emotion and MusicMood with their names: no dependencies at all.
        .target(name: "MoodMusicVocabulary"),
        // Code generated from Protos/ by scripts/gen-protos, and nothing else.
        .target(name: "MoodMusicProtos", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        // Code generated from the pinned onnx wheel's onnx.proto by scripts/gen-protos, and nothing else.
        .target(name: "MoodMusicONNXProtos", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        // The wire: envelopes, the contract table, status codes and errors, vocabulary <-> protos.
        .target(name: "MoodMusicWire", dependencies: [
            "MoodMusicVocabulary", "MoodMusicProtos", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        // Multipart-message sockets: the seam, ZeroMQ behind it, and an in-process twin for tests.
        .target(name: "MoodMusicTransport", dependencies: ["CZMQ"]),
        // What every process needs: clock, stop token, logging.
        .target(name: "MoodMusicProcess", dependencies: [
            "CMalloc", logging, .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // The /metrics and /healthz endpoint of the gateway and workers, on SwiftNIO (kept out of clients).
        .target(name: "MoodMusicMetricsHTTP", dependencies: [
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),

        // Span export: the span records the gateway, workers and bridge make, sent over OTLP/HTTP by swift-otel.
        .target(name: "MoodMusicTracing", dependencies: [
            "MoodMusicWire", "MoodMusicProcess", logging, .product(name: "OTel", package: "swift-otel"),
            .product(name: "Tracing", package: "swift-distributed-tracing"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),

        // The broker: a core that does no I/O, and the loop that feeds it.
        .target(name: "MoodMusicGateway", dependencies: [
            "MoodMusicWire", "MoodMusicProtos", "MoodMusicTransport", "MoodMusicProcess", "MoodMusicVocabulary", logging,
            "MoodMusicVideo", "MoodMusicVision",
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // The worker runtime and the handlers that wrap the compute modules.
        .target(name: "MoodMusicWorker", dependencies: [
            "MoodMusicWire", "MoodMusicProtos", "MoodMusicTransport", "MoodMusicProcess", "MoodMusicVocabulary",
            "MoodMusicVision", "MoodMusicRecommender", "MoodMusicSpotify", "MoodMusicVideo", "MoodMusicClient", logging,
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),

        // Pure compute: no transport, no wire.
        // Optimised even in debug builds: unoptimised SIMD loops made one BlazeFace pass take seconds, too slow
        // for the worker in the integration tests and for the parity tests.
        // SIMD kernels in C: per-function target attributes with a run-time CPU check give AVX where the CPU has
        // it without building the whole package for one CPU.
        .target(name: "CVisionKernels", cSettings: [.unsafeFlags(["-O2"])]),
        .target(name: "MoodMusicVision", dependencies: [
            "MoodMusicVocabulary", "MoodMusicDigest", "CTurboJPEG", "CSpng", "CHDF5", "COpenBLAS", "MoodMusicONNXProtos", "CVisionKernels",
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ], swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "MoodMusicRecommender", dependencies: ["MoodMusicVocabulary", "CZlib"]),
        // Video: FFmpeg decoding from memory, face tracks and emotions over time, their protos and renderings.
        .target(name: "MoodMusicVideo", dependencies: [
            "CFFmpeg", "CTurboJPEG", "MoodMusicVision", "MoodMusicVocabulary", "MoodMusicProtos", "MoodMusicWire",
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        // The Spotify Web API: playlist items to read, playlists to write, sign-in. Decisions are pure code.
        .target(name: "MoodMusicSpotify", dependencies: [
            "MoodMusicDigest",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),

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
            "MoodMusicClient", "MoodMusicGateway", "MoodMusicWorker", "MoodMusicTransport", "MoodMusicProcess", "MoodMusicWire", logging,
            "MoodMusicSpotify",
        ]),

        // Thin executables.
        .executableTarget(name: "gateway", dependencies: ["MoodMusicGateway", "MoodMusicProcess", "CMimalloc", "MoodMusicMetricsHTTP", "MoodMusicTracing", argumentParser, logging]),
        .executableTarget(name: "worker", dependencies: ["MoodMusicWorker", "MoodMusicProcess", "CMimalloc", "MoodMusicMetricsHTTP", "MoodMusicTracing", argumentParser, logging]),
        .executableTarget(name: "mmctl", dependencies: ["MoodMusicClient", "MoodMusicProcess", "MoodMusicTransport", "MoodMusicWire", "MoodMusicSpotify", "MoodMusicVideo", argumentParser]),
        .executableTarget(name: "loadgen", dependencies: ["MoodMusicLoadGen", "MoodMusicClient", "MoodMusicProcess", "MoodMusicTransport", "MoodMusicWire", argumentParser]),
        .executableTarget(name: "http-gateway", dependencies: ["MoodMusicHTTP", "MoodMusicProcess", "MoodMusicTracing", argumentParser, logging]),
        .executableTarget(name: "VisionTool", dependencies: ["MoodMusicVision", "MoodMusicVideo", argumentParser]),
        .executableTarget(name: "RecommenderTool", dependencies: ["MoodMusicRecommender", "MoodMusicVocabulary", argumentParser]),

        .testTarget(name: "MoodMusicVocabularyTests", dependencies: ["MoodMusicVocabulary", "MoodMusicWire", "MoodMusicProtos"]),
        .testTarget(name: "MoodMusicWireTests", dependencies: ["MoodMusicWire", "MoodMusicProtos", "MoodMusicTransport", "MoodMusicDigest",
                                                          .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .testTarget(name: "MoodMusicMetricsHTTPTests", dependencies: ["MoodMusicMetricsHTTP", "MoodMusicTesting"]),
        .testTarget(name: "MoodMusicWorkerTests", dependencies: [
            "MoodMusicWorker", "MoodMusicTesting", "MoodMusicClient", "MoodMusicWire", "MoodMusicProtos", "MoodMusicProcess", logging,
            "MoodMusicRecommender", "MoodMusicVocabulary", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        .testTarget(name: "MoodMusicTransportTests", dependencies: ["MoodMusicTransport"]),
        .testTarget(name: "MoodMusicTestingTests", dependencies: ["MoodMusicTesting", "MoodMusicClient", "MoodMusicWorker"]),
        .testTarget(name: "MoodMusicGatewayTests", dependencies: ["MoodMusicGateway", "MoodMusicWire", "MoodMusicProtos", "MoodMusicTransport", "MoodMusicVocabulary"]),
        .testTarget(name: "MoodMusicVisionTests", dependencies: ["MoodMusicVision", "MoodMusicONNXProtos", "MoodMusicDigest", "CVisionKernels"], exclude: ["Fixtures"]),
        .testTarget(name: "MoodMusicVideoTests", dependencies: [
            "MoodMusicVideo", "MoodMusicVision", "MoodMusicVocabulary", "MoodMusicProtos",
            "MoodMusicClient", "MoodMusicTesting", "MoodMusicWire",
        ]),
        .testTarget(name: "MoodMusicRecommenderTests", dependencies: ["MoodMusicRecommender"]),
        .testTarget(name: "MoodMusicSpotifyTests", dependencies: [
            "MoodMusicSpotify", "MoodMusicDigest", "MoodMusicTesting", "MoodMusicClient", "MoodMusicWire", "MoodMusicProtos",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .testTarget(name: "MoodMusicHTTPTests", dependencies: [
            "MoodMusicHTTP", "MoodMusicWire", "MoodMusicProtos", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        .testTarget(name: "MoodMusicTracingTests", dependencies: ["MoodMusicTracing", "MoodMusicWire", logging]),
        .testTarget(name: "IntegrationTests", dependencies: ["MoodMusicClient", "MoodMusicTesting", "MoodMusicProcess", "MoodMusicTransport", "MoodMusicWire"]),
    ]
)
