import BallastAWS
import BallastModel
import BallastPlan
import BallastSynth
import Foundation

extension RolloutDriver {
    /// Invokes the handler's `beforeTraffic` hook, at its alias `live`, with the rollout
    /// `record` describes, waiting at most the hooks' timeout. Nil when it answered without an
    /// error; why it failed otherwise.
    ///
    /// Throws `AWSError` when the hook cannot be invoked (it does not exist, Lambda refuses).
    func beforeTrafficFailure(
        _ function: ResolvedFunction, hook: String, naming: Naming, record: RolloutRecord
    ) async throws -> String? {
        let hookName = naming.functionName(hook)
        let payload = HookEvent.payload(
            function: naming.functionName(function.name), fromVersion: record.from, toVersion: record.to,
            commit: record.commit, stage: function.stage)
        let lambda = lambda
        let timeout = function.hooks.timeout
        let output = try await withThrowingTaskGroup(of: InvokeOutput?.self) { group in
            group.addTask { try await lambda.invoke(hookName, qualifier: "live", payload: payload) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let output else {
            return "beforeTraffic hook \(hookName) did not answer within \(DurationText.format(timeout))"
        }
        return HookEvent.failure(CheckAnswer(functionError: output.functionError, payload: output.payload)).map {
            "beforeTraffic hook \(hookName) \($0)"
        }
    }

    /// Writes the progressing `record` of a new rollout, running the `beforeTraffic` hook
    /// first when there is one: the record says `started` before the hook is invoked and
    /// `passed` after, so the hook runs once per rollout even across a crash. Nil when the
    /// rollout may go on; the reason it was rolled back (recorded, the alias unmoved) otherwise.
    func recordStart(_ record: RolloutRecord, of function: ResolvedFunction, naming: Naming) async throws -> String? {
        let functionName = naming.functionName(function.name)
        guard let hook = function.hooks.beforeTraffic?.value else {
            try await writeRecord(record, functionName: functionName)
            return nil
        }
        var current = record
        current.beforeTraffic = .started
        try await writeRecord(current, functionName: functionName)
        if let failure = try await beforeTrafficFailure(function, hook: hook, naming: naming, record: record) {
            current.phase = .rolledBack
            current.reason = failure
            try await writeRecord(current, functionName: functionName)
            return failure
        }
        current.beforeTraffic = .passed
        try await writeRecord(current, functionName: functionName)
        log.info(
            "beforeTraffic hook \(naming.functionName(hook)) passed for version \(record.to)",
            metadata: ["function": "\(functionName)", "version": "\(record.to)"])
        return nil
    }
}
