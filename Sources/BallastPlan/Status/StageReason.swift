extension StageStatus {
    /// Why a stage is in its phase: one machine-readable word, as Flux's condition reasons
    /// are, the same in `/status`, the badge's page, the Git note, notifications and metrics.
    ///
    /// A struct with the known reasons as constants, not a closed enum: a status read back
    /// from a note written by another version of Ballast keeps a reason this one does not know.
    public struct Reason: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The word, `StackFailed`.
        public var rawValue: String

        /// A reason from its word.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The word itself.
        public var description: String { rawValue }

        /// AWS matches the desired state.
        public static let synced = Reason(rawValue: "Synced")
        /// The plan has changes not applied yet.
        public static let changesPending = Reason(rawValue: "ChangesPending")
        /// A rollout is shifting traffic.
        public static let rollingOut = Reason(rawValue: "RollingOut")
        /// A plan waits for `ballast approve`.
        public static let awaitingApproval = Reason(rawValue: "AwaitingApproval")
        /// A stack is in a failed or stuck CloudFormation state.
        public static let stackFailed = Reason(rawValue: "StackFailed")
        /// A rollout was rolled back.
        public static let rolledBack = Reason(rawValue: "RolledBack")
        /// The reconcile itself failed (an AWS call, a deploy).
        public static let reconcileFailed = Reason(rawValue: "ReconcileFailed")
        /// The desired state at the commit is not valid.
        public static let invalidDesiredState = Reason(rawValue: "InvalidDesiredState")
        /// The desired state at the commit no longer has this stage.
        public static let unknownStage = Reason(rawValue: "UnknownStage")
        /// The branch moved to a commit that does not descend from the last applied one.
        public static let rewound = Reason(rawValue: "Rewound")
        /// The commit is not signed by an allowed key.
        public static let untrusted = Reason(rawValue: "Untrusted")
        /// The Git remote could not be fetched.
        public static let fetchFailed = Reason(rawValue: "FetchFailed")
        /// The stage's branch does not exist on the remote.
        public static let noBranch = Reason(rawValue: "NoBranch")
        /// Its live state could not be read (`ballast status`).
        public static let readFailed = Reason(rawValue: "ReadFailed")
    }
}
