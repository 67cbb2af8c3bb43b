import BallastModel
import BallastPlan
import BallastSynth
import Foundation
import Testing

/// `ballast diff --output markdown`: a pull-request comment that puts what cannot be undone
/// first, folds long plans, stays within GitHub's limit and lets nothing from Git or AWS act.
@Suite("plan as Markdown")
struct PlanMarkdownTests {
    /// A plan of prod with the given stacks (the refusals follow from them).
    static func plan(_ stacks: [StackChange], drift: [AlarmDrift] = []) throws -> StagePlan {
        let state = try DesiredStateLoader.load(DesiredTree(files: try StageDiffTests.exampleFiles()))
        let stage = try #require(state.stage(named: "prod"))
        return StagePlan(stage: stage, state: state, stacks: stacks, rollouts: [], alarmDrift: drift)
    }

    static func stack(_ name: String, action: StackChange.Action = .update, _ resources: [ResourceChange])
        -> StackChange
    {
        StackChange(
            name: name, kind: nil, action: action, resources: resources, parameterChanges: [:], tagChanges: [:],
            terminationProtectionChange: nil)
    }

    static func memory(_ id: String, from old: Int = 256, to new: Int = 384) -> ResourceChange {
        ResourceChange(
            logicalId: id, type: "AWS::Lambda::Function", action: .modify,
            properties: [
                PropertyChange(path: "Properties.MemorySize", old: .integer(old), new: .integer(new))
            ])
    }

    static let mixed: [StackChange] = [
        stack("shop-prod-compute", [memory("OrdersFunction")]),
        stack(
            "shop-prod-network",
            [
                ResourceChange(
                    logicalId: "Vpc", type: "AWS::EC2::VPC", action: .modify, replacement: true,
                    properties: [
                        PropertyChange(
                            path: "Properties.CidrBlock", old: .string("10.20.0.0/16"), new: .string("10.21.0.0/16"),
                            causesReplacement: true)
                    ])
            ]),
        stack(
            "shop-prod-database",
            [ResourceChange(logicalId: "MainInstance", type: "AWS::RDS::DBInstance", action: .remove, losesData: true)]),
    ]

    @Test("the summary line first, then data loss, then replacements, then the other changes")
    func order() throws {
        let text = PlanMarkdown().render([try Self.plan(Self.mixed)])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("**Ballast Plan: 0 to add, 1 to change, 1 to replace, 1 to delete") == true)
        #expect(lines.first?.contains("**DATA LOSS** in stage prod") == true)
        let loss = try #require(lines.firstIndex { $0.hasPrefix("- **DATA LOSS** MainInstance") })
        let replace = try #require(lines.firstIndex { $0.hasPrefix("- **replace** Vpc") })
        let update = try #require(lines.firstIndex { $0.hasPrefix("- **update** stack shop\\-prod\\-compute") })
        #expect(loss < replace && replace < update, "\(text)")
        #expect(lines[replace].contains("forced by Properties\\.CidrBlock"))
        #expect(text.contains("- **refused:** shop\\-prod\\-database\\: would delete MainInstance"))
        #expect(text.contains("  - Properties\\.MemorySize: 256 → 384"))
        #expect(!text.contains("<details>"), "a short plan is not folded")
    }

    @Test("a long plan's details are folded under <details>, the headline items stay visible")
    func folded() throws {
        let functions = (0..<30).map { Self.memory("Function\($0)") }
        let text = PlanMarkdown().render([try Self.plan([Self.stack("shop-prod-compute", functions)])])
        let open = try #require(text.range(of: "\n<details><summary>60 changed resources and properties</summary>\n\n"))
        let close = try #require(text.range(of: "\n</details>"))
        #expect(open.upperBound < close.lowerBound)
        #expect(text[..<open.lowerBound].contains("- **update** stack shop\\-prod\\-compute (30 changed)"))
        #expect(text[open.upperBound..<close.lowerBound].contains("Function29 (AWS\\:\\:Lambda\\:\\:Function)"))
    }

    @Test("in sync: the stage says so")
    func inSync() throws {
        let text = PlanMarkdown().render([try Self.plan([Self.stack("shop-prod-compute", action: .unchanged, [])])])
        #expect(text.contains("### Stage prod (eu\\-central\\-1): Plan: 0 to add"))
        #expect(text.contains("No changes. AWS matches the desired state."))
    }

    @Test("a plan too long for one comment is cut to the limit, <details> closed, with a note of what was cut")
    func cutToLimit() throws {
        let functions = (0..<3000).map { Self.memory("Function\($0)WithAVeryLongLogicalIdentifier") }
        let plan = try Self.plan([Self.stack("shop-prod-compute", functions)])
        let text = PlanMarkdown().render([plan, plan])
        #expect(text.utf8.count <= PlanMarkdown.gitHubCommentLimit)
        #expect(text.utf8.count > PlanMarkdown.gitHubCommentLimit - 1000, "the room is used")
        #expect(text.hasPrefix("**Ballast Plan: 0 to add, 6000 to change"))
        let note = try #require(text.split(separator: "\n").last)
        #expect(note.hasPrefix("_Cut: ") && note.contains("more lines of the plan"), "\(note)")
        #expect(
            text.components(separatedBy: "<details>").count == text.components(separatedBy: "</details>").count,
            "every <details> opened is closed")
        // Everything before the cut is whole lines of the uncut comment.
        let uncut = PlanMarkdown(limit: .max).render([plan, plan])
        let kept = text.split(separator: "\n").dropLast().filter { $0 != "</details>" }
        #expect(kept.allSatisfy { uncut.contains($0) })
        #expect(!uncut.contains("_Cut: "))
    }

    @Test(
        "a <script> in a resource name, a property or an alarm is inert",
        arguments: [
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</details><script>x</script>",
            "[click](javascript:alert(1))", "`code` *bold* @someone #1",
        ])
    func hostile(_ payload: String) throws {
        let plan = try Self.plan(
            [
                Self.stack(
                    "shop-prod-compute",
                    [
                        ResourceChange(
                            logicalId: payload, type: "AWS::Lambda::Function", action: .modify, replacement: true,
                            losesData: true,
                            properties: [
                                PropertyChange(
                                    path: "Properties.\(payload)", old: .string(payload), new: .string("x"),
                                    causesReplacement: true)
                            ])
                    ] + (0..<20).map { Self.memory("F\($0)") })
            ], drift: [AlarmDrift(name: payload, differences: [payload])])
        let text = PlanMarkdown().render([plan])
        for tag in ["<script", "<img", "</details><", "](javascript", "`code`", "*bold*", " @someone", " #1"] {
            #expect(!text.contains(tag), "\(tag) came through: \(text)")
        }
        // The only tags are the renderer's own.
        let tags = text.matches(of: /<[^>]*>/).map { String($0.output) }
        #expect(Set(tags).isSubset(of: ["<details>", "<summary>", "</summary>", "</details>"]), "\(Set(tags))")
    }

    @Test("escaping: HTML's characters as entities, Markdown's punctuation backslashed, lines joined")
    func escape() {
        #expect(MarkdownText.escape("a<b>&\"c\"") == "a&lt;b&gt;&amp;&quot;c&quot;")
        #expect(MarkdownText.escape("*x*_y_[z](u)") == #"\*x\*\_y\_\[z\]\(u\)"#)
        #expect(MarkdownText.escape("one\ntwo\u{7}") == "one two")
        #expect(MarkdownText.escape("Grüße → 10%") == #"Grüße → 10\%"#)
    }
}
