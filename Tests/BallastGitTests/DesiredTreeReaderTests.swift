import BallastGit
import BallastModel
import Foundation
import Testing

@Suite("reading desired/ from a commit")
struct DesiredTreeReaderTests {
    /// A working repository with the example application's desired state committed.
    private func exampleRepository(_ fixture: GitFixture) throws -> (work: String, commit: CommitID) {
        let (_, work) = try fixture.makeRemote()
        let commit = try fixture.commit(GitFixture.exampleDesiredFiles(), in: work, message: "example")
        return (work, try #require(CommitID(hex: commit)))
    }

    private func text(_ entry: DesiredTree.Entry?) -> String? {
        guard case .file(let data) = entry else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    private func reason(_ entry: DesiredTree.Entry?) -> String? {
        guard case .rejected(let reason) = entry else { return nil }
        return reason
    }

    @Test("desired/ read from a commit loads to the same state as the folder that was committed")
    func sameAsCommittedFiles() throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        let files = try GitFixture.exampleDesiredFiles()
        try fixture.commit(files, in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        let mirror = try GitRepository.mirror(remote: bare, cache: fixture.path("cache"))
        try mirror.fetch()
        let tree = try mirror.desiredTree(at: mirror.resolve(branch: "main"))

        #expect(Set(tree.entries.keys) == Set(files.keys.map { String($0.dropFirst("desired/".count)) }))
        for (path, contents) in files {
            #expect(text(tree.entries[String(path.dropFirst("desired/".count))]) == contents, "\(path)")
        }
        let fromGit = try DesiredStateLoader.load(tree)
        let fromDisk = try DesiredStateLoader.load(directory: work + "/desired")
        #expect(fromGit == fromDisk)
        #expect(fromGit.project == "shop")
    }

    @Test("a commit without desired/ is an error; so is a desired that is a file")
    func missingDesiredFolder() throws {
        let fixture = try GitFixture()
        let (_, work) = try fixture.makeRemote()
        let first = try #require(CommitID(hex: fixture.commit(["README.md": "no state here"], in: work)))
        let repository = try GitRepository.open(path: work)
        let error = #expect(throws: GitError.self) { try repository.desiredTree(at: first) }
        #expect(error == .desiredFolderMissing(commit: first, folder: "desired", found: nil))
        #expect(error?.description.contains("has no 'desired/' folder") == true)

        let second = try #require(CommitID(hex: fixture.commit(["desired": "a file"], in: work)))
        #expect(throws: GitError.desiredFolderMissing(commit: second, folder: "desired", found: "file")) {
            try repository.desiredTree(at: second)
        }
    }

    @Test("a symbolic link leading outside desired/ is rejected; one inside is followed")
    func symbolicLinks() throws {
        let fixture = try GitFixture()
        let (work, _) = try exampleRepository(fixture)
        try FileManager.default.createSymbolicLink(
            atPath: work + "/desired/functions/escape.yaml", withDestinationPath: "../../../../etc/passwd")
        try FileManager.default.createSymbolicLink(
            atPath: work + "/desired/functions/absolute.yaml", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(
            atPath: work + "/desired/templates/linked.yaml", withDestinationPath: "assets.yaml")
        try FileManager.default.createSymbolicLink(
            atPath: work + "/desired/linked-folder", withDestinationPath: "databases")
        try FileManager.default.createSymbolicLink(
            atPath: work + "/desired/dangling.yaml", withDestinationPath: "nothing.yaml")
        let commit = try #require(CommitID(hex: fixture.commit([:], in: work, message: "links")))
        let tree = try GitRepository.open(path: work).desiredTree(at: commit)

        #expect(
            reason(tree.entries["functions/escape.yaml"])?.contains("leads outside the desired-state folder") == true)
        #expect(reason(tree.entries["functions/absolute.yaml"])?.contains("leads outside") == true)
        #expect(reason(tree.entries["dangling.yaml"])?.contains("points to nothing") == true)
        let assets = try String(contentsOfFile: work + "/desired/templates/assets.yaml", encoding: .utf8)
        #expect(text(tree.entries["templates/linked.yaml"]) == assets)
        #expect(text(tree.entries["linked-folder/main.yaml"]) == text(tree.entries["databases/main.yaml"]))
        // The loader reports the rejected link at its path: nothing is applied.
        let errors = #expect(throws: DesiredStateErrors.self) { try DesiredStateLoader.load(tree) }
        #expect(errors?.errors.contains { $0.file == "functions/escape.yaml" } == true)
    }

    @Test("a submodule inside desired/ is rejected")
    func submodule() throws {
        let fixture = try GitFixture()
        let (work, commit) = try exampleRepository(fixture)
        try fixture.git(
            ["update-index", "--add", "--cacheinfo", "160000,\(commit.hex),desired/functions/vendored"], in: work)
        try fixture.git(["commit", "-q", "-m", "submodule"], in: work)
        let head = try fixture.git(["rev-parse", "HEAD"], in: work).trimmingCharacters(in: .whitespacesAndNewlines)
        let withSubmodule = try #require(CommitID(hex: head))
        let tree = try GitRepository.open(path: work).desiredTree(at: withSubmodule)
        #expect(
            reason(tree.entries["functions/vendored"])
                == "a submodule (commit \(commit.short)); the desired state must be files in this repository")
    }

