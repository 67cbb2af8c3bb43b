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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
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

        // Pure core.
        .target(
            name: "BallastModel",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),

        .target(
            name: "BallastAWSSigning",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),

        .target(
            name: "BallastSynth",
            dependencies: ["BallastModel", .product(name: "Yams", package: "Yams")]
        ),

        .target(
            name: "BallastPlan",
            dependencies: ["BallastModel", "BallastSynth"]
        ),

        .target(
            name: "BallastAWS",
            dependencies: ["CCurl", "BallastAWSSigning"]
        ),

        .target(
            name: "BallastGit",
            dependencies: ["CGit2", "BallastModel", .product(name: "Crypto", package: "swift-crypto")]
        ),

        // Generated desired states for tests and benchmarks.
        .target(
            name: "DesiredStateGenerator",
            dependencies: ["BallastModel"]
        ),

        // Executables.
        .executableTarget(
            name: "ballast",
            dependencies: [
                "BallastModel",
                "BallastSynth",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "ballast-bench",
            dependencies: [
                "BallastModel",
                "BallastSynth",
                "DesiredStateGenerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Tests.
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
            name: "BallastAWSSigningTests",
            dependencies: ["BallastAWSSigning"],
            exclude: ["botocore_sign.py"]
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
            name: "BallastAWSTests",
            dependencies: ["BallastAWS", "BallastAWSSigning"]
        ),
        .testTarget(
            name: "BallastGitTests",
            dependencies: ["BallastGit", "BallastModel"]
        ),
        .testTarget(
            name: "BallastCLITests",
            dependencies: ["BallastModel"]
        ),
    ]
)
