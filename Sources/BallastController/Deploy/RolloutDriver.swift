import BallastAWS
import BallastModel
import BallastPlan
import BallastSynth
import Foundation
import Logging

/// Moves a handler's traffic through its alias `live`: creates the alias at the first version,
/// publishes new versions (reusing one that already runs the same code and configuration, so a
/// retry never duplicates), and takes one rollout step at a time. The state lives in AWS only:
/// the alias and the `ballast:rollout` tag, written before the alias moves, so a controller
/// killed anywhere resumes from what AWS says; every alias update carries its `RevisionId`.
public struct RolloutDriver: Sendable {
    /// Lambda of the region.
    public let lambda: Lambda
    /// CloudWatch of the region, for the watched alarms.
    public let cloudWatch: CloudWatch
    /// Progress events, with the function in their metadata.
    public let log: Logger
    /// How many of the newest published versions clean-up keeps (besides aliased ones).
    public var keepVersions = VersionRetention.defaultKeep
    /// The clock.
    public var now: @Sendable () -> Date = Date.init

    /// A driver.
    public init(lambda: Lambda, cloudWatch: CloudWatch, log: Logger) {
        self.lambda = lambda
        self.cloudWatch = cloudWatch
        self.log = log
    }

    /// A new handler: publish its first version and create `live` at it.
    public func createAlias(functionName: String) async throws {
        let version = try await publishCurrent(functionName)
        if try await lambda.getAlias(functionName: functionName, name: Naming.liveAlias) == nil {
            do {
                _ = try await lambda.createAlias(
                    CreateAliasInput(
                        functionName: functionName, name: Naming.liveAlias, functionVersion: version,
                        description: try await note(functionName, version: version)?.text))
            } catch let error
                where error is ResponseDecodingError || (error as? AWSError)?.lambdaErrorCode == .resourceConflict
            {
                // The answer was lost, or a retry met the alias the first attempt made; the
                // alias is read back either way.
                guard try await lambda.getAlias(functionName: functionName, name: Naming.liveAlias) != nil else {
                    throw error
                }
            }
            log.info(
                "alias live created at version \(version)",
                metadata: ["function": "\(functionName)", "version": "\(version)"])
        }
    }

    /// Starts a rollout from the version `live` serves to a new version of `$LATEST`, recording
    /// it in the tag, then takes the first step. A rollout still in progress to another version
    /// (the desired state changed under it) is first rolled back to its stable version, which
    /// the new rollout then starts from; one to this very version is resumed instead.
    public func start(_ function: ResolvedFunction, naming: Naming, commit: String?) async throws
        -> RolloutStep.Decision
    {
        let functionName = naming.functionName(function.name)
        guard var alias = try await lambda.getAlias(functionName: functionName, name: Naming.liveAlias) else {
            throw RolloutError.noLiveAlias(function: functionName)
        }
        let version = try await publishCurrent(functionName)
        if let tag = try await lambda.getFunction(functionName)?.tags[RolloutRecord.tagKey],
            var running = RolloutRecord(tagValue: tag), running.phase == .progressing
        {
            if running.to == version { return try await advance(function, naming: naming) }
            running.phase = .rolledBack
            running.reason = "superseded by a newer desired state"
            try await writeRecord(running, functionName: functionName)
            // The record says rolled back: whatever moved the alias meanwhile, it goes back.
            var conflicts = 0
            while true {
                do {
                    try await moveAlias(alias, to: running.from, weight: nil, functionName: functionName)
                    break
                } catch let error as AWSError where error.isStaleLambdaRevision && conflicts < Self.conflictAttempts {
                    conflicts += 1
                    logConflict(functionName)
                    guard let moved = try await lambda.getAlias(functionName: functionName, name: Naming.liveAlias)
                    else {
                        throw RolloutError.noLiveAlias(function: functionName)
                    }
                    alias = moved
                }
            }
            log.info(
                "rollout \(running.from) → \(running.to) superseded by a newer desired image or configuration: all traffic back on version \(running.from); a new rollout starts from there",
                metadata: ["function": "\(functionName)", "from": "\(running.from)", "to": "\(running.to)"])
            guard let moved = try await lambda.getAlias(functionName: functionName, name: Naming.liveAlias) else {
                throw RolloutError.noLiveAlias(function: functionName)
            }
            alias = moved
        }
        guard version != alias.functionVersion else { return .finished }
        // Checks run before the record is written: a rollout recorded as progressing has
        // passed them, so one resumed after a crash does not skip them, and one that fails them
        // is recorded as rolled back with the alias never moved.
        let failedCheck = try await failingCheck(function, functionName: functionName, version: version)
        let configuration = try await lambda.getFunctionConfiguration(functionName, qualifier: version)
        let digest = configuration?.codeSha256.map { $0.hasPrefix("sha256:") ? $0 : "sha256:" + $0 }
        let startedAt = now()
        let record = RolloutRecord(
            from: alias.functionVersion, to: version, step: 0, stepStartedAt: startedAt, commit: commit,
            imageDigest: digest,
            fingerprint: configuration.map {
                RolloutFingerprint.of(
                    digest: digest, memoryMiB: $0.memorySize ?? 128, timeoutSeconds: $0.timeout ?? 3,
                    environment: $0.environmentVariables)
            }, startedAt: startedAt)
        if let failedCheck {
            var failed = record
            failed.phase = .rolledBack
            failed.reason = failedCheck.summary
            try await writeRecord(failed, functionName: functionName)
            log.warning(
                "rollout \(record.from) → \(record.to) stopped before any traffic moved, all traffic stays on version \(record.from): \(failedCheck.line)",
                metadata: ["function": "\(functionName)", "from": "\(record.from)", "to": "\(record.to)"])
            await pruneVersions(functionName)
            return .rollBack(reason: failedCheck.line)
        }
        if let failure = try await recordStart(record, of: function, naming: naming) {
            log.warning(
                "rollout \(record.from) → \(record.to) stopped before any traffic moved, all traffic stays on version \(record.from): \(failure)",
                metadata: ["function": "\(functionName)", "from": "\(record.from)", "to": "\(record.to)"])
            await pruneVersions(functionName)
            return .rollBack(reason: failure)
        }
        log.info(
            "rollout \(record.from) → \(record.to) started (\(RolloutText.describe(function.rollout)))",
            metadata: ["function": "\(functionName)", "from": "\(record.from)", "to": "\(record.to)"])
        let alreadyFiring = try await watchedAlarms(function, naming: naming).filter {
            $0.stateValue == .alarm
        }
        if !alreadyFiring.isEmpty {
            log.warning(
                "\(alreadyFiring.map(\.name).sorted().joined(separator: ", ")) already in ALARM before the rollout began: not gating it; version \(version)'s own metrics do",
                metadata: ["function": "\(functionName)", "alarms": .array(alreadyFiring.map { "\($0.name)" })])
        }
        return try await advance(function, naming: naming)
    }

