import BallastGit
import Foundation
import Testing

@Suite("notes and approvals in Git")
struct NotesTests {
    @Test("a status note is written on the commit and pushed to the remote")
    func statusNotePushed() throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        try fixture.commit(["desired/README.md": "one"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        let mirror = try GitRepository.mirror(remote: bare, cache: fixture.path("cache"))
        try mirror.fetch()
        let commit = try mirror.resolve(branch: "main")
        #expect(try mirror.note(on: commit) == nil)

        try mirror.writeNote("phase: Applied\nstage: dev\n", on: commit)
        #expect(try mirror.note(on: commit) == "phase: Applied\nstage: dev\n")
        try mirror.pushNotes()
        let shown = try fixture.git(["notes", "--ref=ballast", "show", commit.hex], in: bare)
        #expect(shown == "phase: Applied\nstage: dev\n")

        // Replaced on the next pass, and a second mirror sees it after a fetch.
        try mirror.writeNote("phase: Failed\n", on: commit)
        try mirror.pushNotes()
        #expect(try fixture.git(["notes", "--ref=ballast", "show", commit.hex], in: bare) == "phase: Failed\n")
        let other = try GitRepository.mirror(remote: bare, cache: fixture.path("cache-2"))
        try other.fetch()
        #expect(try other.note(on: commit) == "phase: Failed\n")
    }

    @Test("a push of a notes ref someone else moved is rejected; GitMirror fetches and retries")
    func concurrentNotes() async throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        let head = try fixture.commit(["desired/README.md": "one"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        let mirror = try GitRepository.mirror(remote: bare, cache: fixture.path("cache"))
        try mirror.fetch()
        let commit = try mirror.resolve(branch: "main")

        try fixture.git(["notes", "--ref=ballast", "add", "-m", "from someone else", head], in: work)
        try fixture.git(["push", "-q", "origin", "refs/notes/ballast"], in: work)
        try mirror.writeNote("mine", on: commit)
        let error = #expect(throws: GitError.self) { try mirror.pushNotes() }
        guard case .pushRejected(let reference, _) = error else {
            Issue.record("expected pushRejected, got \(String(describing: error))")
            return
        }
        #expect(reference == "refs/notes/ballast")

        let actor = GitMirror(remote: bare, cache: fixture.path("cache"))
        try await actor.publishNote("mine\n", on: commit)
        #expect(try fixture.git(["notes", "--ref=ballast", "show", head], in: bare) == "mine\n")
    }

    @Test("updateNote after someone else pushed a line of the note: made again from theirs, both lines kept")
    func updateKeepsTheirLine() async throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        let head = try fixture.commit(["desired/README.md": "one"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        let actor = GitMirror(remote: bare, cache: fixture.path("cache"))
        let commit = try #require(CommitID(hex: head))
        try await actor.withRepository { repository throws(GitError) in try repository.fetch() }
        // Another application's controller writes its line after this mirror's last fetch.
        try fixture.git(["notes", "--ref=ballast", "add", "-m", "application=billing line", head], in: work)
        try fixture.git(["push", "-q", "origin", "refs/notes/ballast"], in: work)
        try await actor.updateNote(on: commit) { existing in (existing ?? "") + "application=shop line\n" }
        #expect(
            try fixture.git(["notes", "--ref=ballast", "show", head], in: bare)
                == "application=billing line\napplication=shop line\n")
    }

    @Test("approvals are recorded as a note and pushed under refs/notes/ballast-approvals")
    func approvals() throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        try fixture.commit(["desired/README.md": "one"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        let mirror = try GitRepository.mirror(remote: bare, cache: fixture.path("cache"))
        try mirror.fetch()
        let commit = try mirror.resolve(branch: "main")
        let time = Date(timeIntervalSince1970: 1_735_787_045)
        try mirror.approve(commit, Approval(stage: "prod", approver: "alice@example.com", time: time))
        try mirror.approve(commit, Approval(stage: "prod", approver: "alice@example.com", time: time))
        try mirror.approve(commit, Approval(stage: "prod", approver: "bob@example.com", time: time))
        try mirror.approve(
            commit, Approval(stage: "prod", approver: "bob@example.com", time: time, plan: "0123456789abcdef"))
        try mirror.pushNotes(.approvals)

        let shown = try fixture.git(["notes", "--ref=ballast-approvals", "show", commit.hex], in: bare)
        #expect(
            shown == """
                approved stage=prod by=alice@example.com at=2025-01-02T03:04:05Z
                approved stage=prod by=bob@example.com at=2025-01-02T03:04:05Z
                approved stage=prod by=bob@example.com plan=0123456789abcdef at=2025-01-02T03:04:05Z

                """)
        let other = try GitRepository.mirror(remote: bare, cache: fixture.path("cache-2"))
        try other.fetch()
        #expect(
            try other.approvals(of: commit).map(\.approver) == [
                "alice@example.com", "bob@example.com", "bob@example.com",
            ])
        #expect(try other.approvals(of: commit).map(\.plan) == [nil, nil, "0123456789abcdef"])
        #expect(try other.note(on: commit, ref: .status) == nil)
        #expect(throws: GitError.self) {
            try mirror.approve(commit, Approval(stage: "prod stage", approver: "eve", time: time))
        }
    }

