import BallastGit
import Foundation
import Testing

@Suite("SSH commit signatures")
struct SignatureTests {
    /// A key pair made with ssh-keygen; `allowed` is its allowed-signers line.
    private struct Key {
        var path: String
        var publicLine: String
        func allowed(_ principal: String, options: String? = nil) -> String {
            ([principal] + (options.map { [$0] } ?? []) + [publicLine]).joined(separator: " ") + "\n"
        }
    }

    private func makeKey(_ fixture: GitFixture, _ name: String, type: String = "ed25519") throws -> Key {
        try Tool.require("ssh-keygen", install: "apt-get install -y openssh-client")
        let path = fixture.path(name)
        var arguments = ["-q", "-t", type, "-N", "", "-C", name, "-f", path]
        if type == "ecdsa" { arguments += ["-b", "256"] }
        if type == "rsa" { arguments += ["-b", "2048"] }
        try Tool.run("ssh-keygen", arguments)
        let line = try String(contentsOfFile: path + ".pub", encoding: .utf8).split(separator: " ").prefix(2)
            .joined(separator: " ")
        return Key(path: path, publicLine: line)
    }

    private func signedCommit(_ fixture: GitFixture, key: Key, in work: String, message: String = "signed change")
        throws -> CommitID
    {
        try #require(
            CommitID(hex: fixture.commit(["desired/README.md": message], in: work, message: message, extra: ["-S"])))
    }

    private func configureSigning(_ fixture: GitFixture, key: Key, in work: String) throws {
        try fixture.git(["config", "gpg.format", "ssh"], in: work)
        try fixture.git(["config", "user.signingkey", key.path], in: work)
    }

    private func allowedSigners(_ text: String) -> AllowedSigners { AllowedSigners(text: text) }

    @Test(
        "a commit signed with a listed key is trusted; another key's file makes it untrusted",
        arguments: ["ed25519", "ecdsa"])
    func trustedAndUntrusted(type: String) throws {
        let fixture = try GitFixture()
        let (_, work) = try fixture.makeRemote()
        let key = try makeKey(fixture, "alice", type: type)
        let other = try makeKey(fixture, "mallory")
        try configureSigning(fixture, key: key, in: work)
        let commit = try signedCommit(fixture, key: key, in: work)
        let repository = try GitRepository.open(path: work)

        // git itself agrees the signature is good.
        try Data(key.allowed("alice@example.com").utf8).write(to: URL(fileURLWithPath: fixture.path("allowed")))
        try fixture.git(
            ["-c", "gpg.ssh.allowedSignersFile=\(fixture.path("allowed"))", "verify-commit", commit.hex], in: work)

        let trusted = try repository.verifySignature(
            of: commit,
            allowedSigners: allowedSigners(other.allowed("mallory@example.com") + key.allowed("alice@example.com")))
        #expect(trusted == .trusted(principal: "alice@example.com"))

        let untrusted = try repository.verifySignature(
            of: commit, allowedSigners: allowedSigners(other.allowed("mallory@example.com")))
        guard case .untrusted(let reason) = untrusted else {
            Issue.record("expected untrusted, got \(untrusted)")
            return
        }
        #expect(reason.contains("which the allowed-signers file does not list"))
        #expect(
            !reason.contains(key.publicLine.split(separator: " ")[1]), "the key itself is not shown, its fingerprint is"
        )
    }

    @Test("an unsigned commit is reported unsigned")
    func unsigned() throws {
        let fixture = try GitFixture()
        let (_, work) = try fixture.makeRemote()
        let key = try makeKey(fixture, "alice")
        let commit = try #require(CommitID(hex: fixture.commit(["desired/README.md": "x"], in: work)))
        let verdict = try GitRepository.open(path: work).verifySignature(
            of: commit, allowedSigners: allowedSigners(key.allowed("alice@example.com")))
        #expect(verdict == .unsigned)
        #expect(verdict.description == "the commit is not signed")
    }

    @Test("a signed commit whose content was changed after signing is not trusted")
    func tampered() throws {
        let fixture = try GitFixture()
        let (_, work) = try fixture.makeRemote()
        let key = try makeKey(fixture, "alice")
        try configureSigning(fixture, key: key, in: work)
        let commit = try signedCommit(fixture, key: key, in: work, message: "deploy 1 replica")
        // Rewrite the commit object with another message, keeping the gpgsig header as it is.
        let raw = try fixture.git(["cat-file", "commit", commit.hex], in: work)
        #expect(raw.contains("-----BEGIN SSH SIGNATURE-----"))
        let forged = raw.replacingOccurrences(of: "deploy 1 replica", with: "deploy 9 replica")
        let forgedID = try #require(
            CommitID(
                hex: fixture.git(["hash-object", "-t", "commit", "-w", "--stdin"], in: work, input: Data(forged.utf8))
                    .trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(forgedID != commit)

        let repository = try GitRepository.open(path: work)
        let allowed = allowedSigners(key.allowed("alice@example.com"))
        #expect(
            try repository.verifySignature(of: commit, allowedSigners: allowed)
                == .trusted(principal: "alice@example.com"))
        guard case .untrusted(let reason) = try repository.verifySignature(of: forgedID, allowedSigners: allowed) else {
            Issue.record("a tampered commit must not be trusted")
            return
        }
        #expect(reason.contains("does not match the commit's content"))
    }

    @Test("namespaces= is honoured; an RSA signature is refused as unsupported")
    func optionsAndUnsupportedKeys() throws {
        let fixture = try GitFixture()
        let (_, work) = try fixture.makeRemote()
        let key = try makeKey(fixture, "alice")
        try configureSigning(fixture, key: key, in: work)
        let commit = try signedCommit(fixture, key: key, in: work)
        let repository = try GitRepository.open(path: work)
        #expect(
            try repository.verifySignature(
                of: commit,
                allowedSigners: allowedSigners(key.allowed("alice@example.com", options: "namespaces=\"git,file\"")))
                == .trusted(principal: "alice@example.com"))
        guard
            case .untrusted(let reason) = try repository.verifySignature(
                of: commit,
                allowedSigners: allowedSigners(key.allowed("alice@example.com", options: "namespaces=\"file\"")))
        else {
            Issue.record("a key not allowed for git must not be trusted")
            return
        }
        #expect(reason.contains("allowed only for file"))
        guard
            case .untrusted = try repository.verifySignature(
                of: commit,
                allowedSigners: allowedSigners(key.allowed("alice@example.com", options: "valid-before=\"20000101\"")))
        else {
            Issue.record("an expired key must not be trusted")
            return
        }

        let rsa = try makeKey(fixture, "robert", type: "rsa")
        try configureSigning(fixture, key: rsa, in: work)
        let rsaCommit = try signedCommit(fixture, key: rsa, in: work, message: "rsa signed")
        let verdict = try repository.verifySignature(
            of: rsaCommit, allowedSigners: allowedSigners(rsa.allowed("robert@example.com")))
        guard case .untrusted(let rsaReason) = verdict else {
            Issue.record("RSA is not verified, so it must not be trusted")
            return
        }
        #expect(rsaReason.contains("unsupported key type ssh-rsa"))
    }
}