    /// Takes the next step of the handler's rollout, if one is due; when the step ends the
    /// rollout (complete or rolled back), deletes old versions (`pruneVersions`).
    ///
    /// When `live` moved between this driver's read and its UpdateAlias (another reconciler, a
    /// person promoting or aborting), the update is refused for its stale `RevisionId`: the
    /// driver backs off, reads the alias and the record again and decides anew from them.
    public func advance(_ function: ResolvedFunction, naming: Naming) async throws -> RolloutStep.Decision {
        var conflicts = 0
        var decided: RolloutStep.Decision?
        while decided == nil {
            do {
                decided = try await step(function, naming: naming)
            } catch let error as AWSError where error.isStaleLambdaRevision && conflicts < Self.conflictAttempts {
                conflicts += 1
                logConflict(naming.functionName(function.name))
            }
        }
        guard let decision = decided else { return .finished }
        // Old versions are cleaned up when a rollout ends, not on every pass: a no-op pass
        // then costs no version listing. A clean-up a crash cut short is done at the next end.
        switch decision {
        case .complete, .rollBack:
            await pruneVersions(naming.functionName(function.name))
        case .shift, .wait, .extend, .halt, .finished:
            break
        }
        return decision
    }

    /// How many times a step backs off and reads again after a stale `RevisionId` before the
    /// refusal stands.
    static let conflictAttempts = 5

    /// Says that `live` moved under this driver and it reads everything again.
    func logConflict(_ functionName: String) {
        log.info(
            "live moved under this reconciler (its RevisionId is stale: another writer updated the alias); backing off, reading it again",
            metadata: ["function": "\(functionName)"])
    }

