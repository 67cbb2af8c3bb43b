import BallastModel
import Dispatch
import Synchronization

/// Turns a desired state into CloudFormation stacks: stage → stack → construct. Pure and
/// deterministic: the same state, digests and placement give the same bytes.
public enum Synthesizer {
    /// Inputs besides the desired state.
    public struct Options: Sendable {
        /// Image text (`repo:tag`) → digest (`sha256:…`), resolved through ECR by the caller;
        /// images without an entry keep their tag.
        public var imageDigests: [String: String]
        /// The previous placement per stage, so split units stay where they were.
        public var previousPlacement: [String: Placement]
        /// Log retention of handler log groups, in days.
        public var logRetentionDays: Int

        /// Options; all empty by default.
        public init(
            imageDigests: [String: String] = [:], previousPlacement: [String: Placement] = [:],
            logRetentionDays: Int = 30
        ) {
            self.imageDigests = imageDigests
            self.previousPlacement = previousPlacement
            self.logRetentionDays = logRetentionDays
        }
    }

    /// Why synthesis failed: only states that pass validation but cannot fit CloudFormation
    /// (e.g. too many databases for one stack) or raw templates that cannot be converted.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong.
        public var message: String
        /// True when synthesis stopped because its task was cancelled, which says nothing about
        /// the desired state.
        public var isCancellation = false
        public var description: String { message }

        /// Synthesis was cancelled before it finished.
        static let cancelled = Failure(message: "synthesis was cancelled before it finished", isCancellation: true)
    }

    /// Every stage of `state`. Stages share nothing, so they are synthesized on all cores at
    /// once; the result (and the failure reported, the first stage's in order) is the same as
    /// one after the other.
    public static func synthesize(_ state: DesiredState, options: Options = Options()) throws(Failure) -> CloudAssembly
    {
        let stages = state.stages
        let results = Mutex<[Int: Result<StageAssembly, Failure>]>([:])
        DispatchQueue.concurrentPerform(iterations: stages.count) { index in
            let result = Result { () throws(Failure) in try synthesize(state, stage: stages[index], options: options) }
            results.withLock { $0[index] = result }
        }
        let ordered = results.withLock { $0 }.sorted { $0.key < $1.key }
        var assemblies: [StageAssembly] = []
        for (_, result) in ordered {
            assemblies.append(try result.get())
        }
        return CloudAssembly(project: state.project, stages: assemblies)
    }

    /// One stage of `state`.
    public static func synthesize(_ state: DesiredState, stage: Stage, options: Options = Options()) throws(Failure)
        -> StageAssembly
    {
        try StageSynthesizer(state: state, stage: stage, options: options).assemble()
    }
}
