import BallastSynth
import Foundation
import Testing

@Suite("JSON reader")
struct JSONReaderTests {
    static func parse(_ text: String) throws -> JSONValue {
        try JSONReader.parse(Array(text.utf8))
    }

    @Test("every template of the example and a generated state reads as JSONDecoder reads it")
    func templatesAsFoundation() throws {
        var bodies: [String] = []
        for state in [try SynthFixtures.example(), try SynthFixtures.generated(40)] {
            bodies += try Synthesizer.synthesize(state).stages.flatMap(\.stacks).map(\.body)
        }
        #expect(bodies.count > 20)
        for body in bodies {
            let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))
            #expect(try Self.parse(body) == decoded)
        }
    }

    @Test("escapes, surrogate pairs, numbers and literals read as JSONDecoder reads them")
    func valuesAsFoundation() throws {
        let texts = [
            #"{"a": "\"\\\/\b\f\n\r\t\u0041\u00e9\ud83d\ude00", "b": [true, false, null], "c": {}}"#,
            #"[0, -0, 12, -345, 1.5, -2.25e3, 1E2, 9223372036854775807, 92233720368547758070, 1.0, 2.5e0, 1e19]"#,
            " \n\t\r [ ] ", #""plain text é""#, "{\"dup\": 1, \"dup\": 2}", #"{"nested": [{"x": [[], {}]}]}"#,
        ]
        for text in texts {
            let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            #expect(try Self.parse(text) == decoded, "\(text)")
        }
    }

    @Test(
        "text that is not JSON is refused at the byte where it goes wrong",
        arguments: [
            ("", 0), ("{", 1), ("[1,", 3), ("[1 2]", 3), (#"{"a" 1}"#, 5), (#"{a: 1}"#, 1), ("tru", 0),
            (#""abc"#, 4), ("\"a\u{01}b\"", 2), (#""\x""#, 2), (#""\u12G4""#, 5), (#""\ud800x""#, 7),
            ("01", 1), ("1.", 2), ("-", 1), ("1e", 2), ("[] []", 3), ("nul", 0), ("[1,]", 3),
        ])
    func refusesWhatIsNotJSON(text: String, offset: Int) {
        #expect {
            try Self.parse(text)
        } throws: { error in
            (error as? JSONReader.SyntaxError)?.offset == offset
        }
    }

    @Test("a string of invalid UTF-8 is refused")
    func refusesInvalidUTF8() {
        #expect(throws: JSONReader.SyntaxError.self) { try JSONReader.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test("nesting is limited, so a hostile file cannot exhaust the stack")
    func limitsDepth() throws {
        let deepest = JSONReader.maximumDepth
        let allowed = String(repeating: "[", count: deepest) + String(repeating: "]", count: deepest)
        #expect(throws: Never.self) { try Self.parse(allowed) }
        let tooDeep = String(repeating: "[", count: deepest + 1) + String(repeating: "]", count: deepest + 1)
        #expect(throws: JSONReader.SyntaxError.self) { try Self.parse(tooDeep) }
        #expect(throws: JSONReader.SyntaxError.self) { try Self.parse(String(repeating: "[", count: 100_000)) }
    }
}
