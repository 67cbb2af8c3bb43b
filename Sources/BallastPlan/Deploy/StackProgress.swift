/// What a stack's events say about its resources.
public enum StackProgress {
    /// One event of a stack, as far as progress goes.
    public struct Event: Sendable, Hashable {
        /// The resource's logical id (the stack's name for the stack's own events).
        public var logicalResourceId: String
        /// Its type (`AWS::CloudFormation::Stack` for the stack's own).
        public var resourceType: String
        /// Its status after the event.
        public var status: String
        /// A reason, when CloudFormation gave one.
        public var reason: String?

        /// An event.
        public init(logicalResourceId: String, resourceType: String, status: String, reason: String? = nil) {
            self.logicalResourceId = logicalResourceId
            self.resourceType = resourceType
            self.status = status
            self.reason = reason
        }
    }

    /// The resources whose latest event (events newest first, as DescribeStackEvents gives
    /// them) is still `*_IN_PROGRESS`, oldest first: what an operation is waiting for.
    public static func inProgress(_ newestFirst: [Event]) -> [Event] {
        latest(newestFirst).filter { $0.status.hasSuffix("_IN_PROGRESS") }
    }

    /// The resources whose latest event is `*_FAILED`, oldest first: what blocks a stack whose
    /// rollback failed.
    public static func failed(_ newestFirst: [Event]) -> [Event] {
        latest(newestFirst).filter { $0.status.hasSuffix("_FAILED") }
    }

    /// The latest event of each resource (not of the stack itself), oldest first.
    static func latest(_ newestFirst: [Event]) -> [Event] {
        var seen = Set<String>()
        var latest: [Event] = []
        for event in newestFirst where event.resourceType != "AWS::CloudFormation::Stack" {
            if seen.insert(event.logicalResourceId).inserted { latest.append(event) }
        }
        return latest.reversed()
    }

    /// What a human must do about a stack left in `status` with `failed` resources, when
    /// CloudFormation says it (nil otherwise).
    public static func remedy(stack: String, status: String, failed: [Event]) -> String? {
        guard status == "UPDATE_ROLLBACK_FAILED" else { return nil }
        let names = failed.map(\.logicalResourceId)
        let skip = names.isEmpty ? "" : " --resources-to-skip \(names.joined(separator: " "))"
        return
            "the rollback failed: fix the resource(s) it could not restore, or skip them, with ContinueUpdateRollback (aws cloudformation continue-update-rollback --stack-name \(stack)\(skip)); Ballast deploys it again once it is UPDATE_ROLLBACK_COMPLETE"
    }
}