    @Test("a blob over 1 MiB is rejected from its header, without being loaded")
    func hugeBlob() throws {
        let fixture = try GitFixture()
        let (work, _) = try exampleRepository(fixture)
        let size = 2 << 20
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<size / 8).flatMap { _ in withUnsafeBytes(of: random.next()) { Array($0) } }
        try Data(bytes).write(to: URL(fileURLWithPath: work + "/desired/functions/huge.yaml"))
        let commit = try #require(CommitID(hex: fixture.commit([:], in: work, message: "huge")))
        // Cut the loose object after its first 4 KiB: its header still says 2 MiB, but its body is
        // gone, so any attempt to load the blob would fail.
        let blob = try fixture.git(["rev-parse", "\(commit.hex):desired/functions/huge.yaml"], in: work)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let objectPath = work + "/.git/objects/" + blob.prefix(2) + "/" + blob.dropFirst(2)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: objectPath))
        try handle.truncate(atOffset: 4096)
        try handle.close()
        #expect(throws: (any Error).self, "git itself can no longer read the blob") {
            try fixture.git(["cat-file", "blob", blob], in: work)
        }

        let tree = try GitRepository.open(path: work).desiredTree(at: commit)
        #expect(reason(tree.entries["functions/huge.yaml"]) == DesiredTree.tooLargeMessage(bytes: size))
        #expect(text(tree.entries["ballast.yaml"]) != nil)
    }

    @Test("a path that is not UTF-8 is rejected and shown escaped")
    func nonUTF8Path() throws {
        let fixture = try GitFixture()
        let (work, _) = try exampleRepository(fixture)
        let blob = try fixture.git(["hash-object", "-w", "--stdin"], in: work, input: Data("name: x\n".utf8))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var line = Data("100644 \(blob)\tdesired/functions/caf".utf8)
        line.append(contentsOf: [0xE9])
        line.append(contentsOf: Array(".yaml\n".utf8))
        try fixture.git(["update-index", "--index-info"], in: work, input: line)
        try fixture.git(["commit", "-q", "-m", "latin-1 name"], in: work)
        let commit = try #require(
            CommitID(hex: fixture.git(["rev-parse", "HEAD"], in: work).trimmingCharacters(in: .whitespacesAndNewlines)))
        let tree = try GitRepository.open(path: work).desiredTree(at: commit)
        #expect(reason(tree.entries["functions/caf\\xE9.yaml"])?.contains("not valid UTF-8") == true)
    }

    @Test("a corrupt object is an error, not a partial tree")
    func corruptObject() throws {
        let fixture = try GitFixture()
        let (work, commit) = try exampleRepository(fixture)
        let blob = try fixture.git(["rev-parse", "\(commit.hex):desired/ballast.yaml"], in: work)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let objectPath = work + "/.git/objects/" + blob.prefix(2) + "/" + blob.dropFirst(2)
        try FileManager.default.removeItem(atPath: objectPath)
        try Data("this is not a zlib stream".utf8).write(to: URL(fileURLWithPath: objectPath))
        let error = #expect(throws: GitError.self) { try GitRepository.open(path: work).desiredTree(at: commit) }
        guard case .operationFailed(let operation, let message) = error else {
            Issue.record("expected operationFailed, got \(String(describing: error))")
            return
        }
        #expect(operation.contains("desired/ballast.yaml"))
        #expect(!message.isEmpty)
    }

    @Test(
        "a desired state of more than 64 MiB of files, or more than 10,000 entries, is refused by both readers as they go"
    )
    func boundedWhole() throws {
        let fixture = try GitFixture()
        let (_, work) = try fixture.makeRemote()
        var files = try GitFixture.exampleDesiredFiles()
        let megabyte = String(repeating: "x", count: 1 << 20)
        for index in 0..<66 { files["desired/notes/big-\(String(format: "%02d", index)).txt"] = megabyte }
        let commit = try #require(CommitID(hex: fixture.commit(files, in: work, message: "big")))
        let fromGit = try GitRepository.open(path: work).desiredTree(at: commit)
        let fromDisk = try DesiredTree.read(directory: work + "/desired")
        for tree in [fromGit, fromDisk] {
            let refused = tree.entries.filter {
                reason($0.value)?.contains("more than 67108864 bytes (64 MiB)") == true
            }
            let read = tree.entries.values.filter { if case .file = $0 { true } else { false } }
            #expect(!refused.isEmpty, "none refused")
            #expect(read.count <= 64 + files.count - 66, "\(read.count) files read")
        }

        var many = try GitFixture.exampleDesiredFiles()
        for index in 0..<10_001 { many["desired/notes/n\(index).txt"] = "" }
        let second = try #require(CommitID(hex: fixture.commit(many, in: work, message: "many")))
        for tree in [
            try GitRepository.open(path: work).desiredTree(at: second),
            try DesiredTree.read(directory: work + "/desired"),
        ] {
            #expect(tree.entries.values.contains { reason($0)?.contains("more than 10000 files and folders") == true })
            #expect(tree.entries.count <= DesiredTreeAllowance.maximumEntries + 1)
        }
        #expect(throws: DesiredStateErrors.self) { try DesiredStateLoader.load(fromGit) }
    }
}
