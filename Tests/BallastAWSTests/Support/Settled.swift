import BallastAWS
import BallastTestSupport
import Foundation

/// Waiting for what AWS does in the background (the emulator's `fast` latency profile does it
/// too): a stack operation, a change set being computed, a function leaving `Pending` or an
/// update `InProgress`. Each polls every 50 ms for at most 10 s, then fails naming what is
/// still in progress.
enum Settled {
    static let attempts = 200
    static let interval = Duration.milliseconds(50)

    /// The stack once no operation is in progress on it; nil once it is deleted.
    static func stack(_ service: CloudFormation, _ name: String) async throws -> CloudFormationStack? {
        for _ in 0..<attempts {
            guard let stack = try await service.describeStack(name: name) else { return nil }
            if !stack.status.isInProgress { return stack }
            try await Task.sleep(for: interval)
        }
        throw LoopbackPeer.Failure(description: "stack \(name) still in progress after 10 s")
    }

    /// The change set once CloudFormation has computed it (no longer `CREATE_PENDING` or
    /// `CREATE_IN_PROGRESS`).
    static func changeSet(_ service: CloudFormation, _ name: String, stack: String) async throws -> ChangeSet {
        for _ in 0..<attempts {
            let changeSet = try await service.describeChangeSet(name: name, stackName: stack)
            if !changeSet.status.isPending { return changeSet }
            try await Task.sleep(for: interval)
        }
        throw LoopbackPeer.Failure(description: "change set \(name) of \(stack) still being computed after 10 s")
    }

    /// `$LATEST` of the function once it is neither `Pending` nor has an update `InProgress`
    /// (Lambda refuses PublishVersion and further updates until then).
    static func function(_ lambda: Lambda, _ name: String) async throws -> FunctionConfiguration {
        for _ in 0..<attempts {
            guard let configuration = try await lambda.getFunctionConfiguration(name) else {
                throw LoopbackPeer.Failure(description: "function \(name) does not exist")
            }
            if configuration.state != .pending && configuration.lastUpdateStatus != .inProgress { return configuration }
            try await Task.sleep(for: interval)
        }
        throw LoopbackPeer.Failure(description: "function \(name) still Pending or InProgress after 10 s")
    }
}
