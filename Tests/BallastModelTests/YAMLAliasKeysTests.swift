import BallastModel
import Foundation
import Testing

/// An alias written as a mapping key is hashed by Yams, with all it expands to, while the
/// document is composed: before any budget can look. Such keys are refused from the text.
@Suite("a YAML alias may not be a mapping key")
struct YAMLAliasKeysTests {
    /// Anchors nested `levels` deep, each a list of nine aliases of the one before: 9^levels
    /// leaves, written in a few hundred bytes.
    static let nestedAnchors = """
        a0: &a0 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        a1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
        a2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
        a3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]
        a4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]
        a5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
        a6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]
        a7: &a7 [*a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6]

        """

    @Test(
        "an alias in key position is found at its line and column",
        arguments: [
            ("? *a7\n: 1\n", 9, 3),
            ("*a7 : 1\n", 9, 1),
            ("x: {*a7 : 1}\n", 9, 5),
            ("x: [*a7 : 1]\n", 9, 5),
            ("? [b, *a7]\n: 1\n", 9, 7),
            ("[b, {c: *a7}]: 1\n", 9, 9),
            ("x:\n  - y: 1\n    ? *a7\n    : 2\n", 11, 7),
        ])
    func aliasKeyIsFound(key: String, line: Int, column: Int) {
        let found = YAMLAliasKeys.first(in: Self.nestedAnchors + key)
        #expect(found == .aliasKey(line: line, column: column))
    }

    @Test(
        "aliases as values, and stars in quoted text, are not keys",
        arguments: [
            "x: *a7\n",
            "x: [*a7, *a7]\n",
            "x: {y: *a7, z: *a1}\n",
            "? [b, c]\n: *a7\n",
            "x:\n  - *a7\n  - {k: *a7}\n",
            "cron: \"*/5 * * * *\"\n'*a': '*b'\n",
        ])
    func aliasValueIsAllowed(rest: String) {
        #expect(YAMLAliasKeys.first(in: Self.nestedAnchors + rest) == nil)
    }

    @Test("text that is not YAML is left for Yams to report")
    func invalidYAMLIsNotAFinding() {
        #expect(YAMLAliasKeys.first(in: "a: [*b\n") == nil)
    }

    @Test(
        "an alias key bomb in any kind of file is an error at its file and line, promptly",
        .timeLimit(.minutes(1)),
        arguments: ["templates/assets.yaml", "functions/orders.yaml", "ballast.yaml"])
    func everyFileIsScanned(path: String) throws {
        let files = try ExampleFiles.read()
        let original = String(decoding: try #require(files.data[path]), as: UTF8.self)
        // 9^7 × 66 bytes: 317 MB once expanded. Composing it hashes the key for minutes.
        let combined = original + Self.nestedAnchors + "? *a7\n: 1\n"
        let tree = files.tree(replacing: path, with: Data(combined.utf8))
        let error = #expect(throws: DesiredStateErrors.self) { try DesiredStateLoader.load(tree) }
        let problem = try #require(error?.errors.first { $0.message.contains("may not be a mapping key") })
        #expect(problem.file == path)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(problem.line == lines + 9)
        #expect(problem.column == 3)
    }
}
