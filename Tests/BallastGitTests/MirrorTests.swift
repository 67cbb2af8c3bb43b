import BallastGit
import BallastModel
import Foundation
import Testing

@Suite("mirror, fetch and resolve")
struct MirrorTests {
    @Test("a mirror fetches the remote's branches and sees a new commit on the next fetch")
    func fetchSeesNewCommit() throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        let first = try fixture.commit(["desired/README.md": "one"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)

        let mirror = try GitRepository.mirror(remote: bare, cache: fixture.path("cache"))
        try mirror.fetch()
        #expect(try mirror.resolve(branch: "main").hex == first)

        let second = try fixture.commit(["desired/README.md": "two"], in: work, message: "second\n\nbody")
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        let reopened = try GitRepository.mirror(remote: bare, cache: fixture.path("cache"))
        #expect(try reopened.resolve(branch: "main").hex == first, "nothing new before a fetch")
        try reopened.fetch()
        let resolved = try reopened.resolve(branch: "main")
        #expect(resolved.hex == second)
        let info = try reopened.info(of: resolved)
        #expect(info.authorName == "Test")
        #expect(info.authorEmail == "test@example.com")
        #expect(info.summary == "second")
        #expect(info.parents.map(\.hex) == [first])
        #expect(try reopened.isDescendant(resolved, of: #require(CommitID(hex: first))))
    }

    @Test("a missing branch is an error naming the branch and the branches that exist")
    func missingBranch() throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        try fixture.commit(["desired/README.md": "one"], in: work)
        try fixture.git(["push", "-q", "origin", "main", "main:dev"], in: work)
        let mirror = try GitRepository.mirror(remote: bare, cache: fixture.path("cache"))
        try mirror.fetch()
        #expect(try mirror.branches() == ["dev", "main"])
        let error = #expect(throws: GitError.self) { try mirror.resolve(branch: "prod") }
        #expect(error == .branchNotFound(branch: "prod", existing: ["dev", "main"]))
        #expect(error?.description == "git: branch 'prod' does not exist (branches: dev, main)")
    }

    @Test("a branch deleted on the remote disappears from the mirror on the next fetch")
    func deletedBranchIsPruned() throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        try fixture.commit(["desired/README.md": "one"], in: work)
        try fixture.git(["push", "-q", "origin", "main", "main:dev"], in: work)
        let mirror = try GitRepository.mirror(remote: bare, cache: fixture.path("cache"))
        try mirror.fetch()
        try fixture.git(["push", "-q", "origin", ":dev"], in: work)
        try mirror.fetch()
        #expect(throws: GitError.branchNotFound(branch: "dev", existing: ["main"])) {
            try mirror.resolve(branch: "dev")
        }
    }

    @Test("an unreachable remote is a clear error")
    func unreachableRemote() throws {
        let fixture = try GitFixture()
        let missing = try GitRepository.mirror(remote: fixture.path("nowhere.git"), cache: fixture.path("cache-a"))
        let local = #expect(throws: GitError.self) { try missing.fetch() }
        guard case .remoteUnreachable(let remote, let message) = local else {
            Issue.record("expected remoteUnreachable, got \(String(describing: local))")
            return
        }
        #expect(remote == fixture.path("nowhere.git"))
        #expect(!message.isEmpty)

        let port = try BackgroundServer.freePort()
        let closed = try GitRepository.mirror(
            remote: "git://127.0.0.1:\(port)/repo.git", cache: fixture.path("cache-b"))
        let network = #expect(throws: GitError.self) { try closed.fetch() }
        guard case .remoteUnreachable = network else {
            Issue.record("expected remoteUnreachable, got \(String(describing: network))")
            return
        }
    }

    @Test("a force push is a rewind; a new commit on top is a fast-forward")
    func forcePushIsRewind() throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        let base = try fixture.commit(["desired/README.md": "one"], in: work)
        let applied = try fixture.commit(["desired/README.md": "two"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        let mirror = try GitRepository.mirror(remote: bare, cache: fixture.path("cache"))
        try mirror.fetch()
        let lastApplied = try mirror.resolve(branch: "main")
        #expect(lastApplied.hex == applied)
        #expect(try mirror.move(from: lastApplied, to: lastApplied) == .unchanged)

        try fixture.git(["reset", "-q", "--hard", base], in: work)
        let rewritten = try fixture.commit(["desired/README.md": "rewritten"], in: work)
        try fixture.git(["push", "-q", "--force", "origin", "main"], in: work)
        try mirror.fetch()
        let moved = try mirror.resolve(branch: "main")
        #expect(moved.hex == rewritten)
        #expect(try !mirror.isDescendant(moved, of: lastApplied))
        guard case .rewound(let reason) = try mirror.move(from: lastApplied, to: moved) else {
            Issue.record("a force push must be a rewind")
            return
        }
        #expect(reason.contains("does not descend from the last applied commit \(lastApplied.short)"))

        let next = try fixture.commit(["desired/README.md": "next"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        try mirror.fetch()
        #expect(try mirror.resolve(branch: "main").hex == next)
        #expect(try mirror.move(from: moved, to: mirror.resolve(branch: "main")) == .fastForward)
        let unknown = try #require(CommitID(hex: String(repeating: "ab", count: 20)))
        guard case .rewound = try mirror.move(from: unknown, to: moved) else {
            Issue.record("an unknown last applied commit must be a rewind")
            return
        }
    }

    @Test("GitMirror runs fetch, resolve and read on its own queue")
    func actorFacade() async throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        let head = try fixture.commit(["desired/README.md": "notes"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        let mirror = GitMirror(remote: bare, cache: fixture.path("cache"))
        let commit = try await mirror.fetch(resolving: "main")
        #expect(commit.hex == head)
        let tree = try await mirror.desiredTree(at: commit)
        guard case .file(let data) = tree.entries["README.md"] else {
            Issue.record("README.md missing")
            return
        }
        #expect(String(decoding: data, as: UTF8.self) == "notes")
        let branches = try await mirror.withRepository { (repository) throws(GitError) in try repository.branches() }
        #expect(branches == ["main"])
    }
}
