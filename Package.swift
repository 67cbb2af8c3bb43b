// swift-tools-version:6.1
import PackageDescription

/// Ballast: a GitOps reconciler for serverless AWS applications.
///
/// Pure targets (`BallastModel`, `BallastSynth`, `BallastPlan`) import Foundation and Yams at
/// most; adapters (`BallastGit`, `BallastAWS`, `BallastController`) touch the world; the
/// `ballast` executable is thin. See ../shared/DESIGN.md and STYLE.md.
let package = Package(
    name: "ballast",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ballast", targets: ["ballast"]),
        .executable(name: "ballast-bench", targets: ["ballast-bench"]),
        // For the libFuzzer executables of the package in Fuzz/, which depends on this one.
        .library(name: "BallastFuzzing", targets: ["BallastFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C libraries from Debian, found through pkg-config.
        .systemLibrary(
            name: "CGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // glibc's malloc.h (malloc_trim); part of the C library, nothing to install.
        .systemLibrary(name: "CMalloc"),

        // Pure core.
        .target(
            name: "BallastAWSSigning",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "BallastModel",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),

        .target(
            name: "BallastSynth",
            dependencies: ["BallastModel", .product(name: "Yams", package: "Yams")]
        ),

        .target(
            name: "BallastPlan",
            dependencies: ["BallastModel", "BallastSynth", .product(name: "Crypto", package: "swift-crypto")]
        ),

        // Generated desired states for tests and benchmarks.
        .target(
            name: "DesiredStateGenerator",
            dependencies: ["BallastModel"]
        ),

        // Adapters.
        .target(
            name: "BallastGit",
            dependencies: ["CGit2", "BallastModel", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // HTTP over libcurl, for AWS and for the GitHub and notification clients alike.
        .target(
            name: "BallastHTTP",
            dependencies: ["CCurl"]
        ),
        .target(
            name: "BallastAWS",
            dependencies: ["BallastHTTP", "BallastAWSSigning"]
        ),

        .target(
            name: "BallastController",
            dependencies: [
                "BallastModel",
                "BallastSynth",
                "BallastPlan",
                "BallastAWS", "BallastHTTP",
                "BallastGit",
                "CMalloc",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // Fuzz harnesses: each parser the outside world feeds, from bytes to a typed outcome.
        .target(
            name: "BallastFuzzing",
            dependencies: ["BallastModel", "BallastSynth", "BallastPlan", "BallastAWS", "BallastHTTP", "BallastController"]
        ),

        // Executables.
        .executableTarget(
            name: "ballast",
            dependencies: [
                "BallastModel",
                "BallastSynth",
                "BallastPlan",
                "BallastController",
                "BallastGit",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "ballast-bench",
            dependencies: [
                "BallastModel",
                "BallastSynth",
                "BallastPlan",
                "BallastAWS",
                "BallastAWSSigning",
                "BallastHTTP",
                "DesiredStateGenerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Tests.
        .testTarget(
            name: "BallastAWSSigningTests",
            dependencies: ["BallastAWSSigning"],
            exclude: ["botocore_sign.py"]
        ),
        .testTarget(
            name: "BallastAWSTests",
            dependencies: ["BallastAWS", "BallastHTTP", "BallastAWSSigning"]
        ),
        .testTarget(
            name: "BallastGitTests",
            dependencies: ["BallastGit", "BallastModel", "CMalloc"]
        ),
        .testTarget(
            name: "NativeLibrariesTests",
            dependencies: ["CGit2", "CCurl"]
        ),
        .testTarget(
            name: "BallastModelTests",
            dependencies: [
                "BallastModel",
                "DesiredStateGenerator",
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["Corpus"]
        ),
        .testTarget(
            name: "BallastSynthTests",
            dependencies: [
                "BallastModel",
                "BallastSynth",
                "DesiredStateGenerator",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Golden", "cfn-lint-warnings.txt"]
        ),
        .testTarget(
            name: "BallastPlanTests",
            dependencies: ["BallastModel", "BallastSynth", "BallastPlan", "DesiredStateGenerator"]
        ),
        .testTarget(
            name: "BallastControllerTests",
            dependencies: [
                "BallastController",
                "BallastAWS", "BallastHTTP",
                "BallastPlan",
                "BallastModel",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "BallastFuzzingTests",
            dependencies: ["BallastFuzzing"]
        ),
        .testTarget(
            name: "BallastCLITests",
            dependencies: ["BallastModel", "BallastSynth", "DesiredStateGenerator"]
        ),
    ]
)
