import BallastAWS
import BallastPlan
import BallastSynth
import Foundation
import Logging

/// Deploys one stack through a change set, the way `cdk deploy` does, without fighting another
/// deployment: waits for a stack someone else is deploying, recreates a stack whose first
/// create failed, leaves a stuck stack alone, and streams the stack's events to the log.
public struct StackDeployer: Sendable {
    /// CloudFormation of the stack's region.
    public let cloudFormation: CloudFormation
    /// Where templates too large to send inline go (nil: every template is sent inline, and a
    /// large one is refused by CloudFormation).
    public let templates: TemplateBucket?
    /// Where progress goes, one event per line, with the stack in its metadata.
    public let log: Logger
    /// The service role CloudFormation assumes for the stage's stacks (the stage's
    /// `cloudFormationRole`); nil: it acts with Ballast's own credentials.
    public var roleArn: String?
    /// The first pause between two looks at a stack or change set; each later one is 1.5 times
    /// longer, up to `maximumPollInterval` (AWS's guidance: poll with backoff).
    public var pollInterval: Duration = .milliseconds(200)
    /// The longest pause between two looks.
    public var maximumPollInterval: Duration = .seconds(5)
    /// How long to wait for one operation before giving up; nil: a bound derived from the
    /// stack's resources (`StackWait.bound(resourceTypes:)`).
    public var timeout: Duration?

    /// A deployer.
    public init(
        cloudFormation: CloudFormation, templates: TemplateBucket?, log: Logger
    ) {
        self.cloudFormation = cloudFormation
        self.templates = templates
        self.log = log
    }

    /// What happened to a stack.
    public enum Outcome: Sendable, Hashable {
        /// The change set was executed; the stack is in `status`.
        case deployed(status: String)
        /// CloudFormation found nothing to change (an empty change set, deleted again).
        case unchanged
    }

    /// Deploys `stack` with the stage's tags.
    ///
    /// When the change set disappears between its creation and its execution (another deploy of
    /// the same stack at the same moment took it for a leftover and deleted it), the deploy starts
    /// again from the stack's state, up to `vanishedAttempts` times.
    public func deploy(_ stack: SynthesizedStack, tags: [String: String]) async throws -> Outcome {
        var attempt = 1
        while true {
            do {
                return try await deployOnce(stack, tags: tags)
            } catch let vanished as ChangeSetVanished {
                guard attempt < Self.vanishedAttempts else {
                    throw DeployError.changeSetVanished(stack: stack.name, changeSet: vanished.name, attempts: attempt)
                }
                log.warning(
                    "change set \(vanished.name) was deleted before it ran (another deploy of this stack at the same time?): starting again",
                    metadata: ["stack": "\(stack.name)", "changeSet": "\(vanished.name)"])
                try await Task.sleep(for: pollInterval * attempt)
                attempt += 1
            }
        }
    }

    /// The name of a new change set of a stack with `body`: the body's hash, the time, and a
    /// random part, so that two deployers of one stack in the same second (two replicas while
    /// shards are being moved) never make the same name. With one name, the second's create was
    /// refused as `AlreadyExists` and taken for its own lost answer: it adopted the other's
    /// change set as its own.
    static func changeSetName(body: String, now: Date) -> String {
        let unique = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(8).lowercased()
        return "ballast-\(Naming.shortHash(body).lowercased())-\(Int(now.timeIntervalSince1970))-\(unique)"
    }

    /// How many times a deploy whose change set vanished starts again.
    static let vanishedAttempts = 5

    /// The change set named `name` no longer exists (deleted by someone else).
    struct ChangeSetVanished: Error {
        var name: String
    }

    /// How this deployer waits for an operation on `stack`.
    func wait(for stack: SynthesizedStack) -> StackWait {
        let types = (stack.json["Resources"]?.objectValue ?? [:]).values.map { $0["Type"]?.stringValue ?? "" }
        return StackWait(
            firstDelay: pollInterval, maximumDelay: maximumPollInterval,
            bound: timeout ?? StackWait.bound(resourceTypes: types))
    }

