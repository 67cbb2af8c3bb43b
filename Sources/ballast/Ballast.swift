import ArgumentParser
import BallastController
import Foundation
import Logging

/// The `ballast` command line: thin wrappers over the library targets.
@main
struct Ballast: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ballast",
        abstract: "A GitOps reconciler for serverless AWS applications.",
        discussion: "Reads the desired state from desired/ (or --desired DIR) and makes AWS match it.",
        subcommands: [
            Validate.self, Synth.self, Diff.self, Reconcile.self, Status.self, Run.self, Approve.self, Promote.self,
            Abort.self, Check.self,
        ]
    )

    /// Runs the command line as ArgumentParser does, except that a usage mistake (an unknown
    /// option, a missing value, a failed validation) exits 1 as the README promises, not
    /// ArgumentParser's `EX_USAGE` (64); logging is set up from the command's log flags first,
    /// and with `--log-format json` the error that ends the command is a JSON line too (an
    /// invalid desired state: one JSON line per error).
    static func main() async {
        var logFormat: LogFormat?
        do {
            var command = try parseAsRoot()
            logFormat = try setUpLogging(for: command)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as DesiredStateFailure {
            failure.report(format: logFormat ?? .text)
            exit(withError: ExitCode.failure)
        } catch {
            let code = exitCode(for: error)
            if logFormat == .json, !code.isSuccess, !(error is ExitCode) {
                Logger(label: "ballast").error("\(message(for: error))")
                exit(withError: code == .validationFailure ? ExitCode.failure : code)
            }
            // Help and other clean exits print as ArgumentParser does. An error is written here
            // in one write: ArgumentParser writes it with one putc per byte, which a log line
            // of a task still shutting down could split.
            guard !code.isSuccess, !(error is ExitCode) else { exit(withError: error) }
            let text = fullMessage(for: error)
            if !text.isEmpty { FileHandle.standardError.write(Data((text + "\n").utf8)) }
            exit(withError: code == .validationFailure ? ExitCode.failure : code)
        }
    }

    /// Sets logging up from the command's log flags; the format chosen, nil for a command
    /// without them.
    static func setUpLogging(for command: any ParsableCommand) throws -> LogFormat? {
        guard let logging = command as? any LoggingCommand else { return nil }
        return try logging.log.bootstrap(style: type(of: logging).logStyle)
    }
}

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// Options every command that reads the desired state shares.
struct DesiredOptions: ParsableArguments {
    @Option(name: .long, help: "The desired-state folder.")
    var desired: String = "desired"

    @Option(name: .long, help: "Read desired/ from this Git repository (https://, ssh://, git://, file:// or a path).")
    var repo: String?

    @Option(name: .long, help: "The branch to read with --repo; its stages are the default selection.")
    var branch: String?

    func validate() throws {
        if repo != nil, branch == nil { throw ValidationError("--repo needs --branch") }
        if branch != nil, repo == nil { throw ValidationError("--branch needs --repo") }
    }
}
