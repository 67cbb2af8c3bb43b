import BallastGit
import BallastModel
import Foundation
import Testing

/// What a commit holds where the format expects a file or a folder, but cannot be read as one,
/// is an error at its path: never a file or folder that is not there.
@Suite("reading desired/ from a commit: nothing unreadable taken for an absence")
struct DesiredTreeUnreadableTests {
    private func exampleRepository(_ fixture: GitFixture) throws -> (work: String, commit: CommitID) {
        let (_, work) = try fixture.makeRemote()
        let commit = try fixture.commit(GitFixture.exampleDesiredFiles(), in: work, message: "example")
        return (work, try #require(CommitID(hex: commit)))
    }

    private func head(_ fixture: GitFixture, _ work: String) throws -> CommitID {
        try #require(
            CommitID(hex: fixture.git(["rev-parse", "HEAD"], in: work).trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    private func loadErrors(_ tree: DesiredTree) -> [String] {
        do {
            _ = try DesiredStateLoader.load(tree)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test("a folder committed where a function file is expected is an error at that path")
    func folderWhereFileIsExpected() throws {
        let fixture = try GitFixture()
        let (work, _) = try exampleRepository(fixture)
        try fixture.git(["rm", "-q", "desired/functions/orders.yaml"], in: work)
        let commit = try #require(
            CommitID(
                hex: fixture.commit(["desired/functions/orders.yaml/inner.yaml": "name: orders\n"], in: work)))
        let tree = try GitRepository.open(path: work).desiredTree(at: commit)
        #expect(tree.entries["functions/orders.yaml/inner.yaml"] == nil)
        #expect(
            loadErrors(tree) == ["functions/orders.yaml: \(DesiredTree.folderWhereFileIsExpectedMessage)"])
    }

    @Test("a submodule in place of functions/ is reported as one, at functions")
    func submoduleInPlaceOfFunctions() throws {
        let fixture = try GitFixture()
        let (work, commit) = try exampleRepository(fixture)
        try fixture.git(["rm", "-q", "-r", "desired/functions"], in: work)
        try fixture.git(
            ["update-index", "--add", "--cacheinfo", "160000,\(commit.hex),desired/functions"], in: work)
        try fixture.git(["commit", "-q", "-m", "functions as a submodule"], in: work)
        let tree = try GitRepository.open(path: work).desiredTree(at: try head(fixture, work))
        #expect(
            loadErrors(tree) == [
                "functions: a submodule (commit \(commit.short)); the desired state must be files in this repository"
            ])
    }

    @Test("a dangling link in place of functions/ is reported as one, at functions")
    func danglingLinkInPlaceOfFunctions() throws {
        let fixture = try GitFixture()
        let (work, _) = try exampleRepository(fixture)
        try fixture.git(["rm", "-q", "-r", "desired/functions"], in: work)
        try FileManager.default.createSymbolicLink(atPath: work + "/desired/functions", withDestinationPath: "gone")
        let commit = try #require(CommitID(hex: fixture.commit([:], in: work, message: "functions as a link")))
        let tree = try GitRepository.open(path: work).desiredTree(at: commit)
        #expect(loadErrors(tree) == ["functions: symbolic link points to nothing (gone)"])
    }

    @Test("a blob the repository does not hold is an error naming its path, not a missing file")
    func missingBlob() throws {
        let fixture = try GitFixture()
        let (work, _) = try exampleRepository(fixture)
        let ghost = String(repeating: "ab", count: 20)
        try fixture.git(
            ["update-index", "--add", "--cacheinfo", "100644,\(ghost),desired/functions/ghost.yaml"], in: work)
        let tree = try fixture.git(["write-tree", "--missing-ok"], in: work).trimmingCharacters(
            in: .whitespacesAndNewlines)
        let commit = try fixture.git(["commit-tree", tree, "-p", "HEAD", "-m", "ghost"], in: work)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let error = #expect(throws: GitError.self) {
            try GitRepository.open(path: work).desiredTree(at: try #require(CommitID(hex: commit)))
        }
        #expect(error?.description.contains("desired/functions/ghost.yaml") == true, "\(String(describing: error))")
    }
}
