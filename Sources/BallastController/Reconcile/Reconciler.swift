import BallastAWS
import BallastModel
import BallastPlan
import BallastSynth
import Foundation
import Logging

/// One reconcile pass of a stage: plan, refuse what loses data, deploy changed stacks in
/// order through change sets, create aliases and start rollouts between the handlers' stacks
/// and the API, delete orphans only with `prune`, advance rollouts (to their end with `wait`).
public struct Reconciler: Sendable {
    /// The session to AWS.
    public let session: AWSSession
    /// Progress events; a pass adds the application and the stage to their metadata.
    public let log: Logger

    /// A reconciler.
    public init(session: AWSSession, log: Logger) {
        self.session = session
        self.log = log
    }

    /// How a pass ended.
    public struct Outcome: Sendable {
        /// The plan that was applied.
        public var plan: StagePlan
        /// Per stack what happened.
        public var stacks: [String: String]
        /// Handlers whose rollout was rolled back in this pass.
        public var rolledBack: [String]
        /// When the rollouts still in progress next need a look (the soonest next step), from the
        /// end of the pass; nil when none is in progress (or the pass waited for them to end).
        public var requeueAfter: Duration? = nil
    }

    /// The shortest ``Outcome/requeueAfter``: a step just taken is looked at again this soon, not
    /// at once.
    public static let minimumRequeue: Duration = .milliseconds(500)

    /// How long from `now` until `earliest`, the soonest time a rollout in progress needs a
    /// look, at least ``minimumRequeue``; nil without one.
    public static func requeueAfter(earliest: Date?, now: Date) -> Duration? {
        earliest.map { earliest in
            max(Self.minimumRequeue, .milliseconds(Int64((earliest.timeIntervalSince(now) * 1000).rounded(.up))))
        }
    }

    /// The longest `reconcile --wait` goes without looking at the gates of a rollout in progress.
    public static let watchInterval: TimeInterval = 2

    /// Reconciles `stage` once. `allowDelete` lets the pass delete most of the stage or all of
    /// one kind (the stage's `prune: true` does too). `planned` is the plan of this pass when the
    /// caller already made it (the controller reports it, and an approval names it, before
    /// anything is applied): that plan is applied, not a second one read moments later.
    public func reconcile(
        _ state: DesiredState, stage: Stage, allowReplace: Set<String> = [], allowDelete: Bool = false,
        commit: String? = nil, wait: Bool = false, planned: Planner.StageResult? = nil
    ) async throws -> Outcome {
        let result: Planner.StageResult
        if let planned {
            result = planned
        } else {
            result = try await Planner(session: session).plan(
                state, stage: stage, allowReplace: allowReplace, allowDelete: allowDelete)
        }
        let plan = result.plan
        guard plan.refusals.isEmpty else {
            throw ReconcileError.refused(stage: stage.name, refusals: plan.refusals)
        }
        let clients = try session.clients(region: stage.region)
        var log = log
        log[metadataKey: "application"] = "\(state.project)"
        log[metadataKey: "stage"] = "\(stage.name)"
        var deployer = StackDeployer(
            cloudFormation: clients.cloudFormation,
            templates: TemplateBucket(s3: clients.s3, sts: clients.sts, region: stage.region), log: log)
        deployer.roleArn = stage.cloudFormationRole
        let driver = RolloutDriver(lambda: clients.lambda, cloudWatch: clients.cloudWatch, log: log)
        let naming = Naming(project: state.project, stage: stage.name)
        let functions = Dictionary(uniqueKeysWithValues: state.functions(in: stage).map { ($0.name, $0) })
        let tags = StackTags.applied(project: state.project, stage: stage.name, commit: commit)
        let changes = Dictionary(plan.stacks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var outcome = Outcome(plan: plan, stacks: [:], rolledBack: [])
        var routed = false
        for stack in result.assembly.stacks {
            if stack.kind > .compute, !routed {
                routed = true
                outcome.rolledBack += try await route(
                    plan.rollouts, functions: functions, driver: driver, naming: naming, commit: commit)
            }
            guard let change = changes[stack.name], change.action != .unchanged else { continue }
            do {
                switch try await deployer.deploy(stack, tags: tags) {
                case .deployed(let status): outcome.stacks[stack.name] = status
                case .unchanged: outcome.stacks[stack.name] = "unchanged"
                }
            } catch {
                throw ReconcileError.deployFailed(stage: stage.name, cause: error)
            }
        }
        if !routed {
            outcome.rolledBack += try await route(
                plan.rollouts, functions: functions, driver: driver, naming: naming, commit: commit)
        }
        if stage.prune {
            for change in plan.stacks.reversed() where change.action == .orphaned {
                log.info("no longer desired; deleting (prune is on)", metadata: ["stack": "\(change.name)"])
                try await clients.cloudFormation.deleteStack(name: change.name, roleArn: stage.cloudFormationRole)
                _ = try await deployer.waitUntilSettled(change.name)
                outcome.stacks[change.name] = StackStatus.deleteComplete.rawValue
            }
        }
        let advanced = try await advanceRollouts(
            functions: Array(functions.values), driver: driver, naming: naming, wait: wait)
        outcome.rolledBack += advanced.rolledBack
        outcome.requeueAfter = Self.requeueAfter(earliest: advanced.nextLook, now: Date())
        return outcome
    }

    /// Creates the aliases of new handlers and starts the rollouts the plan asks for, between
    /// the handlers' stacks and the API's, hooks first; returns the handlers rolled back at once.
    func route(
        _ rollouts: [FunctionRolloutNeed], functions: [String: ResolvedFunction], driver: RolloutDriver, naming: Naming,
        commit: String?
    ) async throws -> [String] {
        var rolledBack: [String] = []
        for need in FunctionRolloutNeed.hooksFirst(rollouts, functions: Array(functions.values)) {
            guard let function = functions[need.function] else { continue }
            switch need.action {
            case .createAlias:
                try await driver.createAlias(functionName: naming.functionName(need.function))
            case .rollout, .supersede:
                if case .rollBack = try await driver.start(function, naming: naming, commit: commit) {
                    rolledBack.append(need.function)
                }
            case .inProgress, .rolledBack, .none:
                break
            }
        }
        return rolledBack
    }

    /// Advances every rollout in progress; with `wait`, until each has ended. Returns the
    /// handlers rolled back and, without `wait`, when the rollouts still in progress next need a
    /// look (their soonest next step; now, for one that just shifted).
    func advanceRollouts(functions: [ResolvedFunction], driver: RolloutDriver, naming: Naming, wait: Bool) async throws
        -> (rolledBack: [String], nextLook: Date?)
    {
        var rolledBack: [String] = []
        var active = functions.sorted { $0.name < $1.name }
        while !active.isEmpty {
            var next: [ResolvedFunction] = []
            var earliest: Date?
            for function in active {
                switch try await driver.advance(function, naming: naming) {
                case .rollBack: rolledBack.append(function.name)
                case .wait(let until), .extend(let until):
                    next.append(function)
                    earliest = min(earliest ?? until, until)
                case .shift:
                    next.append(function)
                    earliest = Date()
                case .complete, .finished, .halt:
                    break
                }
            }
            guard wait, let earliest else { return (rolledBack, earliest) }
            active = next
            // Look again at the next step's time, but at least every `watchInterval` during a
            // bake: an alarm or a failing new version must roll back within seconds, not when
            // the bake would have ended.
            let pause = min(max(0.2, earliest.timeIntervalSinceNow), Self.watchInterval)
            try await Task.sleep(for: .milliseconds(Int(pause * 1000)))
        }
        return (rolledBack, nil)
    }
}
