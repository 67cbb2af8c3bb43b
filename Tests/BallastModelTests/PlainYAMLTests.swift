import BallastModel
import Foundation
import Testing

/// A tag in a function, database or project file is an error at its position, never dropped:
/// `memoryMiB: !Bogus 512` read as 512 would deploy what the author did not write.
@Suite("tags outside templates/")
struct PlainYAMLTests {
    @Test(
        "a tag in a plain file is refused at its line and column",
        arguments: [
            ("functions/orders.yaml", "memoryMiB: 512", "memoryMiB: !Bogus 512", "!Bogus"),
            ("databases/main.yaml", "name: main", "name: !Ref main", "!Ref"),
            ("ballast.yaml", "project: shop", "project: !Sub shop", "!Sub"),
        ])
    func taggedValue(file: String, original: String, tagged: String, tag: String) throws {
        let files = try ExampleFiles.read()
        let text = try #require(files.data[file].map { String(decoding: $0, as: UTF8.self) })
        #expect(text.contains(original))
        let tree = files.tree(replacing: file, with: Data(text.replacingOccurrences(of: original, with: tagged).utf8))
        let error = #expect(throws: DesiredStateErrors.self) { try DesiredStateLoader.load(tree) }
        let found = try #require(error?.errors.first { $0.message.contains("the YAML tag '\(tag)'") })
        #expect(found.file == file)
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains(original) }.map { $0 + 1 }
        #expect(found.line == line)
    }

    @Test("YAML's own tags are plain values, and templates keep theirs")
    func ownTagsAndTemplates() throws {
        let files = try ExampleFiles.read()
        let text = try #require(files.data["functions/orders.yaml"].map { String(decoding: $0, as: UTF8.self) })
        let tree = files.tree(
            replacing: "functions/orders.yaml",
            with: Data(text.replacingOccurrences(of: "memoryMiB: 512", with: "memoryMiB: !!str 512").utf8))
        #expect(throws: Never.self) { try DesiredStateLoader.load(tree) }
        #expect(throws: Never.self) {
            try DesiredStateLoader.load(files.tree(replacing: "functions/orders.yaml", with: Data(text.utf8)))
        }
    }
}
