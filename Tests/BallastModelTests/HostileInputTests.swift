import BallastModel
import Foundation
import Testing

/// Inputs that are valid in size (under 1 MiB a file) but built to make the loader slow, found
/// while writing the desired-state fuzz harness (`.ci/fuzz desired-state` now starts from them).
/// A desired state comes from whoever can push to the repository, and the controller validates
/// every commit, so each must load in well under a second, not in minutes or hours.
@Suite("hostile desired states load promptly")
struct HostileInputTests {
    /// Long enough that the quadratic work these tests guard against takes an hour.
    static let length = 200_000

    @Test("long unknown names get no 'did you mean' (an edit distance of two 200 KB names)", .timeLimit(.minutes(1)))
    func longNamesGetNoSuggestion() throws {
        let files = try ExampleFiles.read()
        let function = try #require(files.data["functions/orders.yaml"].map { String(decoding: $0, as: UTF8.self) })
        let database = try #require(files.data["databases/main.yaml"].map { String(decoding: $0, as: UTF8.self) })
        var tree = files.tree(
            replacing: "functions/orders.yaml",
            with: Data(
                function.replacingOccurrences(
                    of: "database: main", with: "database: " + String(repeating: "b", count: Self.length)
                )
                .utf8))
        tree.entries["databases/main.yaml"] = .file(
            Data(
                database.replacingOccurrences(
                    of: "name: main", with: "name: " + String(repeating: "c", count: Self.length)
                ).utf8))
        let error = #expect(throws: DesiredStateErrors.self) { try DesiredStateLoader.load(tree) }
        let message = try #require(error?.errors.first { $0.message.contains("names database") }?.message)
        #expect(!message.contains("did you mean"))
    }

    @Test("a long key written twice in a flow mapping is reported at the first one", .timeLimit(.minutes(1)))
    func longDuplicateFlowKey() throws {
        let key = String(repeating: "a", count: Self.length)
        let tree = DesiredTree(files: ["ballast.yaml": "{? \(key) : 1, ? \(key) : 2}\n"])
        let error = #expect(throws: DesiredStateErrors.self) { try DesiredStateLoader.load(tree) }
        let problem = try #require(error?.errors.first)
        #expect(problem.message.hasPrefix("duplicate key"))
        #expect((problem.line, problem.column) == (1, 4))
    }

    @Test("a short key written twice in a flow mapping is still reported where it is repeated")
    func shortDuplicateFlowKey() throws {
        let tree = DesiredTree(files: ["ballast.yaml": "{project: a, stages: {}, project: b}\n"])
        let error = #expect(throws: DesiredStateErrors.self) { try DesiredStateLoader.load(tree) }
        let problem = try #require(error?.errors.first)
        #expect((problem.line, problem.column) == (1, 26))
    }

    @Test("YAML nested to libyaml's limit (1,000 levels) is refused, not a stack overflow, on a concurrency thread")
    func deepNesting() async throws {
        for depth in [990, 5000] {
            let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let mappings = String(repeating: "{a: ", count: depth) + "1" + String(repeating: "}", count: depth)
            for text in ["project: \(nested)\n", "project: shop\nstages: \(mappings)\n", "? \(nested)\n: 1\n"] {
                let tree = DesiredTree(files: ["ballast.yaml": text])
                let error = await Task.detached { () -> DesiredStateErrors? in
                    do throws(DesiredStateErrors) {
                        _ = try DesiredStateLoader.load(tree)
                        return nil
                    } catch {
                        return error
                    }
                }.value
                #expect(error?.errors.isEmpty == false, "depth \(depth)")
            }
        }
    }
}
