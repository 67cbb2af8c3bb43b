import CGit2
import Foundation

/// The context of one conversation with a remote (a fetch or a push): the credentials to offer,
/// the known hosts to check, and what went wrong. libgit2 calls back into it through C function
/// pointers whose payload is this object; nothing is global.
final class RemoteSession {
    let remote: RemoteURL
    let credentials: GitCredentials
    let environment: [String: String]
    private let knownHosts: KnownHosts?
    /// Secrets read during the session, scrubbed from every message.
    private(set) var secrets: [String] = []
    /// Why a callback refused to go on (host key, credentials), when one did.
    private(set) var failure: GitError?
    /// References the remote refused on push, with its reasons.
    private(set) var rejectedReferences: [(reference: String, message: String)] = []
    private var offeredUserPassword = false
    private var offeredURLCredentials = false
    private var offeredKey = false

    /// A session; for SSH remotes, the known-hosts file is read now, so a missing one is an error
    /// before anything touches the network.
    init(remote: RemoteURL, credentials: GitCredentials, environment: [String: String]) throws(GitError) {
        self.remote = remote
        self.credentials = credentials
        self.environment = environment
        if let embedded = remote.embeddedCredentials {
            // A token given as the user is the secret; otherwise the password is.
            secrets = [embedded.password.isEmpty ? embedded.user : embedded.password]
        }
        if remote.transport == .ssh {
            guard let ssh = credentials.ssh else {
                throw GitError.invalidConfiguration(
                    "\(remote.redacted) is an SSH remote: configure an SSH private key and a known-hosts file")
            }
            knownHosts = try KnownHosts(path: ssh.knownHosts)
        } else {
            knownHosts = nil
        }
    }

