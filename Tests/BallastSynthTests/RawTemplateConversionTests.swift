import BallastModel
import BallastSynth
import Foundation
import Testing

/// Synthesis converts a hand-written template itself, so it guards what validation guards: a
/// state built in code (not loaded) can carry any text, and no path may expand without the
/// budget or drop what it does not understand.
@Suite("raw templates are converted within the YAML budget")
struct RawTemplateConversionTests {
    static func state(with text: String) throws -> DesiredState {
        var state = try SynthFixtures.example()
        state.templates = [
            RawTemplate(name: "extra", file: "templates/extra.yaml", text: text, parameterNames: [])
        ]
        return state
    }

    static let bomb = """
        Metadata:
          Leaf: &a "\(String(repeating: "x", count: 200_000))"
          Many: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        Resources:
          Bucket: { Type: AWS::S3::Bucket, Metadata: [*b, *b, *b] }

        """

    @Test("an alias bomb that skipped validation fails synthesis at once, naming file, line and limit")
    func bombFailsFast() throws {
        let state = try Self.state(with: Self.bomb)
        let stage = try #require(state.stages.first)
        let error = #expect(throws: Synthesizer.Failure.self) {
            try Synthesizer.synthesize(state, stage: stage)
        }
        #expect(error?.message.hasPrefix("templates/extra.yaml: 3:") == true, "\(String(describing: error))")
        #expect(error?.message.contains("1048576 bytes") == true)
        #expect(error?.isCancellation == false)
    }

    @Test("an alias written as a key fails synthesis at its line before the template is composed")
    func aliasKeyFailsFast() throws {
        let text = "Metadata:\n  A: &a [x, y]\n  ? *a\n  : 1\nResources:\n  Bucket: { Type: AWS::S3::Bucket }\n"
        let state = try Self.state(with: text)
        let stage = try #require(state.stages.first)
        let error = #expect(throws: Synthesizer.Failure.self) { try Synthesizer.synthesize(state, stage: stage) }
        #expect(error?.message.hasPrefix("templates/extra.yaml: 3:5:") == true, "\(String(describing: error))")
        #expect(error?.message.contains("may not be a mapping key") == true)
    }

    @Test("an unknown tag or a key that is no string fails synthesis rather than being dropped or merged")
    func unknownTagIsNotDropped() throws {
        for text in [
            "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties: { BucketName: !Bogus x }\n",
            "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Metadata: { ? [a, b] : 1, ? [c] : 2 }\n",
        ] {
            let state = try Self.state(with: text)
            let stage = try #require(state.stages.first)
            #expect(throws: Synthesizer.Failure.self) { try Synthesizer.synthesize(state, stage: stage) }
        }
    }

    @Test("synthesis stops when its task is cancelled, and says it was cancelled")
    func cancellationStopsSynthesis() async throws {
        let many = "[" + Array(repeating: "0", count: 100).joined(separator: ", ") + "]"
        let text =
            "Metadata:\n  A: &a \(many)\n  B: &b [" + Array(repeating: "*a", count: 100).joined(separator: ", ")
            + "]\nResources:\n  Bucket: { Type: AWS::S3::Bucket, Metadata: [*b, *b] }\n"
        let state = try Self.state(with: text)
        let stage = try #require(state.stages.first)
        let outcome = await Task { () -> Synthesizer.Failure? in
            withUnsafeCurrentTask { $0?.cancel() }
            do throws(Synthesizer.Failure) {
                _ = try Synthesizer.synthesize(state, stage: stage)
                return nil
            } catch {
                return error
            }
        }.value
        #expect(outcome?.isCancellation == true)
    }
}
