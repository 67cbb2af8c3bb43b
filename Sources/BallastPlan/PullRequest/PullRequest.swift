import Foundation

/// An open pull request as GitHub's `GET /repos/{owner}/{repo}/pulls` lists it: the fields a
/// plan preview needs, nothing else.
public struct PullRequest: Sendable, Hashable {
    /// Its number (`#7`).
    public var number: Int
    /// The commit at its head.
    public var headSHA: String
    /// `owner/name` of the repository its head lives in (nil when that repository was deleted).
    public var headRepository: String?
    /// The branch it would merge into.
    public var baseBranch: String
    /// `owner/name` of the repository it would merge into.
    public var baseRepository: String

    /// A pull request from its parts.
    public init(number: Int, headSHA: String, headRepository: String?, baseBranch: String, baseRepository: String) {
        self.number = number
        self.headSHA = headSHA
        self.headRepository = headRepository
        self.baseBranch = baseBranch
        self.baseRepository = baseRepository
    }

    /// Whether its head comes from another repository (a fork, or one deleted since): its
    /// content is anyone's, so it is not previewed unless forks are allowed.
    public var isFork: Bool {
        headRepository?.lowercased() != baseRepository.lowercased()
    }

    /// Why a page of pull requests could not be read.
    public struct DecodingFailure: Error, Sendable, CustomStringConvertible {
        /// What was wrong.
        public var description: String
    }

    /// The pull requests in one page of GitHub's answer (a JSON array).
    public static func page(from data: Data) throws(DecodingFailure) -> [PullRequest] {
        let decoded: [Wire]
        do {
            decoded = try JSONDecoder().decode([Wire].self, from: data)
        } catch {
            throw DecodingFailure(description: "the list of pull requests is not what GitHub sends: \(error)")
        }
        return decoded.map {
            PullRequest(
                number: $0.number, headSHA: $0.head.sha, headRepository: $0.head.repo?.full_name,
                baseBranch: $0.base.ref, baseRepository: $0.base.repo?.full_name ?? "")
        }
    }

    /// GitHub's shape of a pull request, the fields read.
    private struct Wire: Decodable {
        struct Repository: Decodable {
            var full_name: String
        }
        struct End: Decodable {
            var ref: String
            var sha: String
            var repo: Repository?
        }
        var number: Int
        var head: End
        var base: End
    }
}