    /// Fills libgit2's callback table; `self` must outlive the libgit2 call that uses it.
    func install(into callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, url, userFromURL, allowed, payload in
            guard let out, let payload else { return -1 }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            return session.acquireCredential(
                out, userFromURL: userFromURL.map { String(cString: $0) }, allowed: allowed)
        }
        callbacks.certificate_check = { cert, valid, host, payload in
            guard let cert, let payload else { return -1 }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            return session.checkCertificate(cert, valid: valid != 0, host: host.map { String(cString: $0) } ?? "")
        }
        callbacks.push_update_reference = { reference, status, payload in
            guard let payload else { return 0 }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            if let status {
                session.rejectedReferences.append(
                    (reference.map { String(cString: $0) } ?? "?", String(cString: status)))
            }
            return 0
        }
    }

    /// Removes every secret read in this session, and any password in a URL, from `message`.
    func scrub(_ message: String) -> String {
        var text = message
        for secret in secrets where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "***")
        }
        return text.split(separator: " ", omittingEmptySubsequences: false)
            .map { RemoteURL(String($0)).redacted }
            .joined(separator: " ")
    }

    /// The error a failed network operation becomes: a callback's reason first, then libgit2's.
    func error(code: Int32, operation: String) -> GitError {
        if let failure { return failure }
        let message = scrub(LibGit2.lastErrorMessage())
        let errorClass = LibGit2.lastErrorClass()
        if code == GIT_EAUTH.rawValue {
            return .authenticationFailed(remote: remote.redacted, message: message)
        }
        let network = [GIT_ERROR_NET, GIT_ERROR_SSH, GIT_ERROR_HTTP, GIT_ERROR_SSL, GIT_ERROR_OS].map {
            Int32($0.rawValue)
        }
        if network.contains(errorClass) || code == GIT_ECERTIFICATE.rawValue {
            if message.lowercased().contains("authentication") {
                return .authenticationFailed(remote: remote.redacted, message: message)
            }
            return .remoteUnreachable(remote: remote.redacted, message: message)
        }
        return .operationFailed(operation: "\(operation) \(remote.redacted)", message: message)
    }

    private func refuse(_ error: GitError, code: Int32 = -1) -> Int32 {
        failure = error
        git_error_set_str(Int32(GIT_ERROR_CALLBACK.rawValue), error.description)
        return code
    }

    private func acquireCredential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, userFromURL: String?, allowed: UInt32
    ) -> Int32 {
        func allows(_ type: git_credential_t) -> Bool { allowed & type.rawValue != 0 }
        do {
            if allows(GIT_CREDENTIAL_SSH_KEY), let ssh = credentials.ssh {
                guard !offeredKey else {
                    return refuse(
                        .authenticationFailed(
                            remote: remote.redacted, message: "the server refused the SSH key \(ssh.privateKey)"))
                }
                offeredKey = true
                let passphrase = try ssh.passphrase.map { source throws(GitError) in try read(source) }
                let publicKey =
                    ssh.publicKey
                    ?? (FileManager.default.fileExists(atPath: ssh.privateKey + ".pub") ? ssh.privateKey + ".pub" : nil)
                let code = git_credential_ssh_key_new(
                    out, userFromURL ?? ssh.user, publicKey, ssh.privateKey, passphrase)
                return code < 0
                    ? refuse(
                        .invalidConfiguration("cannot use the SSH key \(ssh.privateKey): \(LibGit2.lastErrorMessage())")
                    ) : 0
            }
            if allows(GIT_CREDENTIAL_USERNAME), let ssh = credentials.ssh {
                return git_credential_username_new(out, userFromURL ?? ssh.user)
            }
            if allows(GIT_CREDENTIAL_USERPASS_PLAINTEXT), let embedded = remote.embeddedCredentials,
                !embedded.password.isEmpty || credentials.https == nil
            {
                // The password or token the URL carried: the mirror's config holds the URL
                // without it, so it reaches libgit2 only here.
                guard !offeredURLCredentials else {
                    return refuse(
                        .authenticationFailed(
                            remote: remote.redacted, message: "the remote refused the credentials in its URL"))
                }
                offeredURLCredentials = true
                return git_credential_userpass_plaintext_new(out, embedded.user, embedded.password)
            }
            if allows(GIT_CREDENTIAL_USERPASS_PLAINTEXT), let https = credentials.https {
                guard !offeredUserPassword else {
                    return refuse(
                        .authenticationFailed(
                            remote: remote.redacted,
                            message: "the remote refused user '\(https.user)' with the secret from \(https.secret)"))
                }
                offeredUserPassword = true
                let secret = try read(https.secret)
                return git_credential_userpass_plaintext_new(out, https.user, secret)
            }
        } catch {
            return refuse(error)
        }
        return refuse(
            .authenticationFailed(
                remote: remote.redacted,
                message: "the remote asks for credentials and none are configured for it"
                    + (remote.transport == .ssh ? " (an SSH key)" : " (a token or user and password)")))
    }

    private func read(_ source: SecretSource) throws(GitError) -> String {
        let secret = try source.read(environment: environment)
        secrets.append(secret)
        return secret
    }

    private func checkCertificate(_ cert: UnsafeMutablePointer<git_cert>, valid: Bool, host: String) -> Int32 {
        guard cert.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 else {
            // TLS: libgit2 checked the chain against the system's certificate authorities.
            return valid
                ? 0
                : refuse(
                    .hostKeyRejected(
                        host: host, reason: "the TLS certificate is not trusted by the system's authorities"),
                    code: GIT_ECERTIFICATE.rawValue)
        }
        guard let knownHosts else {
            return refuse(
                .hostKeyRejected(host: host, reason: "no known-hosts file configured"), code: GIT_ECERTIFICATE.rawValue)
        }
        let port = remote.sshEndpoint?.port
        let name = KnownHosts.name(host: host, port: port)
        let hostKey = UnsafeRawPointer(cert).load(as: git_cert_hostkey.self)
        let verdict: KnownHosts.Verdict
        let presented: String
        if hostKey.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostKey.hostkey,
            let key = SSHPublicKey(blob: Array(UnsafeRawBufferPointer(start: raw, count: hostKey.hostkey_len)))
        {
            verdict = knownHosts.verdict(host: host, port: port, key: key)
            presented = "\(key.type) \(key.fingerprint)"
        } else if hostKey.type.rawValue & GIT_CERT_SSH_SHA256.rawValue != 0 {
            let digest = withUnsafeBytes(of: hostKey.hash_sha256) { Array($0) }
            verdict = knownHosts.verdict(host: host, port: port, sha256: digest)
            presented = SSHFingerprint.format(digest: digest)
        } else {
            return refuse(
                .hostKeyRejected(host: name, reason: "libgit2 gave neither the host key nor its SHA-256 fingerprint"),
                code: GIT_ECERTIFICATE.rawValue)
        }
        switch verdict {
        case .trusted:
            return 0
        case .unknownHost:
            return refuse(
                .hostKeyRejected(
                    host: name,
                    reason: "\(name) is not in the known-hosts file (it presented \(presented)); "
                        + "add it after checking the fingerprint out of band"),
                code: GIT_ECERTIFICATE.rawValue)
        case .mismatch(let types):
            return refuse(
                .hostKeyRejected(
                    host: name,
                    reason: "it presented \(presented), which does not match the known-hosts entries for \(name) "
                        + "(\(types.joined(separator: ", "))); the server's key changed or someone is in between"),
                code: GIT_ECERTIFICATE.rawValue)
        case .revoked:
            return refuse(
                .hostKeyRejected(
                    host: name, reason: "it presented \(presented), which the known-hosts file marks @revoked"),
                code: GIT_ECERTIFICATE.rawValue)
        }
    }
}