    private func step(_ function: ResolvedFunction, naming: Naming) async throws -> RolloutStep.Decision {
        let functionName = naming.functionName(function.name)
        guard let details = try await lambda.getFunction(functionName),
            let tag = details.tags[RolloutRecord.tagKey], var record = RolloutRecord(tagValue: tag),
            let alias = try await lambda.getAlias(functionName: functionName, name: Naming.liveAlias)
        else { return .finished }
        let newWeight: Int
        if alias.functionVersion == record.to {
            newWeight = 100
        } else {
            newWeight = Int(((alias.additionalVersionWeights[record.to] ?? 0) * 100).rounded())
        }
        // A recorded end the alias has not reached yet (a crash between tag and alias): repair.
        switch record.phase {
        case .succeeded where alias.functionVersion != record.to || !alias.additionalVersionWeights.isEmpty:
            try await moveAlias(alias, to: record.to, weight: nil, functionName: functionName)
            return .finished
        case .rolledBack where alias.functionVersion != record.from || !alias.additionalVersionWeights.isEmpty:
            try await moveAlias(alias, to: record.from, weight: nil, functionName: functionName)
            return .finished
        case .succeeded, .rolledBack:
            return .finished
        case .progressing:
            break
        }
        if let rolledBack = try await interruptedHook(record, alias: alias, functionName: functionName) {
            return rolledBack
        }
        let firing = try await firingAlarms(function, naming: naming, since: record.startedAt)
        var health = VersionHealth.Verdict.healthy
        if newWeight > 0, newWeight < 100 {
            let window = max(0, now().timeIntervalSince(record.stepStartedAt))
            health = VersionHealth.judge(
                try await versionMetrics(functionName: functionName, version: record.to, since: record.stepStartedAt),
                version: record.to, errorsPerMinute: function.errorsAlarmThreshold,
                durationMs: function.durationAlarmThresholdMs, weightPercent: newWeight, window: window)
        }
        if RolloutStep.probeDue(
            strategy: function.rollout, record: record, newWeightPercent: newWeight, health: health,
            onNoTraffic: function.onNoTraffic, every: function.probeEvery, now: now())
        {
            if let failure = try await probe(function, record: &record, functionName: functionName) {
                health = .failing(reason: failure)
            }
        }
        let decision = RolloutStep.next(
            strategy: function.rollout, record: record, newWeightPercent: newWeight, firing: firing, health: health,
            onNoTraffic: function.onNoTraffic, now: now())
        if case .complete = decision, let hook = function.hooks.afterTraffic?.value {
            return try await completeWithAfterTraffic(
                function, hook: hook, record: record, alias: alias, naming: naming)
        }
        let held = record.held
        if let next = RolloutStep.record(before: decision, record, now: now()) {
            try await writeRecord(next, functionName: functionName)
            record = next
        }
        switch decision {
        case .shift(_, let weight):
            try await moveAlias(
                alias, to: record.from, weight: (record.to, Double(weight) / 100), functionName: functionName)
            log.info(
                "\(weight)% of traffic on version \(record.to)",
                metadata: ["function": "\(functionName)", "version": "\(record.to)", "weight": "\(weight)"])
        case .complete:
            try await moveAlias(alias, to: record.to, weight: nil, functionName: functionName)
            log.info(
                "all traffic on version \(record.to)",
                metadata: ["function": "\(functionName)", "version": "\(record.to)"])
        case .rollBack(let reason):
            try await moveAlias(alias, to: record.from, weight: nil, functionName: functionName)
            log.warning(
                "rolled back to version \(record.from): \(reason)",
                metadata: ["function": "\(functionName)", "version": "\(record.from)"])
        case .extend:
            if held != .noTraffic {
                log.info(
                    "\(RolloutRecord.Hold.noTraffic.explanation(version: record.to))",
                    metadata: ["function": "\(functionName)", "version": "\(record.to)"])
            }
        case .halt(let reason):
            if held != .halted {
                log.warning(
                    "\(reason); promote or abort it, or it goes on once version \(record.to) is invoked",
                    metadata: ["function": "\(functionName)", "version": "\(record.to)"])
            }
        case .wait, .finished:
            break
        }
        return decision
    }

    /// Watched alarms in `ALARM`: the handler's own (errors, duration, API 5xx and latency) and
    /// those its rollout names, leaving out those in `ALARM` since before `since` (the rollout's
    /// start): the stable version's trouble must not block the new one, whose own metrics gate it.
    func firingAlarms(_ function: ResolvedFunction, naming: Naming, since: Date?) async throws -> [String] {
        try await watchedAlarms(function, naming: naming).filter { alarm in
            guard alarm.stateValue == .alarm else { return false }
            guard let since, let changed = alarm.stateUpdatedTimestamp else { return true }
            return changed >= since
        }
        .map(\.name)
    }

    /// The alarms a rollout of the handler watches, as CloudWatch has them.
    func watchedAlarms(_ function: ResolvedFunction, naming: Naming) async throws -> [MetricAlarm] {
        var names = ["errors", "duration"].map { naming.alarmName(function.name, $0) }
        if function.api != nil { names += ["api-5xx", "api-latency"].map { naming.alarmName(function.name, $0) } }
        names += function.watchedAlarms
        return try await cloudWatch.metricAlarms(.names(names))
    }

