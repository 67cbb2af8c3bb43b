import ArgumentParser
import BallastAWS
import BallastController
import BallastModel
import BallastPlan
import BallastSynth
import Foundation
import Logging

/// `ballast check FUNCTION --stage S [--version N]`: runs the handler's `checks:` against one
/// of its versions, as a rollout does before it moves any traffic, and prints one line each.
struct Check: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run a handler's checks against one of its versions.",
        discussion:
            "Invokes the version (never the alias) with each check's API Gateway request and compares the answer. Exit codes: 0 every check passed, 1 a check failed or an error (unknown function or stage, no checks, no such version)."
    )

    @OptionGroup var desiredOptions: DesiredOptions

    @Argument(help: "The handler (its name in functions/, e.g. orders).")
    var function: String

    @Option(name: .long, help: "The stage whose checks and function to use.")
    var stage: String

    @Option(
        name: .long,
        help: "The version to check (default: the version the alias live sends all traffic to).")
    var version: String?

    @OptionGroup(title: "Logging") var log: LogOptions

    func validate() throws {
        if let version, version.isEmpty || !version.allSatisfy(\.isNumber) {
            throw ValidationError("--version must be a published version number, such as 3, found '\(version)'")
        }
    }

    func run() async throws {
        let state = try await DesiredStateCommandSupport.load(desiredOptions)
        guard let stage = try StageSelection.select(stage, in: state).first else { return }
        let functions = state.functions(in: stage)
        guard let resolved = functions.first(where: { $0.name == function }) else {
            throw CommandFailure(
                "unknown function '\(function)' in stage \(stage.name); functions: \(functions.map(\.name).sorted().joined(separator: ", "))"
            )
        }
        guard !resolved.checks.isEmpty else {
            throw CommandFailure(
                "function '\(function)' has no checks in stage \(stage.name); add 'checks:' to its file")
        }
        let session = try AWSAccess.session()
        defer { session.shutdown() }
        let clients = try session.clients(region: stage.region)
        var logger = Logger(label: "ballast")
        logger[metadataKey: "application"] = "\(state.project)"
        logger[metadataKey: "stage"] = "\(stage.name)"
        let driver = RolloutDriver(lambda: clients.lambda, cloudWatch: clients.cloudWatch, log: logger)
        let functionName = Naming(project: state.project, stage: stage.name).functionName(function)
        let target = try await targetVersion(functionName, lambda: clients.lambda)
        let results = try await driver.runChecks(resolved, functionName: functionName, version: target)
        for result in results {
            if result.passed {
                print("pass  \(result.name): got \(result.answer) (expected \(result.expected))")
            } else {
                print(
                    "FAIL  \(result.name): \(result.failure ?? "failed"); got \(result.answer) (expected \(result.expected))"
                )
            }
        }
        let failed = results.filter { !$0.passed }.count
        print(
            "\(functionName) version \(target): \(results.count - failed) of \(results.count) check\(results.count == 1 ? "" : "s") passed"
        )
        if failed > 0 { throw ExitCode.failure }
    }

    /// `--version`, checked to exist, or the version `live` sends all traffic to.
    func targetVersion(_ functionName: String, lambda: BallastAWS.Lambda) async throws -> String {
        if let version {
            guard try await lambda.getFunctionConfiguration(functionName, qualifier: version) != nil else {
                throw CommandFailure("\(functionName) has no version \(version)")
            }
            return version
        }
        guard let alias = try await lambda.getAlias(functionName: functionName, name: Naming.liveAlias) else {
            throw CommandFailure("\(functionName) has no alias live; name a version with --version")
        }
        if let (other, weight) = alias.additionalVersionWeights.first, weight > 0 {
            throw CommandFailure(
                "live splits traffic between version \(alias.functionVersion) and version \(other) (\(Int((weight * 100).rounded()))%); name one with --version"
            )
        }
        return alias.functionVersion
    }
}
