import BallastModel
import Foundation
import Testing
import Yams

/// Alias bombs: a few hundred bytes of anchors and aliases that stand for gigabytes. Every
/// desired-state file is measured, with its aliases expanded, before anything walks it.
@Suite("the YAML budget counts what aliases expand to")
struct YAMLBudgetTests {
    /// `&a` on a leaf of `leaf` bytes, then `levels` lists of `width` aliases of the one before.
    static func bomb(leaf: Int, width: Int, levels: Int) -> String {
        var lines = ["A: &l0 \"\(String(repeating: "x", count: leaf))\""]
        for level in 1...levels {
            let aliases = Array(repeating: "*l\(level - 1)", count: width).joined(separator: ", ")
            lines.append("L\(level): &l\(level) [\(aliases)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func node(_ text: String) throws -> Node {
        try #require(try Yams.compose(yaml: text, .basic, .default, .utf8))
    }

    @Test("few values of many bytes: refused at the list whose aliases pass 1 MiB of text")
    func bytesAreCounted() throws {
        // 2 + 9 + 81 values, but 81 × 20 KB = 1.6 MB of text: only a byte count sees it.
        let text = Self.bomb(leaf: 20_000, width: 9, levels: 2)
        #expect(throws: Never.self) {
            try YAMLBudget.check(try Self.node(Self.bomb(leaf: 20_000, width: 9, levels: 1)))
        }
        let error = #expect(throws: YAMLBudget.Failure.self) { try YAMLBudget.check(try Self.node(text)) }
        guard case .exceeded(let line, _, let message) = error else {
            Issue.record("expected .exceeded, got \(String(describing: error))")
            return
        }
        #expect(line == 3)
        #expect(message.contains("more than \(YAMLBudget.maximumBytes) bytes of text"))
        #expect(message.contains("1 MiB"))
    }

    @Test("many small values: refused past a million values")
    func valuesAreCounted() throws {
        let text = Self.bomb(leaf: 1, width: 101, levels: 3)
        let error = #expect(throws: YAMLBudget.Failure.self) { try YAMLBudget.check(try Self.node(text)) }
        guard case .exceeded(let line, _, let message) = error else {
            Issue.record("expected .exceeded, got \(String(describing: error))")
            return
        }
        #expect(line == 4)
        #expect(message.contains("more than \(YAMLBudget.maximumValues) values"))
    }

    @Test("a file as large as allowed, written without aliases, fits")
    func fileWithoutAliasesFits() throws {
        let text = "A: \"" + String(repeating: "x", count: DesiredTree.maximumFileSize - 16) + "\"\n"
        #expect(throws: Never.self) { try YAMLBudget.check(try Self.node(text)) }
    }

    @Test("measuring stops when its task is cancelled")
    func cancellationStopsMeasuring() async throws {
        // Within the budget (10,000 values), so only cancellation stops it early.
        let node = try Self.node(Self.bomb(leaf: 1, width: 100, levels: 2))
        let outcome = await Task { () -> YAMLBudget.Failure? in
            withUnsafeCurrentTask { $0?.cancel() }
            do throws(YAMLBudget.Failure) {
                try YAMLBudget.check(node)
                return nil
            } catch {
                return error
            }
        }.value
        #expect(outcome == .cancelled)
    }

    @Test("a cancelled load ends as cancelled, not as errors in the desired state")
    func cancelledLoad() async throws {
        let files = try ExampleFiles.read()
        let tree = files.tree(
            replacing: "templates/assets.yaml", with: Data(Self.bomb(leaf: 1, width: 100, levels: 2).utf8))
        let outcome = await Task { () -> DesiredStateErrors? in
            withUnsafeCurrentTask { $0?.cancel() }
            do throws(DesiredStateErrors) {
                _ = try DesiredStateLoader.load(tree)
                return nil
            } catch {
                return error
            }
        }.value
        #expect(outcome?.isCancellation == true)
    }

    @Test(
        "an alias bomb in any kind of file is an error at its file and line, promptly",
        .timeLimit(.minutes(1)),
        arguments: ["templates/assets.yaml", "functions/orders.yaml", "databases/main.yaml", "ballast.yaml"])
    func everyFileIsMeasured(path: String) throws {
        let files = try ExampleFiles.read()
        let original = String(decoding: try #require(files.data[path]), as: UTF8.self)
        // 9^4 × 500 KB: 3.3 GB once expanded, in a file of 500 KB. The keys it adds are unknown,
        // but the budget is checked before any key is read.
        let combined = original + Self.bomb(leaf: 500_000, width: 9, levels: 4)
        let tree = files.tree(replacing: path, with: Data(combined.utf8))
        let error = #expect(throws: DesiredStateErrors.self) { try DesiredStateLoader.load(tree) }
        let problem = try #require(error?.errors.first { $0.message.contains("YAML aliases") })
        #expect(problem.file == path)
        #expect(problem.line > 0)
        #expect(problem.message.contains("\(YAMLBudget.maximumBytes) bytes"))
    }
}
