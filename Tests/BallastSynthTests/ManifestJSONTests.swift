import BallastModel
import BallastSynth
import Foundation
import Testing

/// `manifest.json` is written and read without Foundation's coders; these hold it to exactly
/// what `JSONEncoder` and `JSONDecoder` do, so manifests written before read back and a
/// second synth of the same state still writes nothing.
@Suite("manifest.json without Foundation's coders")
struct ManifestJSONTests {
    static func foundationText(_ manifest: Manifest) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(manifest), as: UTF8.self)
    }

    /// The example's manifest and those of generated states, one of them split: made once for all tests.
    static let synthesized = Result { () throws -> [Manifest] in
        var states = [try SynthFixtures.example()]
        for functions in [1, 40, 400] { states.append(try SynthFixtures.generated(functions)) }
        return try states.map { Manifest(try Synthesizer.synthesize($0), sha256: SynthFixtures.sha256) }
    }

    static func manifests() throws -> [Manifest] { try synthesized.get() }

    @Test("the text is JSONEncoder's, byte for byte, for the example and split generated states")
    func sameTextAsFoundation() throws {
        let manifests = try Self.manifests()
        #expect(manifests.contains { $0.stages.contains { $0.stacks.contains { $0.stackPolicy != nil } } })
        #expect(manifests.contains { $0.stages.contains { $0.stacks.contains { $0.part > 1 } } })
        for manifest in manifests {
            #expect(manifest.jsonText == (try Self.foundationText(manifest)), "project \(manifest.project)")
        }
    }

    @Test("strings that need escapes, empty lists and maps, keys that sort by bytes: as JSONEncoder writes them")
    func escapesAsFoundation() throws {
        var manifest = try #require(try Self.manifests().first)
        manifest.project = "a/b \"quoted\" back\\slash\n\r\t\u{08}\u{0C}\u{01}\u{1F}\u{7F} é \u{2028} 😀"
        manifest.stages[0].stacks[0].parameters = ["Z": "1", "a": "", "_": "x", "10": "y", "9": "z", "é": "w"]
        manifest.stages[0].stacks[0].dependsOn = []
        manifest.stages[0].placement = Placement()
        manifest.stages[0].stacks[0].stackPolicy = ["Statement": [], "Empty": [:]]
        #expect(manifest.jsonText == (try Self.foundationText(manifest)))
    }

    @Test("what is written reads back as the same manifest, and as JSONDecoder reads it")
    func readsBack() throws {
        for manifest in try Self.manifests() {
            let text = Array(manifest.jsonText.utf8)
            #expect(try Manifest(jsonText: text) == manifest)
            #expect(try Manifest(jsonText: text) == JSONDecoder().decode(Manifest.self, from: Data(text)))
        }
    }

    @Test("a manifest with a missing or mistyped member is refused, naming where")
    func refusesWhatIsNotAManifest() throws {
        let manifest = try #require(try Self.manifests().first)
        guard case .object(var top) = manifest.jsonValue, case .array(var stages) = top["stages"],
            case .object(var stage) = stages[0], case .array(var stacks) = stage["stacks"],
            case .object(var stack) = stacks[1]
        else {
            Issue.record("the manifest's JSON is not shaped as expected")
            return
        }
        stack["bytes"] = "many"
        stacks[1] = .object(stack)
        stage["stacks"] = .array(stacks)
        stages[0] = .object(stage)
        top["stages"] = .array(stages)
        let mistyped = Array(CanonicalJSON.encode(.object(top)).utf8)
        #expect(throws: Manifest.ReadError(path: "stages[0].stacks[1].bytes", reason: "an integer was expected")) {
            try Manifest(jsonText: mistyped)
        }
        top["project"] = nil
        #expect(throws: Manifest.ReadError(path: "project", reason: "missing")) {
            try Manifest(jsonText: Array(CanonicalJSON.encode(.object(top)).utf8))
        }
        #expect(throws: Manifest.ReadError.self) { try Manifest(jsonText: Array("[1, 2]".utf8)) }
        #expect(throws: Manifest.ReadError.self) { try Manifest(jsonText: Array("{\"schemaVersion\": 1".utf8)) }
    }
}
