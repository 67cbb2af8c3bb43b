import BallastAWS

/// Why a pass of a stage stopped: its plan was refused before anything was sent, or a stack's
/// deploy failed and the later stacks of the stage were not attempted. Its description is
/// `stage <name>: <why>`.
public enum ReconcileError: Error, Sendable, CustomStringConvertible, AWSErrorCause {
    /// The plan would lose data or break a rule; nothing was applied. `refusals`: one sentence each.
    case refused(stage: String, refusals: [String])
    /// Deploying a stack failed (`cause`: a ``DeployError``, an `AWSError`, …); the stacks after
    /// it were not deployed.
    case deployFailed(stage: String, cause: any Error)

    /// The stage of the pass.
    public var stage: String {
        switch self {
        case .refused(let stage, _), .deployFailed(let stage, _): stage
        }
    }

    /// The failed AWS call that stopped the pass, when one did.
    public var awsError: AWSError? {
        switch self {
        case .refused: nil
        case .deployFailed(_, let cause): (cause as? any AWSErrorCause)?.awsError
        }
    }

    /// What went wrong, without the stage.
    public var reason: String {
        switch self {
        case .refused(_, let refusals): "refused, nothing applied:\n  " + refusals.joined(separator: "\n  ")
        case .deployFailed(_, let cause): "\(cause); later stacks of this stage were not deployed"
        }
    }

    public var description: String { "stage \(stage): \(reason)" }
}
