import ArgumentParser
import BallastController
import Foundation
import Logging

/// The log flags every command takes: `--log-level` (or `BALLAST_LOG_LEVEL`; the flag wins)
/// and `--log-format`. Logs go to standard error, so a result on standard output stays
/// parseable.
struct LogOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "trace, debug, info, notice, warning, error or critical (default: $BALLAST_LOG_LEVEL, then info).")
    var logLevel: String?

    @Option(name: .long, help: "text or json (one JSON object a line) for the log on standard error.")
    var logFormat: String?

    /// The environment variable read when `--log-level` is not given.
    static let levelVariable = "BALLAST_LOG_LEVEL"

    func validate() throws {
        _ = try level(environment: ProcessInfo.processInfo.environment)
        _ = try format()
    }

    /// The level: the flag, else the variable, else info.
    func level(environment: [String: String]) throws -> Logger.Level {
        let (text, source) =
            if let logLevel { (logLevel, "--log-level") } else if let variable = environment[Self.levelVariable] {
                (variable, Self.levelVariable)
            } else { ("info", "") }
        guard let level = Logger.Level(rawValue: text) else {
            let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("\(source) must be one of \(levels), found '\(text)'")
        }
        return level
    }

    /// The format: the flag, else text.
    func format() throws -> LogFormat {
        guard let logFormat else { return .text }
        guard let format = LogFormat(rawValue: logFormat) else {
            let formats = LogFormat.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--log-format must be one of \(formats), found '\(logFormat)'")
        }
        return format
    }

    /// Sends every logger of the process to standard error at the chosen level and format;
    /// `style` says how text lines begin. Returns the format.
    @discardableResult
    func bootstrap(style: LogLine.TextStyle) throws -> LogFormat {
        let level = try level(environment: ProcessInfo.processInfo.environment)
        let format = try format()
        LoggingSystem.bootstrap { label in
            LineLogHandler(label: label, format: format, style: style, level: level)
        }
        return format
    }
}

/// A command that takes the log flags; `Ballast.main` sets logging up from them before it runs.
protocol LoggingCommand {
    /// The command's log flags.
    var log: LogOptions { get }
    /// How its text log lines begin: `plain` for a command a person runs, `stamped` for the
    /// controller.
    static var logStyle: LogLine.TextStyle { get }
}

extension LoggingCommand {
    static var logStyle: LogLine.TextStyle { .plain }
}
