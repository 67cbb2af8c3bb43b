// swift-tools-version:6.1
import PackageDescription

/// The libFuzzer executable of Ballast, in a package of its own so that the main package's
/// `swift build` and `swift test` never build it: it links only with `-sanitize=fuzzer`, which
/// supplies `main`. `Fuzz/run` builds and runs it; the harnesses it calls are the main
/// package's `BallastFuzzing` target, which the ordinary tests run on the corpus.
let package = Package(
    name: "ballast-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "ballast", path: "..")
    ],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "ballast-fuzz",
            dependencies: ["CFuzzerDriver", .product(name: "BallastFuzzing", package: "ballast")]
        ),
    ]
)
