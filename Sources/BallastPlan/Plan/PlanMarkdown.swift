import BallastSynth

/// Renders plans as a GitHub pull-request comment: a summary line, then per stage what loses
/// data and what is replaced first, the other changes, and the property-level detail (folded
/// under `<details>` when long); the whole within GitHub's comment limit, with a note of what
/// was cut. Everything taken from Git or AWS is escaped (`MarkdownText`).
public struct PlanMarkdown: Sendable {
    /// GitHub's limit on a comment body, in characters.
    public static let gitHubCommentLimit = 65_536

    /// The most characters (counted as UTF-8 bytes, never fewer than GitHub's count) the
    /// comment may hold.
    public var limit: Int
    /// A stage's detail lines beyond this many are folded under `<details>`.
    public var foldAfter: Int

    /// A renderer.
    public init(limit: Int = PlanMarkdown.gitHubCommentLimit, foldAfter: Int = 10) {
        self.limit = limit
        self.foldAfter = foldAfter
    }

    /// The comment.
    public func render(_ plans: [StagePlan]) -> String {
        var blocks = [Block.text(summary(plans))]
        for plan in plans {
            blocks += stage(plan)
        }
        return fit(blocks)
    }

    /// A piece of the comment, kept or cut whole.
    enum Block: Equatable {
        /// Text that counts as one line of the plan.
        case text(String)
        /// `<details>` with its summary, opened.
        case open(String)
        /// The end of the `<details>` opened last.
        case close
    }

    func summary(_ plans: [StagePlan]) -> String {
        let total = plans.map(\.summary).reduce(PlanSummary(), +)
        var line = "**Ballast \(total.line)**"
        let losing = plans.filter { $0.stacks.contains(where: \.losesData) }.map(\.stage)
        if !losing.isEmpty {
            line +=
                " · **DATA LOSS** in stage\(losing.count == 1 ? "" : "s") "
                + losing.map(MarkdownText.escape).joined(separator: ", ")
        }
        let refused = plans.filter { !$0.refusals.isEmpty }.map(\.stage)
        if !refused.isEmpty {
            line +=
                " · **refused** in stage\(refused.count == 1 ? "" : "s") "
                + refused.map(MarkdownText.escape).joined(separator: ", ")
        }
        return line
    }

    func stage(_ plan: StagePlan) -> [Block] {
        let e = MarkdownText.escape
        var blocks = [Block.text("\n### Stage \(e(plan.stage)) (\(e(plan.region))): \(plan.summary.line)")]
        let changed = plan.stacks.filter { $0.action != .unchanged }
        if changed.isEmpty && plan.rollouts.allSatisfy({ $0.action == .none }) && plan.alarmDrift.isEmpty {
            return blocks + [.text("No changes. AWS matches the desired state.")]
        }
        var items: [String] = []
        // What cannot be undone first: data lost, then resources replaced.
        for stack in changed {
            for resource in stack.resources where resource.losesData {
                let verb = resource.action == .remove ? "deleted" : "replaced"
                items.append(
                    "- **DATA LOSS** \(e(resource.logicalId)) (\(e(resource.type))) in \(e(stack.name)): \(verb)")
            }
        }
        for stack in changed {
            for resource in stack.resources where resource.replacement && !resource.losesData {
                let causes = resource.properties.filter(\.causesReplacement).map { e($0.path) }
                let why = causes.isEmpty ? "" : ", forced by " + causes.joined(separator: ", ")
                items.append("- **replace** \(e(resource.logicalId)) (\(e(resource.type))) in \(e(stack.name))\(why)")
            }
        }
        for refusal in plan.refusals {
            items.append("- **refused:** \(e(refusal))")
        }
        for stack in changed {
            items.append("- \(verb(stack)) stack \(e(stack.name)) (\(describe(stack)))")
        }
        for rollout in plan.rollouts where rollout.action != .none {
            items.append("- \(describe(rollout))")
        }
        for drift in plan.alarmDrift {
            items.append(
                "- **drift** alarm \(e(drift.name)): \(drift.differences.map(e).joined(separator: "; "))")
        }
        blocks += items.map(Block.text)
        let detail = changed.flatMap(details)
        guard !detail.isEmpty else { return blocks }
        if detail.count > foldAfter {
            blocks.append(.open("<details><summary>\(detail.count) changed resources and properties</summary>"))
            blocks += detail.map(Block.text)
            blocks.append(.close)
        } else {
            blocks += detail.map(Block.text)
        }
        return blocks
    }