    private func deployOnce(_ stack: SynthesizedStack, tags: [String: String]) async throws -> Outcome {
        let wait = wait(for: stack)
        var current = try await waitUntilSettled(stack.name, wait: wait)
        let condition = StackCondition.of(status: current?.status.rawValue)
        switch condition {
        case .stuck(let status):
            let failed = try await progress(stack.name, since: .distantPast)
            let blocking = StackProgress.failed(failed).prefix(3)
                .map { "\($0.logicalResourceId): \($0.reason ?? $0.status)" }
            let remedy = StackProgress.remedy(stack: stack.name, status: status, failed: StackProgress.failed(failed))
            throw DeployError.needsHuman(stack: stack.name, status: status, blocking: Array(blocking), remedy: remedy)
        case .failedCreate:
            log.info(
                "ROLLBACK_COMPLETE after a failed first create: deleting it to create it again",
                metadata: ["stack": "\(stack.name)", "status": "ROLLBACK_COMPLETE"])
            try await cloudFormation.deleteStack(name: stack.name, roleArn: roleArn)
            current = try await waitUntilSettled(stack.name, wait: wait)
        case .inReview:
            log.info(
                "REVIEW_IN_PROGRESS (a create that was never executed): creating it",
                metadata: ["stack": "\(stack.name)", "status": "REVIEW_IN_PROGRESS"])
            current = nil
        case .absent, .ready, .busy:
            break
        }
        if current != nil || condition == .inReview { try await deleteLeftoverChangeSets(stack.name) }
        let type: ChangeSetType = current == nil ? .create : .update
        let name = Self.changeSetName(body: stack.body, now: Date())
        let template = try await templates?.source(for: stack) ?? .body(stack.body)
        if case .url(let url) = template {
            log.info(
                "template of \(stack.bodyBytes) bytes passed by URL \(url)",
                metadata: ["stack": "\(stack.name)", "bytes": "\(stack.bodyBytes)", "url": "\(url)"])
        }
        let started = Date()
        try await createChangeSet(
            CreateChangeSetInput(
                stackName: stack.name, changeSetName: name, changeSetType: type, template: template,
                parameters: stack.parameters.sorted { $0.key < $1.key }.map {
                    StackParameter(key: $0.key, value: $0.value)
                },
                tags: tags.sorted { $0.key < $1.key }.map { StackTag(key: $0.key, value: $0.value) },
                capabilities: [.iam, .namedIAM, .autoExpand], description: "Ballast", roleArn: roleArn))
        let changeSet = try await vanishing(name) { try await waitForChangeSet(name, stack: stack.name, wait: wait) }
        if changeSet.status == .failed {
            let reason = changeSet.statusReason ?? ""
            try await cloudFormation.deleteChangeSet(name: name, stackName: stack.name)
            if reason.contains("didn't contain changes") || reason.contains("No updates are to be performed") {
                try await applyProtection(stack, current: current)
                return .unchanged
            }
            throw DeployError.changeSetFailed(stack: stack.name, reason: reason)
        }
        log.info(
            "executing \(type == .create ? "create" : "update") (\(changeSet.changes.count) changes)",
            metadata: ["stack": "\(stack.name)", "changeSet": "\(name)", "changes": "\(changeSet.changes.count)"])
        try await vanishing(name) { try await execute(name, stack: stack.name) }
        let final = try await waitForStack(stack.name, since: started, wait: wait)
        guard StackCondition.succeeded(final) else {
            let failed = try await failedEvents(stack.name, since: started)
            let first = failed.last.map {
                "\($0.logicalResourceId) (\($0.resourceType)): \($0.resourceStatusReason ?? "")"
            }
            let events = try await progress(stack.name, since: started)
            let remedy = StackProgress.remedy(stack: stack.name, status: final, failed: StackProgress.failed(events))
            throw DeployError.operationFailed(stack: stack.name, status: final, firstFailure: first, remedy: remedy)
        }
        try await applyProtection(stack, current: current)
        return .deployed(status: final)
    }

