import BallastGit
import Foundation
import Testing

@Suite("fetching the head of a pull request")
struct PullRequestFetchTests {
    @Test("refs/pull/N/head (as GitHub keeps it) is fetched and resolved, and moves with a new push; no branch appears")
    func fetchesHead() throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        try fixture.commit(["desired/README.md": "one"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        let topic = try fixture.commit(["desired/README.md": "topic"], in: work, message: "topic")
        try fixture.git(["push", "-q", "origin", "\(topic):refs/pull/7/head"], in: work)

        let mirror = try GitRepository.mirror(remote: bare, cache: fixture.path("cache"))
        try mirror.fetch()
        #expect(try mirror.fetchPullRequest(7).hex == topic)
        guard case .file(let readme)? = try mirror.desiredTree(at: mirror.fetchPullRequest(7)).entries["README.md"]
        else {
            Issue.record("no desired/README.md at the pull request's head")
            return
        }
        #expect(String(decoding: readme, as: UTF8.self) == "topic")

        let pushed = try fixture.commit(["desired/README.md": "again"], in: work, message: "again")
        try fixture.git(["push", "-q", "-f", "origin", "\(pushed):refs/pull/7/head"], in: work)
        #expect(try mirror.fetchPullRequest(7).hex == pushed)
        try mirror.fetch()
        #expect(try mirror.branches() == ["main"])
        #expect(try mirror.fetchPullRequest(7).hex == pushed, "the branch fetch's pruning leaves it")
    }

    @Test("a pull request the remote has no head for is an error naming it")
    func missing() throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        try fixture.commit(["desired/README.md": "one"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        let mirror = try GitRepository.mirror(remote: bare, cache: fixture.path("cache"))
        let error = #expect(throws: GitError.self) { try mirror.fetchPullRequest(9) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("#9"), "\(String(describing: error))")
    }
}
