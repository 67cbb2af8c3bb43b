/// Why a rollout could not take its step: the handler (its function's name) is not as a
/// rollout needs it. Its description is one line, `<function>: <why>`.
public enum RolloutError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The function has no alias `live` to shift traffic through.
    case noLiveAlias(function: String)
    /// The function does not exist.
    case functionMissing(function: String)
    /// The function's last update failed, so there is no code to publish as a version.
    case lastUpdateFailed(function: String)

    /// The function the rollout was of.
    public var function: String {
        switch self {
        case .noLiveAlias(let function), .functionMissing(let function), .lastUpdateFailed(let function): function
        }
    }

    public var description: String {
        switch self {
        case .noLiveAlias(let function): "\(function): has no alias live to roll out through"
        case .functionMissing(let function): "\(function): does not exist"
        case .lastUpdateFailed(let function): "\(function): its last update failed; nothing to publish"
        }
    }
}
