import BallastControllerConfig
import BallastGit
import BallastModel
import BallastPlan
import Foundation
import Logging
import ServiceLifecycle

/// The reconcile loop of one application of `ballast run`, as a service: fetch its remote,
/// learn the stages from `<path>/ballast.yaml` (`desired/` by default) on its branch, and give each stage a ``StagePass`` on the
/// poll interval (with jitter), at once when a webhook announces a push to its branch, on the
/// rollout tick while a rollout shifts traffic, and later and later after failures. Stages run
/// concurrently; one failing never stops another. On graceful shutdown it takes no new work,
/// lets the passes in flight finish their AWS calls, and returns.
public struct ControllerLoop: Service, CustomStringConvertible, CustomReflectable {
    private let config: ControllerConfig
    private let application: ControllerApplication
    private let listed: Bool
    private let session: AWSSession
    private let store: StatusStore
    private let metrics: ControllerMetrics
    private let triggers: PushTriggers
    private let statuses: GitHubCommitStatuses?
    private let notifications: Notifications?
    private let listening: ListeningSignal?
    private let slots: PassSlots
    private let logger: Logger

    /// A loop over `application`'s remote (by default the first of `config`'s applications),
    /// reconciling through `session` and reporting to `store`,
    /// `metrics`, Git notes and (when given) `statuses` and `notifications`; pushes arrive
    /// through `triggers`. With
    /// `listening`, nothing is fetched or asked of AWS before the HTTP server listens; when it
    /// never does, the loop waits to be stopped. Its stage passes take turns in `slots`, which
    /// the loops of all applications share (by default its own, of `loop.concurrentPasses`).
    public init(
        config: ControllerConfig, application: ControllerApplication? = nil, session: AWSSession, store: StatusStore,
        metrics: ControllerMetrics,
        triggers: PushTriggers, statuses: GitHubCommitStatuses?, notifications: Notifications? = nil,
        listening: ListeningSignal? = nil, slots: PassSlots? = nil, logger: Logger
    ) {
        self.config = config
        let application = application ?? config.resolvedApplications[0]
        self.application = application
        self.listed = !config.isSingleApplication
        self.session = session
        self.store = store
        self.metrics = metrics.for(application: application.name)
        self.triggers = triggers
        self.statuses = statuses
        self.notifications = notifications
        self.listening = listening
        self.slots = slots ?? PassSlots(limit: config.loop.concurrentPasses)
        var logger = logger
        logger[metadataKey: "application"] = "\(application.name)"
        self.logger = logger
    }

    /// The loop and its remote, redacted: never the configuration's fields as they are.
    public var description: String {
        "ControllerLoop(application: \(application.name), remote: \(RemoteURL(application.git.remote)), branch: \(application.git.branch))"
    }