    /// One line per changed resource of `stack`, its properties, parameters and tags indented
    /// under it.
    func details(_ stack: StackChange) -> [String] {
        let e = MarkdownText.escape
        var lines: [String] = []
        for resource in stack.resources {
            var line = "- \(e(stack.name)): \(resource.action.rawValue) \(e(resource.logicalId)) (\(e(resource.type)))"
            if resource.replacement { line += ", replaced" }
            if resource.losesData { line += ", **DATA LOSS**" }
            lines.append(line)
            guard stack.action == .update else { continue }
            for property in resource.properties {
                let forces = property.causesReplacement ? " (forces replacement)" : ""
                lines.append(
                    "  - \(e(property.path)): \(e(PlanText.show(property.old))) → \(e(PlanText.show(property.new)))\(forces)"
                )
            }
        }
        for (name, change) in stack.parameterChanges.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "- \(e(stack.name)): parameter \(e(name)): \(e(change.old ?? "(none)")) → \(e(change.new ?? "(none)"))")
        }
        for (name, change) in stack.tagChanges.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "- \(e(stack.name)): tag \(e(name)): \(e(change.old ?? "(none)")) → \(e(change.new ?? "(none)"))")
        }
        if let protection = stack.terminationProtectionChange {
            lines.append(
                "- \(e(stack.name)): termination protection \(e(protection.old ?? "")) → \(e(protection.new ?? ""))")
        }
        return lines
    }

    private func verb(_ stack: StackChange) -> String {
        switch stack.action {
        case .create: "**create**"
        case .update: "**update**"
        case .orphaned: "**delete**"
        case .unchanged: "unchanged"
        }
    }

    private func describe(_ stack: StackChange) -> String {
        switch stack.action {
        case .create: "\(stack.resources.count) resources"
        case .update: MarkdownText.escape(StagePlan.reason(stack))
        case .orphaned: "no longer desired, \(stack.resources.count) resources"
        case .unchanged: "unchanged"
        }
    }

    private func describe(_ rollout: FunctionRolloutNeed) -> String {
        let e = MarkdownText.escape
        let name = e(rollout.function)
        let reasons = rollout.reasons.map(e).joined(separator: "; ")
        let strategy = e(RolloutText.describe(rollout.strategy))
        let current = e(rollout.currentVersion ?? "?")
        switch rollout.action {
        case .createAlias: return "**create** alias live of \(name) at its first version"
        case .rollout: return "**rollout** \(name) from version \(current), \(strategy): \(reasons)"
        case .inProgress: return "**rollout** \(name): in progress"
        case .supersede:
            return "**rollout** \(name): \(reasons); back to version \(current) first, then \(strategy)"
        case .rolledBack:
            return "**rolled back** \(name) (\(reasons)); not retried until the desired state changes"
        case .none: return ""
        }
    }

    /// The blocks joined, as many as fit in `limit` with the note of what was cut; once one is
    /// cut, every later one is (a plan is read in order), but an opened `<details>` is closed.
    func fit(_ blocks: [Block]) -> String {
        let closing = "\n</details>\n"
        let noteRoom = 200
        var output: [String] = []
        var used = 0
        var open = false
        var cut = 0
        for block in blocks {
            let text: String
            switch block {
            case .text(let line): text = line
            case .open(let summary): text = "\n" + summary + "\n"
            case .close: text = closing
            }
            let room = limit - noteRoom - (open && block != .close ? closing.utf8.count : 0)
            if cut == 0, used + text.utf8.count + 1 <= room {
                output.append(text)
                used += text.utf8.count + 1
                if case .open = block { open = true }
                if block == .close { open = false }
                continue
            }
            switch block {
            case .text: cut += 1
            case .open: break
            case .close:
                if open {
                    output.append(closing)
                    open = false
                }
            }
        }
        if cut > 0 {
            output.append(
                "\n_Cut: \(cut) more line\(cut == 1 ? "" : "s") of the plan, to stay within GitHub's \(Self.gitHubCommentLimit) characters; run `ballast diff` for the whole plan._"
            )
        }
        return output.joined(separator: "\n")
    }
}
