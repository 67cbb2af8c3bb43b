import BallastModel
import BallastSynth
import Foundation
import Testing

/// Every synthesized template passes cfn-lint (the pinned PyPI release) with no errors; the
/// warnings that remain are the ones listed and explained in `cfn-lint-warnings.txt`.
///
/// The generated state has 30 functions per stage by default; CI sets
/// `BALLAST_LINT_FUNCTIONS=300` (1,000 took about 6 minutes of cfn-lint on one core).
@Suite("cfn-lint", .serialized)
struct CfnLintTests {
    struct Finding: Hashable, CustomStringConvertible {
        var file: String
        var rule: String
        var message: String
        var description: String { "\(file): \(rule) \(message)" }
    }

    static let accepted: [(rule: String, kind: String)] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "cfn-lint-warnings.txt")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 2)
            return parts.count == 3 ? (String(parts[0]), String(parts[1])) : nil
        }
    }()

    @Test("the example's templates: no errors, only the accepted warnings, each of them seen")
    func example() throws {
        let findings = try lint(try Synthesizer.synthesize(try SynthFixtures.example()))
        let unexplained = findings.filter { !Self.isAccepted($0) }
        #expect(unexplained == [], "cfn-lint findings not in cfn-lint-warnings.txt")
        for entry in Self.accepted {
            #expect(findings.contains { $0.rule == entry.rule }, "stale entry in cfn-lint-warnings.txt: \(entry.rule)")
        }
    }

    @Test("a generated state split across many stacks: no errors, only the accepted warnings")
    func generated() throws {
        let size = Int(ProcessInfo.processInfo.environment["BALLAST_LINT_FUNCTIONS"] ?? "") ?? 30
        let findings = try lint(try Synthesizer.synthesize(try SynthFixtures.generated(size)))
        #expect(findings.filter { !Self.isAccepted($0) } == [])
    }

    static func isAccepted(_ finding: Finding) -> Bool {
        guard finding.rule.hasPrefix("W") || finding.rule.hasPrefix("I") else { return false }
        return accepted.contains { entry in
            entry.rule == finding.rule && finding.file.contains("-\(entry.kind)")
        }
    }

    /// Writes the assembly to a temporary folder and runs cfn-lint over every template, two
    /// processes at a time.
    func lint(_ assembly: CloudAssembly) throws -> [Finding] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-lint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try SynthFixtures.write(assembly, to: folder)
        let files = assembly.stages.flatMap { stage in
            stage.stacks.map {
                folder.appendingPathComponent(Manifest.templateFile(stage: stage.stage.name, stack: $0.name)).path
            }
        }
        let halves = [
            stride(from: 0, to: files.count, by: 2).map { files[$0] },
            stride(from: 1, to: files.count, by: 2).map { files[$0] },
        ]
        .filter { !$0.isEmpty }
        let processes = try halves.map { batch -> (Process, Pipe, Pipe) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["cfn-lint", "--format", "parseable", "--"] + batch
            let output = Pipe()
            let error = Pipe()
            process.standardOutput = output
            process.standardError = error
            try process.run()
            return (process, output, error)
        }
        var findings: [Finding] = []
        for (process, output, error) in processes {
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let errorText = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if process.terminationStatus == 127 {
                Issue.record("cfn-lint is not installed: pip install -r .ci/requirements.txt")
            }
            // Exit codes: 0 clean, 2 errors, 4 warnings, 8 informational (bit flags); 1 is a crash.
            #expect(process.terminationStatus & 1 == 0, "cfn-lint failed to run: \(errorText)")
            for line in text.split(separator: "\n") {
                // file:line:column:endLine:endColumn:RULE:message
                let parts = line.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
                guard parts.count == 7 else { continue }
                findings.append(
                    Finding(
                        file: URL(fileURLWithPath: String(parts[0])).lastPathComponent, rule: String(parts[5]),
                        message: String(parts[6])))
            }
        }
        return findings
    }
}