    @Test("an approval may name its application: it then approves that application's stage only, read back as written")
    func applicationApprovals() throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        try fixture.commit(["desired/README.md": "one"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        let mirror = try GitRepository.mirror(remote: bare, cache: fixture.path("cache"))
        try mirror.fetch()
        let commit = try mirror.resolve(branch: "main")
        let time = Date(timeIntervalSince1970: 1_735_787_045)
        try mirror.approve(
            commit,
            Approval(stage: "prod", approver: "alice", time: time, plan: "0123456789abcdef", application: "shop"))
        try mirror.pushNotes(.approvals)
        let shown = try fixture.git(["notes", "--ref=ballast-approvals", "show", commit.hex], in: bare)
        #expect(
            shown == "approved application=shop stage=prod by=alice plan=0123456789abcdef at=2025-01-02T03:04:05Z\n")
        let approval = try #require(try mirror.approvals(of: commit).first)
        #expect(approval.application == "shop")
        #expect(approval.approves(stage: "prod", application: "shop"))
        #expect(!approval.approves(stage: "prod", application: "billing"))
        #expect(!approval.approves(stage: "prod", application: nil))
        #expect(!approval.approves(stage: "dev", application: "shop"))
        // One naming no application approves the stage of any, as the single form's always did.
        let any = Approval(stage: "prod", approver: "bob", time: time)
        #expect(any.approves(stage: "prod", application: "billing") && any.approves(stage: "prod", application: nil))
        #expect(throws: GitError.self) {
            try mirror.approve(commit, Approval(stage: "prod", approver: "eve", time: time, application: "a b"))
        }
    }

    @Test("every note under a ref is listed with its commit; a ref that does not exist lists none")
    func listNotes() throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        let first = try fixture.commit(["desired/README.md": "one"], in: work)
        let second = try fixture.commit(["desired/README.md": "two"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        let mirror = try GitRepository.mirror(remote: bare, cache: fixture.path("cache"))
        try mirror.fetch()
        #expect(try mirror.notes().isEmpty)

        try fixture.git(["notes", "--ref=ballast", "add", "-m", "on the first", first], in: work)
        try fixture.git(["notes", "--ref=ballast", "add", "-m", "on the second", second], in: work)
        try fixture.git(["notes", "--ref=ballast-approvals", "add", "-m", "approved", second], in: work)
        try fixture.git(["push", "-q", "origin", "refs/notes/*:refs/notes/*"], in: work)
        try mirror.fetch()
        let listed = try mirror.notes().sorted { $0.text < $1.text }
        #expect(listed.map(\.commit.hex) == [first, second])
        #expect(listed.map(\.text) == ["on the first\n", "on the second\n"])
        #expect(try mirror.notes(ref: .approvals).map(\.text) == ["approved\n"])
    }
}
