import Foundation
import Testing

/// Runs the built `ballast` executable, as a user would.
enum BallastExecutable {
    static var url: URL {
        // The test bundle sits in the build folder next to the executables.
        var candidate = Bundle.main.bundleURL
        while candidate.path != "/" {
            let executable = candidate.appendingPathComponent("ballast")
            if FileManager.default.isExecutableFile(atPath: executable.path) { return executable }
            candidate.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "ballast")
    }

    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The environment of a `ballast` that reaches AWS at `endpoint` with test credentials, home
    /// in `home`, no colours; `extra` adds or overrides variables.
    static func awsEnvironment(endpoint: String, home: URL, extra: [String: String] = [:]) -> [String: String] {
        [
            "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "HOME": home.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "",
            "NO_COLOR": "1",
        ].merging(extra) { _, new in new }
    }

    static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil) throws
        -> Result
    {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        // Standard error goes to a file: read after standard output, a pipe would fill up (64 KiB)
        // while a long reconcile logs and stall both processes.
        let errorFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("ballast-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorData = (try? Data(contentsOf: errorFile)) ?? Data()
        return Result(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }

    static var repositoryRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }
}

@Suite("ballast validate")
struct ValidateCommandTests {
    @Test("the example desired/ is valid: exit 0 and a summary")
    func exampleIsValid() throws {
        let result = try BallastExecutable.run(["validate"], in: BallastExecutable.repositoryRoot)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("desired is valid: project shop"))
        #expect(result.standardOutput.contains("stage prod: branch main, eu-central-1"))
    }

    @Test("an invalid folder: exit 1, every error as path:line:column, in text and JSON")
    func invalidFolderReportsEveryError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("functions"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        project: shop
        stages:
          dev:
            branch: dev
            region: us-east-1
            network: { cidr: 10.10.0.0/16 }
            monitoring: { email: a@example.com }
        """.write(to: folder.appendingPathComponent("ballast.yaml"), atomically: true, encoding: .utf8)
        try """
        name: orders
        image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:1
        memoryMB: 512
        timeout: 10x
        """.write(to: folder.appendingPathComponent("functions/orders.yaml"), atomically: true, encoding: .utf8)

        let text = try BallastExecutable.run(["validate", "--desired", folder.path])
        #expect(text.status == 1)
        let lines = text.standardError.split(separator: "\n").map(String.init)
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "\(folder.path)/functions/orders.yaml:3:1: unknown key 'memoryMB' in function; did you mean 'memoryMiB'?"
                )
            })
        #expect(
            lines.contains { $0.hasPrefix("\(folder.path)/functions/orders.yaml:4:10: 'timeout' must be a duration") })
        #expect(lines.last == "2 errors in \(folder.path)")

        let json = try BallastExecutable.run(["validate", "--desired", folder.path, "--output", "json"])
        #expect(json.status == 1)
        let document = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        #expect(document?["valid"] as? Bool == false)
        let errors = document?["errors"] as? [[String: Any]] ?? []
        #expect(errors.count == 2)
        #expect(errors.first?["line"] as? Int == 3)
    }

    @Test("a missing folder is a clear error, not a crash")
    func missingFolder() throws {
        let result = try BallastExecutable.run(["validate", "--desired", "/nonexistent/desired"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("no such folder"))
    }
}

@Suite("reading desired/ from a Git branch")
struct GitDesiredStateTests {
    /// Runs git in `directory`, failing the test on an error.
    static func git(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.email=test@example.com", "-c", "user.name=test"] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(
                .executableLoad,
                userInfo: [NSLocalizedDescriptionKey: "git \(arguments) failed; apt-get install -y git"])
        }
    }

    /// The id of the commit `revision` names in `directory`.
    static func head(of directory: URL, revision: String = "HEAD") throws -> String {
        try output(["rev-parse", revision], in: directory).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What a command printed: `git arguments…`, or with `program` (`/usr/bin/env`) the
    /// arguments as a whole command line. A non-zero exit is an error unless `allowFailure`.
    static func output(_ arguments: [String], in directory: URL, program: String? = nil, allowFailure: Bool = false)
        throws -> String
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program ?? "/usr/bin/env")
        process.arguments = program == nil ? ["git"] + arguments : arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 || allowFailure else {
            throw CocoaError(
                .executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(arguments.prefix(3)) failed: \(text)"])
        }
        return text
    }

    @Test("validate --repo --branch reads the branch's newest commit; errors name repo@branch and the file")
    func validateFromBranch() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-git-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let repo = folder.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: BallastExecutable.repositoryRoot).appendingPathComponent("desired"),
            to: repo.appendingPathComponent("desired"))
        try Self.git(["init", "-q", "-b", "main"], in: repo)
        try Self.git(["add", "-A"], in: repo)
        try Self.git(["commit", "-q", "-m", "the example"], in: repo)
        try Self.git(["checkout", "-q", "-b", "dev"], in: repo)
        try "name: orders\nimage: 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:dev\nmemoryMiB: 64\n"
            .write(to: repo.appendingPathComponent("desired/functions/orders.yaml"), atomically: true, encoding: .utf8)
        try Self.git(["commit", "-q", "-am", "too little memory"], in: repo)

        let environment = [
            "BALLAST_CACHE_DIR": folder.appendingPathComponent("cache").path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "", "HOME": folder.path,
        ]
        let main = try BallastExecutable.run(
            ["validate", "--repo", repo.path, "--branch", "main"], environment: environment)
        #expect(main.status == 0, "\(main.standardError)")
        #expect(main.standardOutput.hasPrefix("\(repo.path)@main:desired is valid: project shop"))

        let dev = try BallastExecutable.run(
            ["validate", "--repo", repo.path, "--branch", "dev"], environment: environment)
        #expect(dev.status == 1)
        #expect(
            dev.standardError.contains(
                "\(repo.path)@dev:desired/functions/orders.yaml:3:12: 'memoryMiB' must be an integer from 128 to 10240 MiB, found 64"
            ))

        let missing = try BallastExecutable.run(
            ["validate", "--repo", repo.path, "--branch", "nope"], environment: environment)
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("branch 'nope' does not exist (branches: dev, main)"))
    }
}
