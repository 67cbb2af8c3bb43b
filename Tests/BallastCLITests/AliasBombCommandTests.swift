import BallastTestSupport
import Foundation
import Testing

/// A raw template built as an alias bomb: a 500 KB leaf, aliased nine times, three levels deep.
/// Before the budget counted bytes, `validate` passed it and `synth` took 1.6 GB and 12 s (one
/// level deeper, it aborted). Now both refuse it at once, at its file and line.
@Suite("ballast refuses alias bombs")
struct AliasBombCommandTests {
    static func desiredWithBomb() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-bomb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: BallastExecutable.repositoryRoot).appendingPathComponent("desired"),
            to: folder.appendingPathComponent("desired"))
        let nine = { (name: String) in "[" + Array(repeating: "*\(name)", count: 9).joined(separator: ", ") + "]" }
        let template = """
            Metadata:
              Leaf: &a "\(String(repeating: "x", count: 500_000))"
              One: &b \(nine("a"))
              Two: &c \(nine("b"))
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
                Metadata: \(nine("c"))

            """
        try Data(template.utf8).write(to: folder.appendingPathComponent("desired/templates/bomb.yaml"))
        return folder
    }

    @Test(
        "validate and synth: exit 1 within seconds, one line naming the file, the line of the first list past the limit, and the limit",
        .timeLimit(.minutes(1)))
    func bombIsRefused() throws {
        let folder = try Self.desiredWithBomb()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path
        for arguments in [["validate"], ["synth", "--out", out]] {
            let started = Date()
            let result = try BallastExecutable.run(arguments, in: folder.path)
            let elapsed = Date().timeIntervalSince(started)
            #expect(result.status == 1, "\(arguments): \(result.standardError)")
            #expect(elapsed < 5, "\(arguments) took \(elapsed) s")
            let lines = result.standardError.split(separator: "\n")
            #expect(
                lines.first?.hasPrefix("desired/templates/bomb.yaml:3:") == true,
                "\(arguments): \(result.standardError)")
            #expect(lines.first?.contains("1048576 bytes (1 MiB)") == true)
            #expect(!result.standardError.contains("Fatal error"))
        }
        #expect(!FileManager.default.fileExists(atPath: out + "/dev"))
    }
}
