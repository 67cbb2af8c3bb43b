import BallastTestSupport
import Foundation
import Testing

/// A scratch folder with real repositories made by the `git` command, removed at the end.
final class GitFixture {
    let root: String

    init() throws {
        try Tool.require("git", install: "apt-get install -y git")
        root = NSTemporaryDirectory() + "ballast-git-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// `root/name`.
    func path(_ name: String) -> String { root + "/" + name }

    /// Runs `git` in `directory` with a fixed identity and no user configuration; returns stdout.
    @discardableResult
    func git(_ arguments: [String], in directory: String, input: Data? = nil) throws -> String {
        try Tool.run(
            "git",
            [
                "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main", "-c",
                "protocol.file.allow=always",
            ]
                + arguments,
            in: directory, input: input,
            environment: ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "HOME": root])
    }

    /// A bare repository `name` (the remote) and a working copy `name-work` that pushes to it.
    func makeRemote(_ name: String = "remote") throws -> (bare: String, work: String) {
        let bare = path(name + ".git")
        let work = path(name + "-work")
        try FileManager.default.createDirectory(atPath: bare, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try git(["init", "--bare", "-q"], in: bare)
        try git(["init", "-q"], in: work)
        try git(["remote", "add", "origin", bare], in: work)
        return (bare, work)
    }

    /// Writes `files` (paths relative to `directory`), commits them all with `message`, returns the commit id.
    @discardableResult
    func commit(_ files: [String: String], in directory: String, message: String = "change", extra: [String] = [])
        throws -> String
    {
        for (relative, text) in files {
            let file = directory + "/" + relative
            try FileManager.default.createDirectory(
                atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        }
        try git(["add", "-A"], in: directory)
        try git(["commit", "-q", "--allow-empty", "-m", message] + extra, in: directory)
        return try git(["rev-parse", "HEAD"], in: directory).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The desired state of the example application, as files relative to the repository root.
    static func exampleDesiredFiles() throws -> [String: String] {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("desired").resolvingSymlinksInPath().path
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: source)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: source + "/" + relative, isDirectory: &isDirectory)
            if !isDirectory.boolValue {
                files["desired/" + relative] = try String(contentsOfFile: source + "/" + relative, encoding: .utf8)
            }
        }
        guard files["desired/ballast.yaml"] != nil else {
            throw Tool.Failure(description: "the example desired state was not found at \(source)")
        }
        return files
    }
}

/// Runs external tools for the tests; a missing tool fails the test with how to install it.
enum Tool {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The absolute path of `name` on PATH (or in /usr/sbin), or a failure saying how to install it.
    @discardableResult
    static func require(_ name: String, install: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"] {
            let candidate = folder + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Failure(description: "\(name) is not installed; install it with: \(install)")
    }

    @discardableResult
    static func run(
        _ name: String, _ arguments: [String], in directory: String? = nil, input: Data? = nil,
        environment: [String: String] = [:]
    ) throws -> String {
        let executable = try require(name, install: "apt-get install -y \(name)")
        let finished = try ChildProcess.capture(
            executable, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            directory: directory, input: input ?? Data())
        guard finished.status == 0 else {
            throw Failure(
                description: "\(name) \(arguments.joined(separator: " ")) failed (\(finished.status)): "
                    + finished.standardError)
        }
        return finished.standardOutput
    }
}
