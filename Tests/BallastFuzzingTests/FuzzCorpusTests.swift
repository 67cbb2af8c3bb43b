import BallastFuzzing
import Foundation
import Testing

/// The committed seed corpus in `Fuzz/corpus/<target>/`, with the reproducers of every crash
/// the fuzzer found: run here through the same harnesses libFuzzer calls, so a harness that no
/// longer builds or a crash that comes back fails the ordinary test run.
enum FuzzCorpus {
    /// `Fuzz/corpus`.
    static let directory: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fuzz/corpus")
    }()

    /// One corpus file of one target.
    struct Input: Sendable, CustomTestStringConvertible {
        var target: FuzzTarget
        var file: String
        var testDescription: String { "\(target.rawValue)/\(file)" }

        /// The file's bytes.
        func bytes() throws -> [UInt8] {
            let url = FuzzCorpus.directory.appendingPathComponent(target.rawValue).appendingPathComponent(file)
            return [UInt8](try Data(contentsOf: url))
        }

        /// What the target makes of the file.
        func outcome() throws -> FuzzOutcome {
            target.run(try bytes())
        }
    }

    /// Every file of every target, sorted.
    static let inputs: [Input] = FuzzTarget.allCases.flatMap { target in
        let folder = directory.appendingPathComponent(target.rawValue).path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { Input(target: target, file: $0) }
    }

    static func input(_ target: FuzzTarget, _ file: String) -> Input {
        Input(target: target, file: file)
    }
}

@Suite("the fuzz corpus through the fuzz harnesses")
struct FuzzCorpusTests {
    @Test("every corpus file is accepted or refused with a typed error, without a trap", arguments: FuzzCorpus.inputs)
    func runsWithoutTrap(_ input: FuzzCorpus.Input) throws {
        switch try input.outcome() {
        case .accepted(let what): #expect(!what.isEmpty)
        case .rejected(let why): #expect(!why.isEmpty)
        }
    }

    @Test("every target has seeds", arguments: FuzzTarget.allCases)
    func everyTargetHasSeeds(_ target: FuzzTarget) {
        #expect(FuzzCorpus.inputs.filter { $0.target == target }.count >= 8)
    }

    @Test("the example desired state is valid and synthesizes")
    func exampleDesiredState() throws {
        let outcome = try FuzzCorpus.input(.desiredState, "example.txt").outcome()
        #expect(outcome == .accepted("project shop: 2 stages, 14 stacks"))
    }

    static let badDesiredStates = FuzzCorpus.inputs.filter { $0.target == .desiredState && $0.file.hasPrefix("bad-") }

    @Test("each bad desired state of the validation corpus is refused", arguments: badDesiredStates)
    func badDesiredStateRefused(_ input: FuzzCorpus.Input) throws {
        #expect(!(try input.outcome().isAccepted))
    }

    @Test("recorded CloudFormation answers decode; error bodies do not")
    func cloudFormationAnswers() throws {
        let answers = [
            "describe-stacks.xml", "describe-change-set.xml", "aws-describe-change-set-page.xml", "get-template.xml",
        ]
        for file in answers {
            #expect(try FuzzCorpus.input(.cloudFormationXML, file).outcome().isAccepted, "\(file)")
        }
        #expect(!(try FuzzCorpus.input(.cloudFormationXML, "error-missing-stack.xml").outcome().isAccepted))
    }

    @Test("a signed push of main asks for main; a wrong signature is refused")
    func webhookDeliveries() throws {
        #expect(try FuzzCorpus.input(.webhook, "push-main.txt").outcome() == .accepted("push(branch: \"main\")"))
        #expect(try FuzzCorpus.input(.webhook, "wrong-signature.txt").outcome() == .rejected("wrongSignature"))
    }

    @Test("a database whose subnet group is renamed is replaced with it")
    func templateDiffPropagates() throws {
        #expect(
            try FuzzCorpus.input(.templateDiff, "database-subnet-group-replaced.txt").outcome()
                == .accepted("2 resource changes"))
    }
}
