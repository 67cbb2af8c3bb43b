import Foundation

/// Where one stage stands, in the vocabulary Kubernetes controllers use (phase, reason,
/// message, revision): what `/status` serves, the badge shows, and the Git note records.
public struct StageStatus: Sendable, Hashable, Codable {
    /// The overall phase.
    public enum Phase: String, Sendable, Hashable, Codable {
        /// AWS matches the desired state of `revision`.
        case synced
        /// Stacks are deploying or a rollout is shifting traffic.
        case progressing
        /// A plan waits for `ballast approve`.
        case awaitingApproval
        /// The last reconcile failed, or a rollout was rolled back.
        case failed
        /// Not reconciled yet.
        case unknown
    }

    /// The stage.
    public var stage: String
    /// The phase.
    public var phase: Phase
    /// A one-word machine-readable reason (`StackFailed`, `RolledBack`, `Untrusted`, …).
    public var reason: Reason?
    /// A sentence for humans.
    public var message: String?
    /// The commit reconciled (or being reconciled).
    public var revision: String?
    /// The first line of that commit's message (at most ``commitMessageLength`` characters).
    public var commitMessage: String?
    /// When this status was taken.
    public var time: Date
    /// The plan's summary line.
    public var planSummary: String?
    /// The whole plan as `ballast diff` prints it, for a plan waiting for approval (at most
    /// ``planTextLength`` characters, cut with a note).
    public var planText: String?
    /// The digest of the plan waiting for approval (``PlanDigest``): what `ballast approve
    /// --plan` names.
    public var planDigest: String?
    /// Per stack, its CloudFormation status.
    public var stacks: [String: String]
    /// Per handler, its rollout.
    public var rollouts: [RolloutStatus]
    /// Alarms in `ALARM`.
    public var firingAlarms: [String]
    /// The last error, if the last pass failed: its message, and the AWS operation and code
    /// when an AWS call failed.
    public var lastError: ErrorReport?

    /// Creates a status.
    public init(
        stage: String, phase: Phase, reason: Reason? = nil, message: String? = nil, revision: String? = nil,
        time: Date, planSummary: String? = nil, stacks: [String: String] = [:], rollouts: [RolloutStatus] = [],
        firingAlarms: [String] = [], lastError: ErrorReport? = nil
    ) {
        self.stage = stage
        self.phase = phase
        self.reason = reason
        self.message = message
        self.revision = revision
        self.time = time
        self.planSummary = planSummary
        self.stacks = stacks
        self.rollouts = rollouts
        self.firingAlarms = firingAlarms
        self.lastError = lastError
    }

    /// The longest ``planText`` kept.
    public static let planTextLength = 65_536

    /// `text` as ``planText`` keeps it: whole, or cut at ``planTextLength`` with a note.
    public static func planText(_ text: String) -> String {
        guard text.count > planTextLength else { return text }
        return String(text.prefix(planTextLength))
            + "\n… (cut at \(planTextLength) characters; ballast diff shows it all)"
    }

    /// The longest ``commitMessage`` kept.
    public static let commitMessageLength = 200

    /// A handler's rollout as the status shows it.
    public struct RolloutStatus: Sendable, Hashable, Codable {
        /// The handler.
        public var function: String
        /// The version traffic comes from.
        public var from: String?
        /// The version traffic goes to.
        public var to: String?
        /// The new version's share of traffic, 0–100.
        public var weight: Int
        /// `progressing`, `succeeded`, `rolledBack` or `idle`.
        public var phase: String
        /// Why a progressing step is held (no traffic on the new version), or why it ended.
        public var note: String?
        /// When the step in progress has baked long enough for the next one (a progressing
        /// rollout whose strategy is known).
        public var nextStepAt: Date?
        /// Seconds from the status's time to ``nextStepAt`` (0 when due).
        public var secondsToNextStep: Int?
        /// The new version's weight at each step of the strategy, ending at 100 (a progressing
        /// rollout whose strategy is known).
        public var steps: [Int]?
        /// How long each step but the last lasts, in seconds (with ``steps``).
        public var stepSeconds: Int?

        /// Creates a rollout status.
        public init(
            function: String, from: String?, to: String?, weight: Int, phase: String, note: String? = nil,
            nextStepAt: Date? = nil, secondsToNextStep: Int? = nil, steps: [Int]? = nil, stepSeconds: Int? = nil
        ) {
            self.steps = steps
            self.stepSeconds = stepSeconds
            self.note = note
            self.nextStepAt = nextStepAt
            self.secondsToNextStep = secondsToNextStep
            self.function = function
            self.from = from
            self.to = to
            self.weight = weight
            self.phase = phase
        }
    }

    /// The badge's right-hand text: `synced`, `rolling out 10%`, `failed`, `awaiting approval`.
    public var badgeMessage: String {
        switch phase {
        case .synced: return "synced"
        case .failed: return "failed"
        case .unknown: return "unknown"
        case .awaitingApproval: return "awaiting approval"
        case .progressing:
            if let rollout = rollouts.first(where: { $0.phase == "progressing" }) {
                return "rolling out \(rollout.weight)%"
            }
            return "deploying"
        }
    }
}