    /// Mirrors (`dump`, `String(reflecting:)`) show the redacted description only.
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }

    /// The Git credentials the configuration names.
    public static func credentials(_ git: ControllerConfig.Git) -> GitCredentials {
        var credentials = GitCredentials()
        if let token = git.tokenFile {
            credentials.https = .token(.file(token), user: git.user ?? "x-access-token")
        } else if let password = git.passwordFile, let user = git.user {
            credentials.https = HTTPSCredentials(user: user, secret: .file(password))
        }
        if let key = git.sshKeyFile {
            credentials.ssh = SSHCredentials(
                privateKey: key,
                knownHosts: git.knownHostsFile ?? (NSHomeDirectory() + "/.ssh/known_hosts"))
        }
        return credentials
    }

    /// Refuses a configuration whose remote can never work (see ``RemoteCheck``) or whose GitHub
    /// token file cannot be read, before anything is fetched or AWS is called; returns the warnings to say once: credentials over
    /// plain `http://` (to the remote or the GitHub API), secret files (Git token or password,
    /// SSH key, webhook secret, GitHub token) that other users can read.
    public static func check(_ config: ControllerConfig) throws(GitError) -> [String] {
        var warnings: [String] = []
        for application in config.resolvedApplications {
            // With a list, each line names the application it is about.
            let about = config.isSingleApplication ? "" : "application \(application.name): "
            do throws(GitError) {
                let check = try RemoteCheck(remote: application.git.remote, credentials: credentials(application.git))
                warnings += check.warnings.map { about + $0 }
            } catch {
                guard !about.isEmpty else { throw error }
                throw GitError.invalidConfiguration(about + "\(error)")
            }
        }
        // Read again for every call (a rotated Secret is picked up), but one that is not there at
        // start is a mistake in the configuration, not a passing fault.
        if let github = config.github, let reason = SecretFileAccess.problem(path: github.tokenFile) {
            throw GitError.invalidConfiguration("the GitHub token file \(github.tokenFile) \(reason)")
        }
        let files = [
            config.http.webhookSecretFile.map { ($0, "the webhook secret file") },
            config.github.map { ($0.tokenFile, "the GitHub token file") },
        ]
        for case let (path, what)? in files {
            if let warning = SecretFileAccess.warning(path: path, what: what) { warnings.append(warning) }
        }
        if let github = config.github, github.apiURL.lowercased().hasPrefix("http://") {
            warnings.append(
                "the GitHub API URL \(RemoteURL(github.apiURL)) is plain http://: the GitHub token crosses the "
                    + "network unencrypted, readable by anyone on the path; use https://")
        }
        return warnings
    }

    public func run() async throws {
        if let listening {
            let listens = await withGracefulShutdownHandler {
                await listening.waitUntilListening()
            } onGracefulShutdown: {
                Task { await listening.releaseWaiters() }
            }
            guard listens else {
                // The server failed (its error ends the group) or a shutdown came first.
                try? await gracefulShutdown()
                return
            }
        }
        let git = application.git
        let signers = try git.allowedSignersFile.map { path throws(GitError) in try AllowedSigners(path: path) }
        let mirror = GitMirror(
            remote: git.remote, cache: git.cache, credentials: Self.credentials(git))
        let wakeups = Wakeups()
        let pass = StagePass(
            application: application.name, listed: listed, folder: application.path, mirror: mirror, session: session,
            store: store, metrics: metrics, statuses: statuses,
            notifications: notifications, allowedSigners: signers, publishNotes: git.notes,
            driftCheck: config.loop.driftCheck,
            schedule: schedule, logger: logger)
        let triggers = triggers
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await branch in triggers.branches { await wakeups.push(branch) }
            }
            await withGracefulShutdownHandler {
                await loop(mirror: mirror, pass: pass, wakeups: wakeups)
            } onGracefulShutdown: {
                triggers.finish()
            }
            group.cancelAll()
        }
        logger.info("the reconcile loop stopped", metadata: ["application": "\(application.name)"])
    }

    private var schedule: LoopSchedule {
        // An application's own interval brings its own jitter (a tenth), as `--interval` does.
        let interval = application.interval ?? config.loop.interval
        let jitter = application.interval.map { $0 / 10 } ?? config.loop.jitter
        return LoopSchedule(interval: interval, jitter: jitter, maximumBackoff: config.loop.maximumBackoff)
    }

    /// When the loop next wakes: the next poll, or, while a rollout is in progress, within
    /// `rolloutTick` (the longest wait between looks at a rollout), sooner when a pass said its
    /// rollouts' next step comes first (``StageTracker/requeueAt``).
    static func wakeTime(
        nextPoll: ContinuousClock.Instant, trackers: [StageTracker], rolloutTick: Duration,
        now: ContinuousClock.Instant
    ) -> ContinuousClock.Instant {
        var wakeAt = nextPoll
        for tracker in trackers where tracker.rolloutActive {
            // A time the pass has already passed (its pass failed since) is no reason to spin.
            let requeue = tracker.requeueAt.map { max($0, now + Reconciler.minimumRequeue) } ?? wakeAt
            wakeAt = min(wakeAt, now + rolloutTick, requeue)
        }
        return wakeAt
    }

    /// Passes until a graceful shutdown.
    private func loop(mirror: GitMirror, pass: StagePass, wakeups: Wakeups) async {
        var trackers: [String: StageTracker] = [:]
        var stages = StageList()
        var nextPoll = ContinuousClock.now
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let pushed = await wakeups.take()
            let pollDue = ContinuousClock.now >= nextPoll
            let rolloutDue = trackers.values.contains { $0.rolloutActive }
            if pollDue || !pushed.isEmpty || rolloutDue {
                (trackers, stages) = await poll(
                    mirror: mirror, pass: pass, trackers: trackers, stages: stages, pushed: pushed)
                FreeMemory.release()
                if pollDue {
                    nextPoll = ContinuousClock.now + schedule.pollDelay(unitRandom: Double.random(in: 0..<1))
                }
            }
            let wakeAt = Self.wakeTime(
                nextPoll: nextPoll, trackers: Array(trackers.values), rolloutTick: config.loop.rolloutTick,
                now: ContinuousClock.now)
            await sleep(until: wakeAt, wakeups: wakeups)
        }
    }

    /// The trackers of stages seen for the first time since the controller started: each one's
    /// last applied commit is read back from the status notes (the newest `applied=yes` line of
    /// the stage), so a force push made while the controller was down is refused all the same.
    /// The notes are read once for all of them. Without notes (or when they cannot be read) the
    /// stages start from nothing, as before.
    private func firstTrackers(for stages: [String], mirror: GitMirror) async -> [String: StageTracker] {
        var trackers = Dictionary(stages.map { ($0, StageTracker()) }, uniquingKeysWith: { first, _ in first })
        guard application.git.notes, !stages.isEmpty else { return trackers }
        do {
            let notes = try await mirror.withRepository { repository throws(GitError) in try repository.notes() }
            for stage in stages {
                guard
                    let commit = StatusNote.lastApplied(
                        stage: stage, application: listed ? application.name : nil, in: notes)
                else { continue }
                trackers[stage]?.lastApplied = commit
                logger.info(
                    "last applied commit \(commit.short) (from refs/notes/ballast)",
                    metadata: ["stage": "\(stage)", "commit": "\(commit.hex)"])
            }
        } catch {
            logger.warning(
                "the status notes could not be read, starting afresh", error: error,
                metadata: ["stages": .array(stages.map { "\($0)" })])
        }
        return trackers
    }

    /// Sleeps until `deadline`, a push, or a graceful shutdown, whichever comes first: an idle
    /// controller wakes only for its polls.
    private func sleep(until deadline: ContinuousClock.Instant, wakeups: Wakeups) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(until: deadline) }
            group.addTask { await wakeups.waitForPush() }
            group.addTask { try? await gracefulShutdown() }
            await group.next()
            group.cancelAll()
        }
    }

    /// One fetch, then a pass of every stage whose branch exists, concurrently (``StageFanOut``).
    private func poll(
        mirror: GitMirror, pass: StagePass, trackers: [String: StageTracker], stages list: StageList,
        pushed: Set<String>
    ) async -> ([String: StageTracker], StageList) {
        let started = ContinuousClock.now
        let branch = application.git.branch
        let heads: [String: CommitID]
        let head: CommitID
        do {
            heads = try await mirror.withRepository { repository throws(GitError) in
                try repository.fetch()
                var heads: [String: CommitID] = [:]
                for name in try repository.branches() { heads[name] = try repository.resolve(branch: name) }
                return heads
            }
            metrics.recordGitFetch(duration: ContinuousClock.now - started)
            await store.markReady()
            guard let tip = heads[branch] else {
                throw GitError.branchNotFound(branch: branch, existing: heads.keys.sorted())
            }
            head = tip
        } catch {
            logger.error(
                "fetching the Git remote failed", error: error,
                metadata: ["application": "\(application.name)", "remote": "\(RemoteURL(application.git.remote))"])
            let problem = "fetching \(RemoteURL(application.git.remote)): \(error)"
            await store.setProblem(problem)
            // Every known stage fails with it, at the commit it last looked at, and is told so.
            for status in await store.allStatuses() {
                var failed = status
                failed.phase = .failed
                failed.reason = .fetchFailed
                failed.message = problem
                failed.lastError = ErrorReport(error)
                failed.time = Date()
                await pass.reportWithoutPass(failed)
            }
            return (trackers.mapValues { $0.reportedWithoutPass() }, list)
        }
        // An invalid desired state at `head` keeps the stages of the last valid commit: the
        // stages deploying `head` then fail in their own passes, and the others go on.
        let list = await list.reading(
            head: head, branch: branch, folder: application.path, mirror: mirror, logger: logger)
        await store.setProblem(list.problem)
        metrics.recordStageList(valid: list.problem == nil)
        let stages = list.stages
        let unseen = stages.map(\.name).filter { trackers[$0] == nil }
        let trackers = trackers.merging(await firstTrackers(for: unseen, mirror: mirror)) { current, _ in current }
        let passes = await StageFanOut.map(stages) { stage -> (String, StageTracker) in
            let tracker = trackers[stage.name] ?? StageTracker()
            guard let tip = heads[stage.branch] else {
                let message = "branch '\(stage.branch)' of stage \(stage.name) does not exist on the remote"
                await pass.reportWithoutPass(
                    StageStatus(
                        stage: stage.name, phase: .failed, reason: .noBranch, message: message, time: Date(),
                        lastError: ErrorReport(message: message)))
                return (stage.name, tracker.reportedWithoutPass())
            }
            let tracked = await slots.run {
                // A pass that waited for its slot through a shutdown is not started.
                guard !Task.isShuttingDownGracefully else { return tracker }
                return await pass.run(
                    stage: stage.name, branch: stage.branch, tip: tip, tracker: tracker,
                    pushed: pushed.contains(stage.branch))
            }
            return (stage.name, tracked)
        }
        let next = Dictionary(passes, uniquingKeysWith: { first, _ in first })
        return (next, list)
    }
}
