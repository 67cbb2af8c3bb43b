import BallastAWS
import BallastModel
import BallastPlan
import Foundation

extension RolloutDriver {
    /// Invokes `version` of the handler (Qualifier = the version, never the alias, so no user
    /// traffic is involved) once per check with the API Gateway proxy event of the check's
    /// request, and judges each answer. With `stopAtFirstFailure`, the checks after a failing
    /// one are not sent (a rollout stops there anyway).
    ///
    /// Throws `AWSError` when an invocation cannot be made (the version is missing, Lambda
    /// refuses the call): then nothing is judged.
    public func runChecks(
        _ function: ResolvedFunction, functionName: String, version: String, stopAtFirstFailure: Bool = false
    ) async throws -> [CheckResult] {
        guard let route = function.api else { return [] }
        var results: [CheckResult] = []
        for check in function.checks {
            let payload = CheckEvent.payload(
                for: check, route: route, stage: function.stage, requestId: UUID().uuidString.lowercased(),
                now: now())
            let output = try await lambda.invoke(functionName, qualifier: version, payload: payload)
            let result = CheckVerdict.judge(
                check, answer: CheckAnswer(functionError: output.functionError, payload: output.payload))
            results.append(result)
            if !result.passed, stopAtFirstFailure { break }
        }
        return results
    }

    /// With `onNoTraffic: probe`, during a step in which the new version had no invocations:
    /// sends its checks to it (the version, never the alias). Nil when they passed (the record
    /// then says when, written to the tag); the reason to roll back otherwise.
    func probe(_ function: ResolvedFunction, record: inout RolloutRecord, functionName: String) async throws
        -> String?
    {
        let results = try await runChecks(
            function, functionName: functionName, version: record.to, stopAtFirstFailure: true)
        if let failed = results.first(where: { !$0.passed }) {
            return RolloutStep.probeFailure(version: record.to, check: failed.summary)
        }
        let probed = RolloutStep.record(probed: record, now: now())
        try await writeRecord(probed, functionName: functionName)
        record = probed
        log.info(
            "version \(record.to) had no invocations since the step began: probed with its \(results.count) check\(results.count == 1 ? "" : "s"), passed (onNoTraffic: probe)",
            metadata: ["function": "\(functionName)", "version": "\(record.to)"])
        return nil
    }

    /// Before a rollout to `version` moves any traffic: runs the handler's checks on it. Nil
    /// when there are none or all passed (logged); the failing check's result otherwise.
    func failingCheck(_ function: ResolvedFunction, functionName: String, version: String) async throws
        -> CheckResult?
    {
        guard !function.checks.isEmpty else { return nil }
        let results = try await runChecks(
            function, functionName: functionName, version: version, stopAtFirstFailure: true)
        if let failed = results.first(where: { !$0.passed }) { return failed }
        log.info(
            "version \(version) passed its \(results.count) check\(results.count == 1 ? "" : "s") before traffic",
            metadata: ["function": "\(functionName)", "version": "\(version)"])
        return nil
    }
}
