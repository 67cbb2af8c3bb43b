import CGit2
import Foundation

/// Whether a commit may be applied as far as its signature goes.
public enum CommitTrust: Sendable, Hashable, CustomStringConvertible {
    /// Signed with a key the allowed-signers file lists for `principal`.
    case trusted(principal: String)
    /// Not signed at all.
    case unsigned
    /// Signed, but not in a way Ballast trusts; `reason` says why (for the status).
    case untrusted(reason: String)

    public var description: String {
        switch self {
        case .trusted(let principal): return "signed by \(principal)"
        case .unsigned: return "the commit is not signed"
        case .untrusted(let reason): return "the signature is not trusted: \(reason)"
        }
    }
}

extension GitRepository {
    /// Checks the SSH signature of `commit` (git's `gpg.format=ssh`) against `allowedSigners`.
    ///
    /// The signed payload is the commit object without its `gpgsig` header, as libgit2 extracts
    /// it; the signature must be in the `git` namespace. Errors are thrown only when the commit
    /// cannot be read; every problem with the signature itself is an `untrusted` verdict.
    public func verifySignature(of commit: CommitID, allowedSigners: AllowedSigners) throws(GitError) -> CommitTrust {
        var signature = git_buf()
        var signedData = git_buf()
        defer {
            git_buf_dispose(&signature)
            git_buf_dispose(&signedData)
        }
        var oid = commit.oid
        let code = git_commit_extract_signature(&signature, &signedData, handle, &oid, nil)
        if code == GIT_ENOTFOUND.rawValue {
            // Either the commit is missing or it has no signature: tell them apart.
            _ = try info(of: commit)
            return .unsigned
        }
        try LibGit2.check(code, "read the signature of \(commit.short)")
        let armored = String(decoding: Self.bytes(of: signature), as: UTF8.self)
        let message = Self.bytes(of: signedData)
        let time = try info(of: commit).time
        return Self.verdict(armored: armored, message: message, time: time, allowedSigners: allowedSigners)
    }

    /// The verdict on an armored signature over `message` made at `time`.
    static func verdict(armored: String, message: [UInt8], time: Date, allowedSigners: AllowedSigners) -> CommitTrust {
        guard armored.contains(SSHSignature.beginMarker) else {
            if armored.contains("BEGIN PGP SIGNATURE") {
                return .untrusted(reason: "signed with OpenPGP; Ballast verifies SSH signatures (gpg.format=ssh)")
            }
            return .untrusted(reason: "the signature is neither SSH nor OpenPGP")
        }
        do throws(SSHSignature.Problem) {
            let signature = try SSHSignature(armored: armored)
            guard signature.namespace == "git" else {
                return .untrusted(reason: "the signature is for namespace '\(signature.namespace)', not 'git'")
            }
            guard try signature.isValid(for: message) else {
                return .untrusted(
                    reason: "the signature by \(signature.publicKey.fingerprint) does not match the commit's content "
                        + "(the commit was changed after signing)")
            }
            let (usable, refusals) = allowedSigners.signers(for: signature.publicKey, at: time)
            if let signer = usable.first {
                return .trusted(principal: signer.principals)
            }
            if let refusal = refusals.first {
                return .untrusted(reason: refusal)
            }
            return .untrusted(
                reason: "signed by \(signature.publicKey.type) key \(signature.publicKey.fingerprint), "
                    + "which the allowed-signers file does not list")
        } catch {
            switch error {
            case .malformed(let problem): return .untrusted(reason: problem)
            case .unsupported(let problem): return .untrusted(reason: "unsupported \(problem)")
            }
        }
    }

    private static func bytes(of buffer: git_buf) -> [UInt8] {
        guard let pointer = buffer.ptr, buffer.size > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: buffer.size))
    }
}
