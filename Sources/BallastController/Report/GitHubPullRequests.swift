import BallastHTTP
import BallastPlan
import Foundation

/// The pull requests of a GitHub repository and the comments on them, through Ballast's libcurl
/// transport: list the open pull requests onto a branch, list a pull request's comments, post a
/// comment, edit one. Pages are followed through the `Link` header, on the API's own host only
/// (the token is never sent anywhere else).
public struct GitHubPullRequests: Sendable {
    /// A comment on a pull request.
    public struct Comment: Sendable, Hashable {
        /// GitHub's id of the comment.
        public var id: Int
        /// Its Markdown.
        public var body: String
    }

    /// Why a call failed: the call and GitHub's answer (never the token).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What happened.
        public var description: String
    }

    /// The most pages one listing follows (100 items each).
    static let maximumPages = 20

    private let transport: HTTPTransport
    private let apiURL: URL
    private let repository: String
    private let tokenFile: String

    /// Calls on `repository` (`owner/name`) through the API at `apiURL`, authenticated with the
    /// token in `tokenFile` (read for every call, so a rotated Secret is picked up).
    public init(transport: HTTPTransport, apiURL: URL, repository: String, tokenFile: String) {
        self.transport = transport
        self.apiURL = apiURL
        self.repository = repository
        self.tokenFile = tokenFile
    }

    /// The open pull requests whose base is `base`, every page.
    public func openPullRequests(base: String) async throws -> [PullRequest] {
        var pulls: [PullRequest] = []
        let query = "state=open&base=\(Self.queryValue(base))&per_page=100"
        for page in try await pages(path: "/repos/\(repository)/pulls", query: query) {
            do {
                pulls += try PullRequest.page(from: page)
            } catch {
                throw Failure(description: "GET /repos/\(repository)/pulls: \(error)")
            }
        }
        return pulls
    }

    /// The comments on pull request `number`, oldest first, every page.
    public func comments(on number: Int) async throws -> [Comment] {
        let path = "/repos/\(repository)/issues/\(number)/comments"
        var comments: [Comment] = []
        for page in try await pages(path: path, query: "per_page=100") {
            guard let items = try? JSONSerialization.jsonObject(with: page) as? [[String: Any]] else {
                throw Failure(description: "GET \(path): the answer is not a list of comments")
            }
            for item in items {
                guard let id = item["id"] as? Int else { continue }
                comments.append(Comment(id: id, body: item["body"] as? String ?? ""))
            }
        }
        return comments
    }

    /// Posts a new comment on pull request `number`; returns its id.
    @discardableResult
    public func createComment(on number: Int, body: String) async throws -> Int {
        let path = "/repos/\(repository)/issues/\(number)/comments"
        let answer = try await send("POST", url: url(path: path), path: path, body: ["body": body])
        return (try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any])?["id"] as? Int ?? 0
    }

    /// Replaces the text of comment `id`.
    public func updateComment(_ id: Int, body: String) async throws {
        let path = "/repos/\(repository)/issues/comments/\(id)"
        _ = try await send("PATCH", url: url(path: path), path: path, body: ["body": body])
    }

    /// Every page of a listing, following `rel="next"` on the API's host.
    private func pages(path: String, query: String) async throws -> [Data] {
        var pages: [Data] = []
        var next: URL? = url(path: path, query: query)
        while let current = next, pages.count < Self.maximumPages {
            let response = try await send("GET", url: current, path: path, body: nil)
            pages.append(response.body)
            next = nil
            if let link = LinkHeader.next(response.headers.value(for: "Link")) {
                guard let target = URL(string: link), target.scheme == apiURL.scheme, target.host == apiURL.host,
                    target.port == apiURL.port
                else {
                    throw Failure(description: "GET \(path): the next page is on another host; not followed")
                }
                next = target
            }
        }
        return pages
    }

    private func url(path: String, query: String? = nil) -> URL {
        var base = apiURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        let text = base + path + (query.map { "?" + $0 } ?? "")
        return URL(string: text) ?? apiURL.appendingPathComponent(path)
    }

    private func send(_ method: String, url: URL, path: String, body: [String: String]?) async throws
        -> HTTPResponse
    {
        guard let data = FileManager.default.contents(atPath: tokenFile) else {
            throw Failure(description: "cannot read the GitHub token file \(tokenFile)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        var headers = [
            HTTPHeader("Authorization", "Bearer \(token)"), HTTPHeader("Accept", "application/vnd.github+json"),
            HTTPHeader("User-Agent", "ballast"), HTTPHeader("X-GitHub-Api-Version", "2022-11-28"),
        ]
        var payload = Data()
        if let body {
            headers.append(HTTPHeader("Content-Type", "application/json"))
            payload = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        }
        let response = try await transport.send(HTTPRequest(method: method, url: url, headers: headers, body: payload))
        guard (200..<300).contains(response.status) else {
            let message = String(decoding: response.body.prefix(300), as: UTF8.self)
            throw Failure(description: "\(method) \(path): HTTP \(response.status): \(message)")
        }
        return response
    }

    /// `text` as a query value: everything but unreserved characters percent-encoded.
    static func queryValue(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
