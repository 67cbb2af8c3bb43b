import BallastSynth
import Foundation

/// Renders plans as text that reads like `terraform plan` or `cdk diff`: `+` add, `~` change,
/// `±` replace, `-` delete, with every changed property and its old → new value.
public struct PlanText: Sendable {
    /// Whether to colour the markers (only on a terminal, and not with `NO_COLOR`; the caller
    /// decides).
    public var colors: Bool

    /// A renderer.
    public init(colors: Bool) {
        self.colors = colors
    }

    /// The text of every stage's plan and the summary line.
    public func render(_ plans: [StagePlan]) -> String {
        var lines: [String] = []
        for plan in plans {
            lines += render(plan)
            lines.append("")
        }
        let total = plans.map(\.summary).reduce(PlanSummary(), +)
        lines.append(bold(total.line))
        return lines.joined(separator: "\n")
    }

    func render(_ plan: StagePlan) -> [String] {
        var lines = [bold("Stage \(plan.stage) (\(plan.region))")]
        let changed = plan.stacks.filter { $0.action != .unchanged }
        if changed.isEmpty && plan.rollouts.allSatisfy({ $0.action == .none }) && plan.alarmDrift.isEmpty {
            lines.append("  No changes. AWS matches the desired state.")
            return lines
        }
        for stack in changed {
            let marker: String
            switch stack.action {
            case .create: marker = paint("+", .green)
            case .update: marker = stack.replacesResources ? paint("±", .yellow) : paint("~", .yellow)
            case .orphaned: marker = paint("-", .red)
            case .unchanged: marker = " "
            }
            lines.append("  \(marker) stack \(stack.name) (\(describe(stack)))")
            for resource in stack.resources {
                lines += render(resource, compact: stack.action != .update)
            }
            for (name, change) in stack.parameterChanges.sorted(by: { $0.key < $1.key }) {
                lines.append("      ~ parameter \(name): \(change.old ?? "(none)") → \(change.new ?? "(none)")")
            }
            for (name, change) in stack.tagChanges.sorted(by: { $0.key < $1.key }) {
                lines.append("      ~ tag \(name): \(change.old ?? "(none)") → \(change.new ?? "(none)")")
            }
            if let protection = stack.terminationProtectionChange {
                lines.append("      ~ termination protection: \(protection.old ?? "") → \(protection.new ?? "")")
            }
        }
        for rollout in plan.rollouts where rollout.action != .none {
            switch rollout.action {
            case .createAlias:
                lines.append("  \(paint("+", .green)) alias live of \(rollout.function): created at its first version")
            case .rollout:
                lines.append(
                    "  \(paint("~", .yellow)) rollout \(rollout.function) from version \(rollout.currentVersion ?? "?"), \(RolloutText.describe(rollout.strategy)): \(rollout.reasons.joined(separator: "; "))"
                )
            case .inProgress:
                lines.append("  \(paint("~", .yellow)) rollout \(rollout.function): in progress")
            case .supersede:
                lines.append(
                    "  \(paint("~", .yellow)) rollout \(rollout.function): \(rollout.reasons.joined(separator: "; ")); back to version \(rollout.currentVersion ?? "?") first, then \(RolloutText.describe(rollout.strategy))"
                )
            case .rolledBack:
                lines.append(
                    "  \(paint("!", .red)) rollout \(rollout.function) was rolled back (\(rollout.reasons.joined(separator: "; "))); not retried until the desired state changes"
                )
            case .none: break
            }
        }
        for drift in plan.alarmDrift {
            lines.append(
                "  \(paint("!", .yellow)) alarm \(drift.name) drifted: \(drift.differences.joined(separator: "; "))")
        }
        for refusal in plan.refusals {
            lines.append("  \(paint("✗ refused:", .red)) \(refusal)")
        }
        return lines
    }

    private func render(_ resource: ResourceChange, compact: Bool) -> [String] {
        let marker: String
        switch resource.action {
        case .add: marker = paint("+", .green)
        case .remove: marker = paint("-", .red)
        case .modify: marker = resource.replacement ? paint("±", .yellow) : paint("~", .yellow)
        }
        var note = ""
        if resource.replacement { note += " (replace)" }
        if resource.losesData { note += paint(" DATA LOSS", .red) }
        var lines = ["      \(marker) \(resource.logicalId) \(resource.type)\(note)"]
        guard !compact else { return lines }
        for property in resource.properties {
            let replaces = property.causesReplacement ? " (forces replacement)" : ""
            lines.append(
                "          \(property.path): \(Self.show(property.old)) → \(Self.show(property.new))\(replaces)")
        }
        return lines
    }

    private func describe(_ stack: StackChange) -> String {
        switch stack.action {
        case .create: return "create, \(stack.resources.count) resources"
        case .update: return "update: \(StagePlan.reason(stack))"
        case .orphaned: return "no longer desired, \(stack.resources.count) resources"
        case .unchanged: return "unchanged"
        }
    }

    /// A value as a plan shows it: strings quoted, structures compact and cut at 120 characters.
    static func show(_ value: JSONValue?) -> String {
        guard let value else { return "(none)" }
        if let text = ComparableValue.scalarText(value) {
            if case .string = value { return "\"\(text)\"" }
            return text
        }
        let compact = CanonicalJSON.encode(value).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .joined()
        return compact.count > 120 ? String(compact.prefix(117)) + "…" : compact
    }

    private enum Color: String {
        case red = "31"
        case green = "32"
        case yellow = "33"
    }

    private func paint(_ text: String, _ color: Color) -> String {
        colors ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }

    private func bold(_ text: String) -> String {
        colors ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }
}
