import ArgumentParser
import BallastController
import BallastGit
import BallastModel
import BallastSynth
import Foundation
import Logging

/// A command failed for a reason the user can act on: printed as one line, exit 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Loading the desired state the way every command does: an invalid one ends the command
/// with a ``DesiredStateFailure`` (every error with its position, exit 1).
enum DesiredStateCommandSupport {
    /// The desired state from the folder, or from the branch of the repository.
    static func load(_ options: DesiredOptions) async throws -> DesiredState {
        try await loadWithSource(options).state
    }

    /// The desired state and the commit it was read from (nil for a folder).
    static func loadWithSource(_ options: DesiredOptions) async throws -> (state: DesiredState, commit: String?) {
        let source = try await read(options)
        do {
            let state = try DesiredStateLoader.load(source.tree)
            var metadata: Logger.Metadata = [
                "application": "\(state.project)", "source": "\(source.root)",
                "stages": .array(state.stages.map { "\($0.name)" }),
            ]
            if let commit = source.commit { metadata["commit"] = "\(commit)" }
            Logger(label: "ballast").debug("desired state read", metadata: metadata)
            return (state, source.commit)
        } catch {
            throw DesiredStateFailure(errors: error.errors, root: source.root)
        }
    }

    /// The files of the desired state and how to name their root in messages: the folder, or
    /// `repo@branch:desired` read from the branch's newest commit through a cached mirror.
    static func tree(_ options: DesiredOptions) async throws -> (DesiredTree, String) {
        let source = try await read(options)
        Logger(label: "ballast").debug(
            "desired files read", metadata: ["source": "\(source.root)", "files": "\(source.tree.entries.count)"])
        return (source.tree, source.root)
    }

    /// The files, their root's name in messages, and the commit they were read at.
    private static func read(_ options: DesiredOptions) async throws -> (
        tree: DesiredTree, root: String, commit: String?
    ) {
        guard let repo = options.repo, let branch = options.branch else {
            do {
                return (try DesiredTree.read(directory: options.desired), options.desired, nil)
            } catch {
                throw CommandFailure(error.description)
            }
        }
        let mirror = try mirror(of: repo)
        do {
            let commit = try await mirror.fetch(resolving: branch)
            return (try await mirror.desiredTree(at: commit), "\(RemoteURL(repo))@\(branch):desired", commit.hex)
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    /// The cached mirror of `repo` the commands share (`$BALLAST_CACHE_DIR`, default
    /// `~/.cache/ballast`), with credentials from the environment. A remote that can never work
    /// (a missing path, `ssh://` without a key) is refused here, before anything is fetched;
    /// what exposes a secret is said once on stderr. The folder is named after the redacted
    /// address, so no hash of a password ends up in a path.
    static func mirror(of repo: String) throws -> GitMirror {
        let environment = ProcessInfo.processInfo.environment
        if let problem = GitCredentials.environmentProblem(environment) { throw CommandFailure(problem) }
        let credentials = GitCredentials.fromEnvironment(environment)
        do {
            let check = try RemoteCheck(remote: repo, credentials: credentials)
            for warning in check.warnings {
                Logger(label: "ballast").warning("\(warning)")
            }
        } catch {
            throw CommandFailure("\(error)")
        }
        let cache =
            environment["BALLAST_CACHE_DIR"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/ballast").path
        let url = RemoteURL(repo)
        if url.carriesSecret {
            // Before, the folder was named after the URL as given, and its config held the secret:
            // that cache is dropped (the mirror under the redacted name replaces it).
            try? FileManager.default.removeItem(atPath: cache + "/" + Naming.shortHash(repo).lowercased())
        }
        return GitMirror(
            remote: repo, cache: cache + "/" + Naming.shortHash(url.redacted).lowercased(), credentials: credentials)
    }
}

/// Which stages a command acts on.
enum StageSelection {
    /// The named stage; without a name, the stages of `branch` (every stage without a branch).
    static func select(_ name: String?, branch: String? = nil, in state: DesiredState) throws -> [Stage] {
        guard let name else {
            guard let branch else { return state.stages }
            let stages = state.stages(forBranch: branch)
            guard !stages.isEmpty else {
                throw CommandFailure(
                    "no stage deploys branch '\(branch)'; stages: \(state.stages.map { "\($0.name) (\($0.branch))" }.joined(separator: ", "))"
                )
            }
            return stages
        }
        guard let stage = state.stage(named: name) else {
            throw CommandFailure("unknown stage '\(name)'; stages: \(state.stages.map(\.name).joined(separator: ", "))")
        }
        return [stage]
    }
}

/// The AWS session of a command, from the environment as every AWS tool reads it.
enum AWSAccess {
    /// Every request attempt is logged at debug level with its service and operation.
    static func session() throws -> AWSSession {
        let logger = Logger(label: "ballast")
        do {
            return try AWSSession(environment: .process()) { service, operation in
                logger.debug("AWS request", metadata: ["service": "\(service)", "operation": "\(operation)"])
            }
        } catch {
            throw CommandFailure("cannot reach AWS: \(error)")
        }
    }
}
