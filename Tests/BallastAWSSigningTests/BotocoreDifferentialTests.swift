import BallastAWSSigning
import Foundation
import Testing

/// Ballast signs exactly as botocore (`SigV4Auth`, `S3SigV4Auth` and their query-string forms)
/// over random requests from a fixed seed. Needs python3 with botocore:
/// `pip install -r .ci/requirements.txt`.
@Suite("SigV4 agrees with botocore")
struct BotocoreDifferentialTests {
    static let date = Date(timeIntervalSince1970: 1_700_000_123)  // 2023-11-14T22:15:23Z
    static let timestamp = "20231114T221523Z"

    @Test("the signing timestamp is botocore's")
    func timestampMatches() {
        #expect(SigningDate(Self.date).timestamp == Self.timestamp)
    }

    @Test("Authorization equals botocore's for 3000 random requests")
    func authorizationMatches() throws {
        var random = RandomRequests(seed: 0x5167_3456_6e20_2015)
        let cases = (0..<3000).map { _ in random.next() }
        let answers = try BotocoreOracle.sign(cases, timestamp: Self.timestamp)
        var mismatches = 0
        for (index, (testCase, answer)) in zip(cases, answers).enumerated() {
            let signed = testCase.signer.sign(testCase.request, date: Self.date)
            if signed.authorization != answer.authorization {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record(
                        """
                        case \(index) (\(testCase.service) \(testCase.method) \(testCase.path)): Authorization differs
                        ballast:  \(signed.authorization)
                        botocore: \(answer.authorization ?? "nil")
                        canonical request:
                        \(signed.canonicalRequest.text)
                        """
                    )
                }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(cases.count) signatures differ")
        #expect(cases.contains { $0.service == "s3" } && cases.contains { $0.service != "s3" })
    }

    @Test("presigned URLs equal botocore's for 200 random requests")
    func presignedURLsMatch() throws {
        var random = RandomRequests(seed: 0x7072_6573_6967_6e21)
        let cases = (0..<200).map { _ in random.next(presign: true) }
        let answers = try BotocoreOracle.sign(cases, timestamp: Self.timestamp)
        var mismatches = 0
        for (index, (testCase, answer)) in zip(cases, answers).enumerated() {
            let expires = try #require(testCase.presignExpires)
            let presigned = testCase.signer.presign(testCase.request, date: Self.date, expires: expires)
            let theirs = try #require(answer.url.flatMap(URLComponents.init(string:)), "case \(index)")
            let ours = try #require(
                presigned.url().flatMap { URLComponents(url: $0, resolvingAgainstBaseURL: false) }, "case \(index)")
            let same =
                ours.percentEncodedPath == theirs.percentEncodedPath && ours.host == theirs.host
                && ours.port == theirs.port && Self.sortedQuery(ours) == Self.sortedQuery(theirs)
            if !same {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("case \(index): presigned URL differs\nballast:  \(ours)\nbotocore: \(theirs)")
                }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(cases.count) presigned URLs differ")
    }

    /// The percent-encoded query parameters, sorted: botocore orders them differently.
    static func sortedQuery(_ components: URLComponents) -> [String] {
        (components.percentEncodedQuery ?? "").split(separator: "&").map(String.init).sorted()
    }
}
