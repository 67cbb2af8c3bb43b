/// A container image in Amazon ECR, the only registry Lambda pulls from:
/// `ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY:TAG` or `…/REPOSITORY@sha256:DIGEST`.
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    /// The 12-digit AWS account that owns the registry.
    public var account: String
    /// The registry's region.
    public var region: String
    /// The repository name (may contain `/`).
    public var repository: String
    /// A tag (`1.4.2`) or a digest (`sha256:…`).
    public var reference: Reference

    /// How the image is named within its repository.
    public enum Reference: Sendable, Hashable {
        /// A mutable tag, resolved to a digest before deployment.
        case tag(String)
        /// An immutable digest, `sha256:` and 64 hex digits.
        case digest(String)
    }

    /// The registry host, `ACCOUNT.dkr.ecr.REGION.amazonaws.com`.
    public var registry: String { "\(account).dkr.ecr.\(region).amazonaws.com" }

    /// `registry/repository`, without tag or digest.
    public var repositoryURI: String { "\(registry)/\(repository)" }

    /// The same image pinned to a digest.
    public func pinned(to digest: String) -> ImageReference {
        var copy = self
        copy.reference = .digest(digest)
        return copy
    }

    public var description: String {
        switch reference {
        case .tag(let tag): return "\(repositoryURI):\(tag)"
        case .digest(let digest): return "\(repositoryURI)@\(digest)"
        }
    }

    /// Why a text is not an ECR image URI.
    public enum ParseError: Error, Sendable, Equatable {
        case notECR
        case missingTagOrDigest
        case badRepository(String)
        case badTag(String)
        case badDigest(String)
    }

    /// Parses an ECR image URI.
    public static func parse(_ text: String) -> Result<ImageReference, ParseError> {
        guard let slash = text.firstIndex(of: "/") else { return .failure(.notECR) }
        let host = text[..<slash]
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        // ACCOUNT . dkr . ecr . REGION . amazonaws . com  (also .com.cn in China)
        guard labels.count >= 6, labels[1] == "dkr", labels[2] == "ecr",
            labels[0].count == 12, labels[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            labels[4] == "amazonaws",
            labels[5...].joined(separator: ".") == "com"
                || labels[5...].joined(separator: ".") == "com.cn"
        else { return .failure(.notECR) }
        let region = String(labels[3])
        var rest = String(text[text.index(after: slash)...])
        let reference: Reference
        if let at = rest.firstIndex(of: "@") {
            let digest = String(rest[rest.index(after: at)...])
            rest = String(rest[..<at])
            let hex = digest.dropFirst("sha256:".count)
            guard digest.hasPrefix("sha256:"), hex.count == 64,
                hex.allSatisfy({ $0.isHexDigit && ($0.isNumber || $0.isLowercase) })
            else { return .failure(.badDigest(digest)) }
            reference = .digest(digest)
        } else if let colon = rest.lastIndex(of: ":") {
            let tag = String(rest[rest.index(after: colon)...])
            rest = String(rest[..<colon])
            guard isValidTag(tag) else { return .failure(.badTag(tag)) }
            reference = .tag(tag)
        } else {
            return .failure(.missingTagOrDigest)
        }
        guard isValidRepository(rest) else { return .failure(.badRepository(rest)) }
        return .success(
            ImageReference(account: String(labels[0]), region: region, repository: rest, reference: reference))
    }

    /// ECR repository names: 2–256 characters, lowercase letters, digits and `._-/`,
    /// each path component starting with a letter or digit.
    static func isValidRepository(_ name: String) -> Bool {
        guard (2...256).contains(name.count) else { return false }
        return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
            guard let first = component.first, first.isASCII, first.isLowercase || first.isNumber else { return false }
            return component.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "._-".contains($0)) }
        }
    }

    /// Docker tags: 1–128 characters of `[A-Za-z0-9_.-]`, not starting with `.` or `-`.
    static func isValidTag(_ tag: String) -> Bool {
        guard (1...128).contains(tag.count), let first = tag.first, first != ".", first != "-" else { return false }
        return tag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
    }
}
