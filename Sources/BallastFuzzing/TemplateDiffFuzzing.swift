import BallastPlan
import BallastSynth
import Foundation

/// Fuzzes the template diff on templates as `GetTemplate` returns them: two JSON documents,
/// decoded as the live reader decodes them, diffed both ways and each against itself.
///
/// An input is the live template, a line `---`, and the desired template; without that line,
/// the input is diffed against an empty template.
public enum TemplateDiffFuzzing {
    /// The line between the two templates.
    static let separator = "---"

    /// Decodes and diffs the templates in `bytes`. A template diffed against itself must show
    /// no change; anything else is a bug the fuzzer reports as a crash.
    public static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        let (liveText, desiredText) = FuzzInputParts.split(bytes, atLine: separator)
        do {
            let live = try JSONDecoder().decode(JSONValue.self, from: Data(liveText))
            let desired = try JSONDecoder().decode(JSONValue.self, from: Data(desiredText ?? Array("{}".utf8)[...]))
            let forward = TemplateDiff.changes(from: live, to: desired)
            let backward = TemplateDiff.changes(from: desired, to: live)
            precondition(TemplateDiff.changes(from: live, to: live).isEmpty, "a template differs from itself")
            precondition(TemplateDiff.changes(from: desired, to: desired).isEmpty, "a template differs from itself")
            precondition(
                forward.map { $0.logicalId } == backward.map { $0.logicalId },
                "the diff's two directions name different resources")
            return .accepted("\(forward.count) resource changes")
        } catch {
            return .rejected("\(error)")
        }
    }
}
