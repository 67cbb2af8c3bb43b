import ArgumentParser
import Foundation

/// The comparison with the AWS CDK: `synth-cdk-example` synthesizes the same application as
/// `desired/`, written with the CDK for Python (`Benchmarks/cdk-app/app.py`), as a user runs it
/// (`python app.py OUTDIR`, Node.js started by jsii), and `run` prints its ratio to Ballast's.
enum CDKComparison {
    /// The Python interpreter that has `aws-cdk-lib` (`.ci/install-cdk` makes `.build-cdk-venv/bin/python`).
    static var python: String { ProcessInfo.processInfo.environment["BALLAST_CDK_PYTHON"] ?? "python3" }

    /// The CDK app, found from the working directory (the repository root).
    static var app: String { FileManager.default.currentDirectoryPath + "/Benchmarks/cdk-app/app.py" }

    /// The CDK is slow (seconds per synth): at most this many repetitions in `run`.
    static let maximumRepetitions = 3

    /// Whether `python` can import `aws_cdk` (checked without importing it, which starts Node.js).
    static func isAvailable() -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            python, "-c", "import importlib.util, sys; sys.exit(importlib.util.find_spec('aws_cdk') is None)",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static var unavailableNote: String {
        "ballast-bench: skipped synth-cdk-example: \(python) has no aws-cdk-lib "
            + "(run .ci/install-cdk, then set BALLAST_CDK_PYTHON=.build-cdk-venv/bin/python)\n"
    }

    /// One synth of the CDK app into `out`; its stderr (a Node.js version banner, or the error)
    /// is shown only when it fails.
    static func synthesize(into out: String) throws {
        let log = FileManager.default.temporaryDirectory
            .appendingPathComponent("ballast-bench-cdk-\(ProcessInfo.processInfo.processIdentifier).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        // Started and waited for as `ballast synth` is (`DirectSpawn`), so both are timed alike.
        let status = try DirectSpawn.run(python, [app, out], errorsPath: log.path)
        guard status == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            FileHandle.standardError.write(Data("synth-cdk-example failed:\n\(text.suffix(4000))\n".utf8))
            throw ExitCode(status)
        }
    }
}
