import BallastGit
import BallastPlan
import Foundation

/// The Git note Ballast keeps on a commit under `refs/notes/ballast`: one line per stage, so two
/// stages deploying the same commit do not overwrite each other's line.
///
///     stage=prod phase=synced applied=yes time=2026-11-26T10:00:00Z Plan: 0 to add, 1 to change, …
///
/// `applied=yes` marks the line written after the commit was applied to the stage; a restarted
/// controller reads the newest such line back as the stage's last applied commit
/// (``lastApplied(stage:application:in:)``).
///
/// A controller of an `applications:` list names the application first, so two applications
/// deploying one commit (of one repository) keep their own lines:
///
///     application=shop stage=prod phase=synced applied=yes time=… …
///
/// The single form (`git.remote`) writes its lines without it, as before.
enum StatusNote {
    /// `existing` with the line of `status`'s stage (of `application`, nil for the single form)
    /// replaced (or added), lines sorted.
    static func merge(_ existing: String?, with status: StageStatus, applied: Bool, application: String? = nil)
        -> String
    {
        let prefix = Self.prefix(application) + "stage=\(status.stage) "
        var lines = (existing ?? "").split(whereSeparator: \.isNewline).map(String.init).filter {
            !$0.hasPrefix(prefix) && ($0.hasPrefix("stage=") || $0.hasPrefix("application="))
        }
        lines.append(line(for: status, applied: applied, application: application))
        return lines.sorted().joined(separator: "\n") + "\n"
    }

    /// One stage's line.
    static func line(for status: StageStatus, applied: Bool, application: String? = nil) -> String {
        let time = Date.ISO8601FormatStyle(timeZone: .gmt).format(status.time)
        let detail = [status.message, status.planSummary.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
        let mark = applied ? " applied=yes" : ""
        return
            "\(prefix(application))stage=\(status.stage) phase=\(status.phase.rawValue)\(mark) time=\(time) \(detail)"
            .replacingOccurrences(of: "\n", with: " ")
    }

    private static func prefix(_ application: String?) -> String {
        application.map { "application=\($0) " } ?? ""
    }

    /// The commit whose note says, with the newest time, that it was applied to `stage` (of
    /// `application`, nil for the single form's lines); nil when no note says so.
    static func lastApplied(stage: String, application: String? = nil, in notes: [GitNote]) -> CommitID? {
        let prefix = Self.prefix(application)
        var newest: (time: String, commit: CommitID)?
        for note in notes {
            for line in note.text.split(whereSeparator: \.isNewline) where line.hasPrefix(prefix) {
                // stage=S phase=P applied=yes time=T …: the fields before the free text only.
                let fields = line.dropFirst(prefix.count).split(separator: " ", maxSplits: 4)
                guard fields.count >= 4, fields[0] == "stage=\(stage)", fields[2] == "applied=yes",
                    fields[3].hasPrefix("time=")
                else { continue }
                let time = String(fields[3].dropFirst("time=".count))
                // ISO 8601 times in UTC with a fixed width sort as text.
                if newest.map({ time > $0.time }) ?? true {
                    newest = (time, note.commit)
                }
            }
        }
        return newest?.commit
    }
}
