import BallastControllerConfig
import BallastGit
import BallastModel
import Foundation
import Logging
import ServiceLifecycle

/// Every application's ``ControllerLoop`` this replica reconciles, as one service: each loop
/// runs on its own (its own mirror, stages, status, backoff and approvals), so one failing never
/// holds up another.
///
/// With an `applications:` list it first reads every configured application's stages (one
/// fetch of each remote) and refuses to start when two of them would own the same
/// CloudFormation stacks (``StackOwnership``), naming both and the stack: all replicas read
/// the same configuration, so every one of them refuses. A remote that cannot be fetched then
/// is logged and left to its loop.
public struct ApplicationLoops: Service, CustomStringConvertible {
    /// Two applications would own the same stacks.
    public struct StackCollision: Error, Sendable, CustomStringConvertible {
        /// One sentence per collision.
        public var messages: [String]

        /// The collisions, one a line.
        public var description: String { messages.joined(separator: "\n") }
    }

    private let config: ControllerConfig
    private let loops: [(application: ControllerApplication, loop: ControllerLoop, triggers: PushTriggers)]
    private let listening: ListeningSignal?
    private let logger: Logger

    /// The loops of the applications of `config` that `applications` holds a store for (those
    /// this replica reconciles); the rest as ``ControllerLoop/init(config:application:session:store:metrics:triggers:statuses:notifications:listening:logger:)``.
    public init(
        config: ControllerConfig, applications: ApplicationStatuses, session: AWSSession, metrics: ControllerMetrics,
        statuses: GitHubCommitStatuses?, notifications: Notifications?, listening: ListeningSignal?, logger: Logger
    ) {
        self.config = config
        self.listening = listening
        self.logger = logger
        // One set of pass slots for all of them (`loop.concurrentPasses`).
        let slots = PassSlots(limit: config.loop.concurrentPasses)
        loops = config.resolvedApplications.compactMap { application in
            guard let store = applications.store(of: application.name) else { return nil }
            let triggers = PushTriggers()
            // An application naming a repository of its own posts its commit statuses there.
            let own = statuses.map { statuses in application.githubRepository.map(statuses.on(repository:)) ?? statuses
            }
            let loop = ControllerLoop(
                config: config, application: application, session: session, store: store, metrics: metrics,
                triggers: triggers, statuses: own, notifications: notifications, listening: nil, slots: slots,
                logger: logger)
            return (application, loop, triggers)
        }
    }

    /// The names of the applications reconciled here.
    public var names: [String] { loops.map(\.application.name) }

    /// Hands a pushed branch to every loop (a webhook names no repository; a loop whose
    /// remote has no such branch just polls once more).
    public func push(_ branch: String) {
        for loop in loops { loop.triggers.send(branch) }
    }

    /// The service's name in lifecycle logs.
    public var description: String { "ApplicationLoops(\(loops.count))" }

    public func run() async throws {
        if let listening {
            let listens = await withGracefulShutdownHandler {
                await listening.waitUntilListening()
            } onGracefulShutdown: {
                Task { await listening.releaseWaiters() }
            }
            guard listens else {
                try? await gracefulShutdown()
                return
            }
        }
        if !config.isSingleApplication {
            let collisions = StackOwnership.collisions(await claims())
            guard collisions.isEmpty else { throw StackCollision(messages: collisions) }
        }
        let loops = loops
        try await withThrowingTaskGroup(of: Void.self) { group in
            for entry in loops {
                group.addTask {
                    try await ApplicationScope.$name.withValue(entry.application.name) { try await entry.loop.run() }
                }
            }
            try await group.waitForAll()
        }
    }

    /// What every configured application's desired state names, at its branch's newest commit.
    private func claims() async -> [StackOwnership.Claim] {
        var claims: [StackOwnership.Claim] = []
        for application in config.resolvedApplications {
            let git = application.git
            let mirror = GitMirror(
                remote: git.remote, cache: git.cache, credentials: ControllerLoop.credentials(git))
            do {
                let head = try await mirror.withRepository { repository throws(GitError) in
                    try repository.fetch()
                    return try repository.resolve(branch: git.branch)
                }
                let state = try DesiredStateLoader.load(
                    try await mirror.desiredTree(at: head, folder: application.path))
                claims.append(
                    StackOwnership.Claim(
                        application: application.name, project: state.project, stages: state.stages.map(\.name)))
            } catch {
                logger.warning(
                    """
                    the stages of application \(application.name) could not be read at start, so its stacks were \
                    not checked against the other applications' (its own loop, if here, retries the fetch)
                    """,
                    error: error, metadata: ["application": "\(application.name)"])
            }
        }
        return claims
    }
}
