import BallastTestSupport
import Foundation

/// Runs `botocore_sign.py` once over many requests: botocore is the reference SigV4 signer.
enum BotocoreOracle {
    static let installHint = "pip install -r .ci/requirements.txt (botocore==1.43.11)"

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("botocore_sign.py")

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Answer: Decodable {
        let authorization: String?
        let url: String?
    }

    private struct Answers: Decodable {
        let botocore: String
        let answers: [Answer]
    }

    private struct Document: Encodable {
        let timestamp: String
        let requests: [DifferentialCase.Wire]
    }

    /// botocore's answer for each case, signed at `timestamp` (`yyyyMMdd'T'HHmmss'Z'`).
    static func sign(_ cases: [DifferentialCase], timestamp: String) throws -> [Answer] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ballast-sigv4-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("requests.json")
        let output = directory.appendingPathComponent("answers.json")
        try JSONEncoder().encode(Document(timestamp: timestamp, requests: cases.map(\.wire))).write(to: input)

        let finished: ChildProcess.Finished
        do {
            finished = try ChildProcess.capture("python3", [script.path, input.path, output.path])
        } catch {
            throw Failure(description: "cannot run python3 (\(error)); install Python 3 and \(installHint)")
        }
        switch finished.status {
        case 0:
            break
        case 3, 127:
            throw Failure(description: "python3 or botocore is missing: \(installHint)\n\(finished.standardError)")
        default:
            throw Failure(description: "botocore_sign.py exited \(finished.status):\n\(finished.standardError)")
        }
        let answers = try JSONDecoder().decode(Answers.self, from: Data(contentsOf: output))
        guard answers.answers.count == cases.count else {
            throw Failure(description: "botocore answered \(answers.answers.count) of \(cases.count) requests")
        }
        return answers.answers
    }
}