    /// Creates the change set. When the answer was lost (garbled, or a retry refused with
    /// `AlreadyExistsException` because the first attempt got through), the change set is looked
    /// up by its name: if it is there, it was made.
    private func createChangeSet(_ input: CreateChangeSetInput) async throws {
        do {
            _ = try await cloudFormation.createChangeSet(input)
        } catch let error
            where error is ResponseDecodingError || (error as? AWSError)?.cloudFormationErrorCode == .alreadyExists
        {
            let made = try? await cloudFormation.describeChangeSetAllPages(
                name: input.changeSetName, stackName: input.stackName)
            guard made != nil else { throw error }
            log.info(
                "change set \(input.changeSetName) was created (its answer was lost)",
                metadata: ["stack": "\(input.stackName)", "changeSet": "\(input.changeSetName)"])
        }
    }

    /// Runs `body`, turning "the change set `name` does not exist" into `ChangeSetVanished`.
    private func vanishing<T>(_ name: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as AWSError where error.isMissingChangeSet {
            throw ChangeSetVanished(name: name)
        }
    }

    /// Deletes the change sets an earlier deploy of this stack made and never executed (it was
    /// killed between creating and executing or deleting one): CloudFormation removes a stack's
    /// change sets only when one of them is executed, so an empty one would stay for good.
    /// Change sets not named by Ballast, and any being computed or executed, are left alone.
    private func deleteLeftoverChangeSets(_ stack: String) async throws {
        let leftovers = try await cloudFormation.listAllChangeSets(stackName: stack).filter {
            $0.stackName == stack && $0.name.hasPrefix("ballast-") && !$0.status.isPending
                && [.available, .unavailable, .obsolete].contains($0.executionStatus)
        }
        for leftover in leftovers {
            log.info(
                "deleting change set \(leftover.name), left \(leftover.status) by an earlier deploy",
                metadata: ["stack": "\(stack)", "changeSet": "\(leftover.name)"])
            try await cloudFormation.deleteChangeSet(name: leftover.name, stackName: stack)
        }
    }

    /// Executes the change set. When the call's answer was lost and the retry was refused with
    /// `InvalidChangeSetStatus`, the change set shows whether the first attempt started it: then
    /// it counts as executed (the stack's events tell how it went), otherwise the refusal stands.
    private func execute(_ name: String, stack: String) async throws {
        do {
            try await cloudFormation.executeChangeSet(name: name, stackName: stack)
        } catch let error as AWSError where error.cloudFormationErrorCode == .invalidChangeSetStatus {
            let changeSet = try await cloudFormation.describeChangeSetAllPages(name: name, stackName: stack)
            guard changeSet.executionStatus.rawValue.hasPrefix("EXECUTE_") else { throw error }
            log.info(
                "change set \(name) already \(changeSet.executionStatus.rawValue) (a retried call)",
                metadata: ["stack": "\(stack)", "changeSet": "\(name)"])
        }
    }

    /// Termination protection and the stack policy, as synthesized.
    private func applyProtection(_ stack: SynthesizedStack, current: CloudFormationStack?) async throws {
        if current?.terminationProtection != stack.terminationProtection {
            _ = try await cloudFormation.updateTerminationProtection(
                name: stack.name, enabled: stack.terminationProtection)
        }
        if let policy = stack.stackPolicy {
            try await cloudFormation.setStackPolicy(name: stack.name, policyBody: CanonicalJSON.encode(policy))
        }
    }

