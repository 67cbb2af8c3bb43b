import BallastAWS
import BallastModel
import BallastPlan
import BallastSynth
import Foundation

extension RolloutDriver {
    /// Invokes the handler's hook at `point`, the function `hook` at its alias `live`, with the
    /// rollout `record` describes, waiting at most the hooks' timeout. Nil when it answered
    /// without an error; why it failed otherwise, naming the hook.
    ///
    /// Throws `AWSError` when the hook cannot be invoked (it does not exist, Lambda refuses).
    func hookFailure(
        _ point: FunctionHooks.Point, of function: ResolvedFunction, hook: String, naming: Naming,
        record: RolloutRecord
    ) async throws -> String? {
        let hookName = naming.functionName(hook)
        let payload = HookEvent.payload(
            function: naming.functionName(function.name), fromVersion: record.from, toVersion: record.to,
            commit: record.commit, stage: function.stage)
        let lambda = lambda
        let timeout = function.hooks.timeout
        let output = try await withThrowingTaskGroup(of: InvokeOutput?.self) { group in
            group.addTask { try await lambda.invoke(hookName, qualifier: Naming.liveAlias, payload: payload) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let output else {
            return "\(point.rawValue) hook \(hookName) did not answer within \(DurationText.format(timeout))"
        }
        return HookEvent.failure(CheckAnswer(functionError: output.functionError, payload: output.payload)).map {
            "\(point.rawValue) hook \(hookName) \($0)"
        }
    }

    /// Writes the progressing `record` of a new rollout, running the `beforeTraffic` hook
    /// first when there is one: the record says `started` before the hook is invoked and
    /// `passed` (or `failed`) after, so the hook runs once per rollout even across a crash. Nil
    /// when the rollout may go on; the reason it was rolled back (recorded, the alias unmoved)
    /// otherwise.
    func recordStart(_ record: RolloutRecord, of function: ResolvedFunction, naming: Naming) async throws -> String? {
        let functionName = naming.functionName(function.name)
        guard let hook = function.hooks.beforeTraffic?.value else {
            try await writeRecord(record, functionName: functionName)
            return nil
        }
        var current = record
        current.beforeTraffic = .started
        try await writeRecord(current, functionName: functionName)
        if let failure = try await hookFailure(
            .beforeTraffic, of: function, hook: hook, naming: naming, record: record)
        {
            current.phase = .rolledBack
            current.reason = failure
            current.beforeTraffic = .failed
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

    /// Completes a rollout whose function has an `afterTraffic` hook: the record moves to the
    /// last step (so a restart before the hook finishes the move rather than shifting back),
    /// `live` sends all traffic to the new version, the record says `started`, the hook runs,
    /// and the record says `passed` and succeeded, or `failed` and rolled back with all traffic
    /// sent back to the old version. A crash before `started` is written repeats what is left;
    /// one after it is never run twice (`interruptedHook`).
    func completeWithAfterTraffic(
        _ function: ResolvedFunction, hook: String, record: RolloutRecord, alias: FunctionAlias, naming: Naming
    ) async throws -> RolloutStep.Decision {
        let functionName = naming.functionName(function.name)
        var current = record
        let last = function.rollout.steps.count - 1
        if current.step != last {
            current.step = last
            current.stepStartedAt = now()
            current.held = nil
            try await writeRecord(current, functionName: functionName)
        }
        var serving = alias
        if alias.functionVersion != record.to || !alias.additionalVersionWeights.isEmpty {
            serving = try await moveAlias(alias, to: record.to, weight: nil, functionName: functionName)
            log.info(
                "version \(record.to) serves all traffic; invoking its afterTraffic hook \(naming.functionName(hook))",
                metadata: ["function": "\(functionName)", "version": "\(record.to)"])
        }
        current.afterTraffic = .started
        try await writeRecord(current, functionName: functionName)
        if let failure = try await hookFailure(
            .afterTraffic, of: function, hook: hook, naming: naming, record: record)
        {
            current.phase = .rolledBack
            current.reason = failure
            current.afterTraffic = .failed
            try await writeRecord(current, functionName: functionName)
            try await moveAlias(serving, to: record.from, weight: nil, functionName: functionName)
            log.warning(
                "rolled back to version \(record.from): \(failure)",
                metadata: ["function": "\(functionName)", "version": "\(record.from)"])
            return .rollBack(reason: failure)
        }
        current.afterTraffic = .passed
        current.phase = .succeeded
        try await writeRecord(current, functionName: functionName)
        log.info(
            "afterTraffic hook \(naming.functionName(hook)) passed for version \(record.to)",
            metadata: ["function": "\(functionName)", "version": "\(record.to)"])
        log.info(
            "all traffic on version \(record.to)", metadata: ["function": "\(functionName)", "version": "\(record.to)"])
        return .complete
    }

    /// A progressing rollout whose record says a hook was `started` without its answer (a
    /// controller killed while it ran): the hook's outcome is unknown, so it is not run twice
    /// and the rollout is rolled back, all traffic back on the old version. Nil when no hook
    /// was interrupted.
    func interruptedHook(_ record: RolloutRecord, alias: FunctionAlias, functionName: String) async throws
        -> RolloutStep.Decision?
    {
        guard let point = FunctionHooks.Point.allCases.first(where: { record[hook: $0] == .started }) else {
            return nil
        }
        let reason = "\(point.rawValue) hook was interrupted before its answer was recorded; not run twice"
        var ended = record
        ended.phase = .rolledBack
        ended.reason = reason
        try await writeRecord(ended, functionName: functionName)
        if alias.functionVersion != record.from || !alias.additionalVersionWeights.isEmpty {
            try await moveAlias(alias, to: record.from, weight: nil, functionName: functionName)
        }
        log.warning(
            "rolled back to version \(record.from): \(reason)",
            metadata: ["function": "\(functionName)", "version": "\(record.from)"])
        return .rollBack(reason: reason)
    }
}
