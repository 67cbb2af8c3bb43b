import BallastAWS
import BallastController
import BallastHTTP
import BallastPlan
import Foundation
import Testing

/// The GitHub pull requests and comments client against the loopback stand-in.
@Suite("GitHub pull requests and comments", .serialized)
struct GitHubPullRequestsTests {
    static let token = "ghp-client-token-for-tests"

    static func client(_ recorder: NotificationRecorder, token: URL) throws -> GitHubPullRequests {
        GitHubPullRequests(
            transport: try HTTPTransport(), apiURL: try #require(URL(string: recorder.url)), repository: "acme/shop",
            tokenFile: token.path)
    }

    static func files() throws -> (token: URL, pulls: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-gh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let token = folder.appendingPathComponent("token")
        try Self.token.write(to: token, atomically: true, encoding: .utf8)
        let pulls = folder.appendingPathComponent("pulls.json")
        let list = (1...3).map { number in
            [
                "number": number,
                "head": [
                    "ref": "t", "sha": String(repeating: "\(number)", count: 40), "repo": ["full_name": "acme/shop"],
                ],
                "base": ["ref": "dev", "sha": String(repeating: "0", count: 40), "repo": ["full_name": "acme/shop"]],
            ] as [String: Any]
        }
        try JSONSerialization.data(withJSONObject: list).write(to: pulls)
        return (token, pulls)
    }

    @Test("every page is followed; a comment is posted, listed and edited; the token goes in the header only")
    func pagesAndComments() async throws {
        let (token, pulls) = try Self.files()
        let recorder = try await NotificationRecorder.start(["--pulls", pulls.path, "--page-size", "1"])
        let client = try Self.client(recorder, token: token)
        #expect(try await client.openPullRequests(base: "dev").map(\.number) == [1, 2, 3])
        #expect(try await client.openPullRequests(base: "main").isEmpty)
        let id = try await client.createComment(on: 2, body: "first")
        try await client.createComment(on: 2, body: "second")
        try await client.updateComment(id, body: "edited")
        #expect(try await client.comments(on: 2).map(\.body) == ["edited", "second"])
        #expect(recorder.requests.allSatisfy { $0["authorization"] as? String == "Bearer \(Self.token)" })
        #expect(!recorder.requests.contains { ($0["raw"] as? String ?? "").contains(Self.token) })
    }

    @Test("a next page on another host is not followed: the token is not sent there")
    func otherHost() async throws {
        let (token, pulls) = try Self.files()
        let recorder = try await NotificationRecorder.start([
            "--pulls", pulls.path, "--page-size", "1", "--link-host", "evil.example:80",
        ])
        let client = try Self.client(recorder, token: token)
        let error = await #expect(throws: GitHubPullRequests.Failure.self) {
            try await client.openPullRequests(base: "dev")
        }
        #expect(error?.description == "GET /repos/acme/shop/pulls: the next page is on another host; not followed")
        #expect(recorder.requests.count == 1)
    }

    @Test("GitHub's refusal names the call and the status, never the token")
    func refusal() async throws {
        let (token, _) = try Self.files()
        let recorder = try await NotificationRecorder.start()
        let client = try Self.client(recorder, token: token)
        let error = await #expect(throws: GitHubPullRequests.Failure.self) {
            try await client.updateComment(99, body: "x")
        }
        #expect(
            error?.description.hasPrefix("PATCH /repos/acme/shop/issues/comments/99: HTTP 404") == true,
            "\(String(describing: error))")
        #expect(error?.description.contains(Self.token) == false)
    }
}
