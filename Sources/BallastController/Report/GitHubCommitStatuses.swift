import BallastHTTP
import Foundation

/// Commit statuses on GitHub (or GitHub Enterprise): `POST /repos/{owner}/{repo}/statuses/{sha}`
/// through Ballast's libcurl transport, one context per stage (`ballast/prod`; with an
/// `applications:` list, `ballast/<application>/<stage>`).
public struct GitHubCommitStatuses: Sendable {
    /// A status's state, as GitHub names it.
    public enum State: String, Sendable {
        case pending, success, failure, error
    }

    /// Why a status was not recorded: the call and GitHub's answer (never the token).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    private let transport: HTTPTransport
    private let apiURL: URL
    private let repository: String
    private let tokenFile: String

    /// Statuses on `repository` (`owner/name`) through the API at `apiURL`, authenticated with
    /// the token in `tokenFile` (read for every call, so a rotated Secret is picked up).
    public init(transport: HTTPTransport, apiURL: URL, repository: String, tokenFile: String) {
        self.transport = transport
        self.apiURL = apiURL
        self.repository = repository
        self.tokenFile = tokenFile
    }

    /// The same API and token, posting to `repository` (`owner/name`): an application of a list
    /// whose commits live in a repository of their own.
    public func on(repository: String) -> GitHubCommitStatuses {
        GitHubCommitStatuses(transport: transport, apiURL: apiURL, repository: repository, tokenFile: tokenFile)
    }

    /// The context of `stage`'s statuses: `ballast/<stage>` for the single form (`application`
    /// nil), `ballast/<application>/<stage>` for an application of a list.
    public static func context(stage: String, application: String?) -> String {
        application.map { "ballast/\($0)/\(stage)" } ?? "ballast/\(stage)"
    }

    /// Records `state` under `context` (``context(stage:application:)``) on `commit`;
    /// `description` is cut to GitHub's 140 characters.
    public func post(commit: String, context: String, state: State, description: String) async throws {
        guard let data = FileManager.default.contents(atPath: tokenFile) else {
            throw Failure(description: "cannot read the GitHub token file \(tokenFile)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let path = "/repos/\(repository)/statuses/\(commit)"
        let url = apiURL.appendingPathComponent(path)
        let body = try JSONSerialization.data(
            withJSONObject: [
                "state": state.rawValue, "context": context, "description": String(description.prefix(140)),
            ], options: [.sortedKeys])
        let response = try await transport.send(
            HTTPRequest(
                method: "POST", url: url,
                headers: [
                    HTTPHeader("Authorization", "Bearer \(token)"), HTTPHeader("Accept", "application/vnd.github+json"),
                    HTTPHeader("Content-Type", "application/json"), HTTPHeader("User-Agent", "ballast"),
                    HTTPHeader("X-GitHub-Api-Version", "2022-11-28"),
                ], body: body))
        guard (200..<300).contains(response.status) else {
            let message = String(decoding: response.body.prefix(300), as: UTF8.self)
            throw Failure(description: "POST \(path): HTTP \(response.status): \(message)")
        }
    }
}
