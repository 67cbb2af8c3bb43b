import BallastController
import BallastModel
import Foundation
import Logging

/// The desired state did not load. `Ballast.main` reports it after the command ends: with
/// `--log-format text` as one `file:line:column: message` line per error on standard error,
/// with `--log-format json` as one error event per line (`file`, `line`, `column` as fields),
/// so a log collector that reads JSON lines never meets a plain line. Exit 1 either way.
struct DesiredStateFailure: Error {
    /// The problems, in file and position order.
    let errors: [DesiredStateError]
    /// How the desired state's root is named in messages (a folder, or `repo@branch:desired`).
    let root: String
    /// Whether a closing `N errors in ROOT` line follows the errors in text (what `validate` prints).
    var counted = false

    /// Writes the errors in `format` to standard error.
    func report(format: LogFormat) {
        switch format {
        case .text:
            var lines = errors.map { $0.located(under: root) }
            if counted { lines.append("\(errors.count) error\(errors.count == 1 ? "" : "s") in \(root)") }
            FileHandle.standardError.write(Data(lines.map { $0 + "\n" }.joined().utf8))
        case .json:
            let logger = Logger(label: "ballast")
            let prefix = root.isEmpty || root == "." ? "" : (root.hasSuffix("/") ? root : root + "/")
            for problem in errors {
                var metadata: Logger.Metadata = ["file": "\(prefix)\(problem.file)"]
                if problem.line > 0 {
                    metadata["line"] = "\(problem.line)"
                    metadata["column"] = "\(problem.column)"
                }
                logger.error("\(problem.message)", metadata: metadata)
            }
        }
    }
}