    /// Publishes `$LATEST` once it is ready (no longer `Pending` after its creation, no update
    /// `InProgress`: Lambda refuses PublishVersion until then), or reuses the version that
    /// already runs the same code and configuration.
    func publishCurrent(_ functionName: String) async throws -> String {
        var latest = try await lambda.getFunctionConfiguration(functionName)
        var attempts = 0
        while let busy = latest, busy.state == .pending || busy.lastUpdateStatus == .inProgress, attempts < 600 {
            try await Task.sleep(for: .milliseconds(500))
            latest = try await lambda.getFunctionConfiguration(functionName)
            attempts += 1
        }
        guard let latest else { throw RolloutError.functionMissing(function: functionName) }
        if let status = latest.lastUpdateStatus?.rawValue, status == "Failed" {
            throw RolloutError.lastUpdateFailed(function: functionName)
        }
        let versions = try await lambda.allVersions(of: functionName)
        if let existing = versions.last(where: { version in
            version.version != "$LATEST" && version.codeSha256 == latest.codeSha256
                && version.memorySize == latest.memorySize
                && version.timeout == latest.timeout && version.environmentVariables == latest.environmentVariables
        }) {
            return existing.version
        }
        do {
            return try await lambda.publishVersion(
                PublishVersionInput(functionName: functionName, codeSha256: latest.codeSha256)
            )
            .version
        } catch let error as ResponseDecodingError {
            // The version may have been published with its answer lost: it is found, not made twice.
            let published = try await lambda.allVersions(of: functionName).last { version in
                version.version != "$LATEST" && version.codeSha256 == latest.codeSha256
            }
            guard let published else { throw error }
            return published.version
        }
    }

    func writeRecord(_ record: RolloutRecord, functionName: String) async throws {
        guard let function = try await lambda.getFunctionConfiguration(functionName) else {
            throw RolloutError.functionMissing(function: functionName)
        }
        let arn =
            function.functionArn.hasSuffix(":$LATEST")
            ? String(function.functionArn.dropLast(":$LATEST".count)) : function.functionArn
        try await lambda.tagResource(resourceArn: arn, tags: [RolloutRecord.tagKey: record.tagValue])
    }

    /// Moves `live` to `version`, with `weight` on one more version, under the alias's
    /// `RevisionId`. A move that sends all traffic to one version writes that version's
    /// `LiveAliasNote` into the description; a split leaves the description as it was.
    @discardableResult
    func moveAlias(_ alias: FunctionAlias, to version: String, weight: (String, Double)?, functionName: String)
        async throws -> FunctionAlias
    {
        let note = weight == nil ? try await note(functionName, version: version) : nil
        let weights = weight.map { [$0.0: $0.1] } ?? [:]
        do {
            return try await lambda.updateAlias(
                UpdateAliasInput(
                    functionName: functionName, name: Naming.liveAlias, functionVersion: version,
                    description: note?.text, additionalVersionWeights: weights, revisionId: alias.revisionId))
        } catch let error
            where error is ResponseDecodingError || (error as? AWSError)?.lambdaErrorCode == .preconditionFailed
        {
            // The answer was lost (or a retry met the revision the first attempt made): the alias
            // is read back, and an update that took is not an error.
            guard let current = try await lambda.getAlias(functionName: functionName, name: Naming.liveAlias),
                Self.routes(current, to: version, weights: weights)
            else { throw error }
            if error is AWSError {
                log.info(
                    "live already routes as this reconciler asked (its RevisionId is stale: another writer, or an attempt whose answer was lost, made the same update); carrying on",
                    metadata: ["function": "\(functionName)"])
            }
            return current
        }
    }

    /// Whether `alias` sends its traffic to `version` with exactly `weights` beside it.
    static func routes(_ alias: FunctionAlias, to version: String, weights: [String: Double]) -> Bool {
        alias.functionVersion == version && Set(alias.additionalVersionWeights.keys) == Set(weights.keys)
            && weights.allSatisfy { key, weight in abs((alias.additionalVersionWeights[key] ?? -1) - weight) < 1e-9 }
    }

    /// The note saying what `version` runs, read from the version itself (nil when its image
    /// digest cannot be told: then no note is written, and plans read the version).
    func note(_ functionName: String, version: String) async throws -> LiveAliasNote? {
        guard let function = try await lambda.getFunction(functionName, qualifier: version) else { return nil }
        return LiveReader.published(version, function).signature.map {
            LiveAliasNote(version: version, signature: $0)
        }
    }
}
