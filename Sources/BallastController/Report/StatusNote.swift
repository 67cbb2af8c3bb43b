import BallastPlan
import Foundation

/// The Git note Ballast keeps on a commit under `refs/notes/ballast`: one line per stage, so two
/// stages deploying the same commit do not overwrite each other's line.
///
///     stage=prod phase=synced time=2026-11-26T10:00:00Z Plan: 0 to add, 1 to change, …
enum StatusNote {
    /// `existing` with the line of `status`'s stage replaced (or added), lines sorted by stage.
    static func merge(_ existing: String?, with status: StageStatus) -> String {
        let prefix = "stage=\(status.stage) "
        var lines = (existing ?? "").split(whereSeparator: \.isNewline).map(String.init).filter {
            !$0.hasPrefix(prefix) && $0.hasPrefix("stage=")
        }
        lines.append(line(for: status))
        return lines.sorted().joined(separator: "\n") + "\n"
    }

    /// One stage's line.
    static func line(for status: StageStatus) -> String {
        let time = Date.ISO8601FormatStyle(timeZone: .gmt).format(status.time)
        let detail = [status.message, status.planSummary.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
        return "stage=\(status.stage) phase=\(status.phase.rawValue) time=\(time) \(detail)"
            .replacingOccurrences(of: "\n", with: " ")
    }
}