    /// The stack once no operation is in progress on it (nil: it does not exist). Without a
    /// `wait` (a stack whose resources are not known here), the bound is `timeout` or an hour.
    func waitUntilSettled(_ name: String, wait: StackWait? = nil) async throws -> CloudFormationStack? {
        let wait =
            wait
            ?? StackWait(firstDelay: pollInterval, maximumDelay: maximumPollInterval, bound: timeout ?? .seconds(3600))
        let deadline = ContinuousClock.now + wait.bound
        var polls = 0
        while true {
            guard let stack = try await cloudFormation.describeStack(name: name) else { return nil }
            if stack.status == .deleteComplete { return nil }
            if StackCondition.isTerminal(stack.status.rawValue) { return stack }
            guard ContinuousClock.now < deadline else {
                throw try await stillInProgress(name, status: stack.status.rawValue, wait: wait, since: .distantPast)
            }
            if polls == 0 {
                log.info(
                    "\(stack.status.rawValue); waiting for it to settle",
                    metadata: ["stack": "\(name)", "status": "\(stack.status.rawValue)"])
            }
            try await Task.sleep(for: wait.delay(afterPolls: polls))
            polls += 1
        }
    }

    private func waitForChangeSet(_ name: String, stack: String, wait: StackWait) async throws -> ChangeSet {
        let deadline = ContinuousClock.now + wait.bound
        var polls = 0
        while true {
            let changeSet = try await cloudFormation.describeChangeSetAllPages(name: name, stackName: stack)
            if [.createComplete, .failed].contains(changeSet.status) { return changeSet }
            guard ContinuousClock.now < deadline else {
                throw DeployError.changeSetTimedOut(
                    stack: stack, changeSet: name, status: changeSet.status.rawValue, bound: wait.bound)
            }
            try await Task.sleep(for: wait.delay(afterPolls: polls))
            polls += 1
        }
    }

    /// The error for a stack whose operation outlived its bound: the resources still in progress.
    private func stillInProgress(_ name: String, status: String, wait: StackWait, since start: Date) async throws
        -> DeployError
    {
        let busy = StackProgress.inProgress(try await progress(name, since: start))
            .map { "\($0.logicalResourceId) (\($0.resourceType)) \($0.status)" }
        return .timedOut(stack: name, status: status, bound: wait.bound, inProgress: busy)
    }

    /// The stack's events since `start`, newest first, as far as progress goes.
    private func progress(_ name: String, since start: Date) async throws -> [StackProgress.Event] {
        try await cloudFormation.describeStackEvents(name: name, since: start).map {
            StackProgress.Event(
                logicalResourceId: $0.logicalResourceId, resourceType: $0.resourceType,
                status: $0.resourceStatus.rawValue, reason: $0.resourceStatusReason)
        }
    }

    /// Waits for a terminal status, logging every new event.
    private func waitForStack(_ name: String, since start: Date, wait: StackWait) async throws -> String {
        var seen = Set<String>()
        let deadline = ContinuousClock.now + wait.bound
        var polls = 0
        while true {
            let events = try await cloudFormation.describeStackEvents(name: name, since: start.addingTimeInterval(-1))
            for event in events.reversed() where seen.insert(event.eventId).inserted {
                let reason = event.resourceStatusReason.map { " — \($0)" } ?? ""
                log.info(
                    "\(event.logicalResourceId) \(event.resourceType) \(event.resourceStatus.rawValue)\(reason)",
                    metadata: [
                        "stack": "\(name)", "resource": "\(event.logicalResourceId)",
                        "resourceType": "\(event.resourceType)",
                        "status": "\(event.resourceStatus.rawValue)",
                    ])
            }
            guard let stack = try await cloudFormation.describeStack(name: name) else {
                return StackStatus.deleteComplete.rawValue
            }
            if StackCondition.isTerminal(stack.status.rawValue) { return stack.status.rawValue }
            guard ContinuousClock.now < deadline else {
                throw try await stillInProgress(
                    name, status: stack.status.rawValue, wait: wait, since: start.addingTimeInterval(-1))
            }
            try await Task.sleep(for: wait.delay(afterPolls: polls))
            polls += 1
        }
    }

    private func failedEvents(_ name: String, since start: Date) async throws -> [StackEvent] {
        try await cloudFormation.describeStackEvents(name: name, since: start).filter {
            $0.resourceStatus.rawValue.hasSuffix("_FAILED")
        }
    }
}
