import BallastModel

/// Which application owns which CloudFormation stacks, so that two applications of one
/// controller never deploy the same stack: every stack of a stage is named
/// `<project>-<stage>-…`, so two applications whose desired states give one `<project>-<stage>`
/// would own the same stacks.
public enum StackOwnership {
    /// What one application's desired state names: its project and stages.
    public struct Claim: Sendable, Hashable {
        /// The application.
        public var application: String
        /// `project` of its `ballast.yaml`.
        public var project: String
        /// Its stages' names.
        public var stages: [String]

        /// The claim of `application` on `project`'s `stages`.
        public init(application: String, project: String, stages: [String]) {
            self.application = application
            self.project = project
            self.stages = stages
        }

        /// `<project>-<stage>`: the prefix of every stack of each stage.
        public var stackPrefixes: [String] { stages.map { "\(project)-\($0)" } }
    }

    /// Every pair of applications that would own the same stacks, one sentence each, naming both
    /// applications and a stack; empty when none do. Claims are compared in order: the message
    /// names the earlier application first.
    public static func collisions(_ claims: [Claim]) -> [String] {
        var owners: [String: String] = [:]
        var messages: [String] = []
        for claim in claims {
            for prefix in claim.stackPrefixes.sorted() {
                if let owner = owners[prefix] {
                    guard owner != claim.application else { continue }
                    messages.append(
                        "applications '\(owner)' and '\(claim.application)' would own the same CloudFormation stacks "
                            + "(\(prefix)-network and every \(prefix)-* stack): give one of them another project or stage name"
                    )
                } else {
                    owners[prefix] = claim.application
                }
            }
        }
        return messages
    }
}
