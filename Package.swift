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
        // C libraries from Debian: the headers of libgit2 (libgit2-dev) and libcurl
        // (libcurl4-openssl-dev). Neither is linked: CLazyLibraries defines the functions Ballast
        // calls and opens each library on first use, so the commands that need neither (validate,
        // synth, --help) start without loading them and their 40 dependencies.
        .systemLibrary(name: "CGit2"),
        .systemLibrary(name: "CCurl"),
        .target(name: "CLazyLibraries", exclude: ["generate.py"]),
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

        // controller/config.yaml: the controller's settings, read with BallastModel's located YAML.
        .target(
            name: "BallastControllerConfig",
            dependencies: ["BallastModel"]
        ),

        .target(
            name: "BallastSynth",
            dependencies: ["BallastModel", .product(name: "Yams", package: "Yams")]
        ),

        .target(
            name: "BallastPlan",
            dependencies: [
                "BallastModel", "BallastControllerConfig", "BallastSynth",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // Generated desired states for tests and benchmarks.
        .target(
            name: "DesiredStateGenerator",
            dependencies: ["BallastModel"]
        ),

        // Adapters.
        .target(
            name: "BallastGit",
            dependencies: [
                "CGit2", "CLazyLibraries", "BallastModel", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // HTTP over libcurl, for AWS and for the GitHub and notification clients alike.
        .target(
            name: "BallastHTTP",
            dependencies: ["CCurl", "CLazyLibraries"]
        ),
        .target(
            name: "BallastAWS",
            dependencies: ["BallastHTTP", "BallastAWSSigning"]
        ),

        .target(
            name: "BallastController",
            dependencies: [
                "BallastModel",
                "BallastControllerConfig",
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
            dependencies: [
                "BallastModel", "BallastSynth", "BallastPlan", "BallastAWS", "BallastHTTP", "BallastController",
            ]
        ),

        // Child processes for the tests and the benchmark: one posix_spawn launcher (an empty
        // signal mask, a reaper thread), the loopback peers, the controller process. Not under
        // Tests/BallastTestSupport because ballast-bench uses it, and that target imports Swift
        // Testing (for the emulator's suite trait), which a release executable must not link.
        .target(name: "BallastChildProcess"),

        // Executables.
        .executableTarget(
            name: "ballast",
            dependencies: [
                "BallastModel",
                "BallastControllerConfig",
                "BallastSynth",
                "BallastPlan",
                "BallastController",
                "BallastGit",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // Swift links executables with --export-dynamic: every symbol of Ballast's own code
            // (36,000) in the dynamic table. Nothing looks them up, and at every start the runtime's
            // dladdr (the path of its own image) walks them all: 0.4 ms of a 14 ms `ballast synth`.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"])]
        ),
        .executableTarget(
            name: "ballast-bench",
            dependencies: [
                "BallastModel",
                "BallastControllerConfig",
                "BallastSynth",
                "BallastPlan",
                "BallastAWS",
                "BallastAWSSigning",
                "BallastHTTP",
                "DesiredStateGenerator",
                "BallastChildProcess",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Tests.
        // What the test targets share: the launcher (re-exported), the emulator's suite trait,
        // the ballast executable, a temporary directory, a seeded generator.
        .target(
            name: "BallastTestSupport",
            dependencies: ["BallastChildProcess"],
            path: "Tests/BallastTestSupport"
        ),
        .testTarget(
            name: "BallastChildProcessTests",
            dependencies: ["BallastChildProcess"]
        ),
        .testTarget(
            name: "BallastAWSSigningTests",
            dependencies: ["BallastAWSSigning", "BallastTestSupport"],
            exclude: ["botocore_sign.py"]
        ),
        .testTarget(
            name: "BallastAWSTests",
            dependencies: ["BallastAWS", "BallastHTTP", "BallastAWSSigning", "BallastTestSupport"]
        ),
        .testTarget(
            name: "BallastGitTests",
            dependencies: ["BallastGit", "BallastModel", "BallastControllerConfig", "BallastTestSupport", "CMalloc"]
        ),
        .testTarget(
            name: "NativeLibrariesTests",
            dependencies: ["CGit2", "CCurl", "CLazyLibraries"]
        ),
        .testTarget(
            name: "BallastModelTests",
            dependencies: [
                "BallastModel",
                "DesiredStateGenerator",
                "BallastTestSupport",
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["Corpus"]
        ),
        .testTarget(
            name: "BallastControllerConfigTests",
            dependencies: ["BallastControllerConfig", "BallastModel"]
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
            dependencies: [
                "BallastModel", "BallastControllerConfig", "BallastSynth", "BallastPlan", "DesiredStateGenerator",
            ]
        ),
        .testTarget(
            name: "BallastControllerTests",
            dependencies: [
                "BallastController",
                "BallastAWS", "BallastHTTP",
                "BallastPlan",
                "BallastModel",
                "BallastSynth",
                "BallastControllerConfig",
                "BallastTestSupport",
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
            dependencies: [
                "BallastModel", "BallastControllerConfig", "BallastSynth", "DesiredStateGenerator",
                "BallastTestSupport",
            ]
        ),
    ]
)
