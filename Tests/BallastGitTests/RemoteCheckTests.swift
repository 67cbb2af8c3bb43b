import BallastGit
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A remote that can never work is refused before the first fetch, in one line that names it
/// (redacted); one that can work is accepted, with a warning when it exposes a secret.
@Suite("checking a remote before the first fetch")
struct RemoteCheckTests {
    private func refusal(_ remote: String, _ credentials: GitCredentials = .none) -> String? {
        do {
            _ = try RemoteCheck(remote: remote, credentials: credentials)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("ssh:// without a key, a local path or file:// URL that does not exist, an unknown scheme: refused")
    func neverWorks() throws {
        let fixture = try GitFixture()
        let ssh = refusal("ssh://git:MARKERpw@127.0.0.1:2222/shop.git")
        #expect(ssh?.contains("ssh://git:***@127.0.0.1:2222/shop.git is an SSH remote and no SSH private key") == true)
        #expect(ssh?.contains("MARKERpw") == false)
        #expect(refusal("git@github.com:acme/shop.git")?.contains("no SSH private key is configured") == true)
        let slash = refusal("https://u:MARKER/pw@example.com/r.git")
        #expect(slash?.contains("https://u:***@example.com/r.git has a password with a '/'") == true)
        #expect(slash?.contains("MARKER") == false)
        let scpPassword = refusal("deploy:MARKERpw@example.com:acme/shop.git")
        #expect(scpPassword?.contains("deploy:***@example.com:acme/shop.git puts a password") == true)
        #expect(scpPassword?.contains("MARKERpw") == false)
        let missing = fixture.path("absent.git")
        #expect(
            refusal("file://" + missing) == "git: the remote file://\(missing) does not exist: "
                + "a local remote is the folder of a Git repository")
        #expect(refusal(missing)?.contains("\(missing) does not exist") == true)
        #expect(refusal("htps://u:MARKERpw@example.com/r.git")?.contains("htps://u:***@example.com") == true)
        for remote in ["https://example.com/r.git?access_token=MARKERq", "ssh://git@example.com/r.git#MARKERf"] {
            let query = refusal(remote)
            #expect(query?.contains("has a query (?…) or fragment (#…)") == true, "\(query ?? "accepted")")
            #expect(query?.contains("MARKER") == false)
        }
        // A key that is not there, a known-hosts file that is not there.
        let knownHosts = fixture.path("known_hosts")
        try Data("example.com ssh-ed25519 AAAA\n".utf8).write(to: URL(fileURLWithPath: knownHosts))
        let noKey = GitCredentials(ssh: SSHCredentials(privateKey: fixture.path("id_ed25519"), knownHosts: knownHosts))
        #expect(refusal("ssh://git@example.com/r.git", noKey)?.contains("id_ed25519") == true)
        try Data("key\n".utf8).write(to: URL(fileURLWithPath: fixture.path("id_ed25519")))
        let noHosts = GitCredentials(
            ssh: SSHCredentials(privateKey: fixture.path("id_ed25519"), knownHosts: fixture.path("absent")))
        #expect(refusal("ssh://git@example.com/r.git", noHosts)?.contains("known-hosts file") == true)
        // A token file that does not exist.
        let absentToken = GitCredentials(https: .token(.file(fixture.path("token"))))
        #expect(refusal("https://example.com/r.git", absentToken)?.contains("token") == true)
        // An empty token file, a folder where the token file should be.
        try Data("\n".utf8).write(to: URL(fileURLWithPath: fixture.path("token")))
        #expect(refusal("https://example.com/r.git", absentToken)?.hasSuffix("is empty") == true)
        let folderToken = GitCredentials(https: .token(.file(fixture.root)))
        #expect(refusal("https://example.com/r.git", folderToken)?.hasSuffix("is a folder, not a file") == true)
    }

    @Test("what may work is accepted: an unreachable host, a server that fails, an existing repository")
    func transientIsAccepted() throws {
        let fixture = try GitFixture()
        let (bare, _) = try fixture.makeRemote()
        #expect(refusal("https://127.0.0.1:9/shop.git") == nil)
        #expect(refusal("git://no-such-host.invalid/shop.git") == nil)
        #expect(refusal(bare) == nil)
        #expect(refusal("file://" + bare) == nil)
        let knownHosts = fixture.path("known_hosts")
        try Data("example.com ssh-ed25519 AAAA\n".utf8).write(to: URL(fileURLWithPath: knownHosts))
        try Data("key\n".utf8).write(to: URL(fileURLWithPath: fixture.path("id")))
        chmod(fixture.path("id"), 0o600)
        let key = GitCredentials(ssh: SSHCredentials(privateKey: fixture.path("id"), knownHosts: knownHosts))
        let check = try RemoteCheck(remote: "ssh://git@example.com/r.git", credentials: key)
        #expect(check.warnings == [])
    }

    @Test("a password or token over plain http://, and a secret file others can read, are warned about")
    func exposedSecrets() throws {
        let fixture = try GitFixture()
        let inURL = try RemoteCheck(remote: "http://u:MARKERpw@example.com/r.git", credentials: .none)
        #expect(inURL.warnings.count == 1)
        #expect(inURL.warnings.first?.contains("http://u:***@example.com/r.git is plain http://") == true)
        #expect(inURL.warnings.first?.contains("MARKERpw") == false)
        #expect(try RemoteCheck(remote: "http://example.com/r.git", credentials: .none).warnings == [])
        #expect(try RemoteCheck(remote: "https://u:MARKERpw@example.com/r.git", credentials: .none).warnings == [])

        let token = fixture.path("token")
        try Data("MARKERtoken\n".utf8).write(to: URL(fileURLWithPath: token))
        chmod(token, 0o644)
        let configured = GitCredentials(https: .token(.file(token)))
        let open = try RemoteCheck(remote: "http://example.com/r.git", credentials: configured)
        #expect(open.warnings.count == 2)
        #expect(open.warnings.contains { $0.contains("\(token) can be read by every user (mode 644)") })
        chmod(token, 0o600)
        #expect(try RemoteCheck(remote: "https://example.com/r.git", credentials: configured).warnings == [])
        #expect(SecretFileAccess.warning(path: token, what: "the token") == nil)
        chmod(token, 0o640)
        // Group-readable is fine for a group of this process (the Kubernetes fsGroup pattern).
        #expect(SecretFileAccess.warning(path: token, what: "the token") == nil)
        chmod(token, 0o604)
        #expect(SecretFileAccess.warning(path: token, what: "the token")?.contains("every user") == true)
    }
}
