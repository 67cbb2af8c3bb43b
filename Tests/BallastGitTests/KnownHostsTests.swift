import Crypto
import Foundation
import Testing

@testable import BallastGit

@Suite("known_hosts parsing and matching")
struct KnownHostsTests {
    private let ed25519 = "AAAAC3NzaC1lZDI1NTE5AAAAIHGDhWC2n5YHbu3WWHzZmgoKcLTJ4gjAOvdTR/iDRy1i"
    private let other = "AAAAC3NzaC1lZDI1NTE5AAAAIOBBzvs2VPMTQm7KGDv1EA/KZGVX+BzOvjwH5fnkUDHQ"

    private func key(_ base64: String) throws -> SSHPublicKey {
        try #require(SSHPublicKey(type: "ssh-ed25519", base64: base64))
    }

    @Test("plain names, [host]:port, patterns and negation")
    func patterns() throws {
        let file = KnownHosts(
            text: """
                # comment
                git.example.com,10.0.0.1 ssh-ed25519 \(ed25519)
                [git.example.com]:2222 ssh-ed25519 \(other)
                *.corp.example,!bad.corp.example ssh-ed25519 \(ed25519)
                not a line
                """)
        #expect(file.verdict(host: "git.example.com", port: nil, key: try key(ed25519)) == .trusted)
        #expect(file.verdict(host: "GIT.example.com", port: 22, key: try key(ed25519)) == .trusted)
        #expect(file.verdict(host: "10.0.0.1", port: nil, key: try key(ed25519)) == .trusted)
        #expect(file.verdict(host: "git.example.com", port: 2222, key: try key(other)) == .trusted)
        #expect(
            file.verdict(host: "git.example.com", port: 2222, key: try key(ed25519))
                == .mismatch(listedTypes: ["ssh-ed25519"]))
        #expect(
            file.verdict(host: "git.example.com", port: nil, key: try key(other))
                == .mismatch(listedTypes: ["ssh-ed25519"]))
        #expect(file.verdict(host: "a.corp.example", port: nil, key: try key(ed25519)) == .trusted)
        #expect(file.verdict(host: "bad.corp.example", port: nil, key: try key(ed25519)) == .unknownHost)
        #expect(file.verdict(host: "elsewhere", port: nil, key: try key(ed25519)) == .unknownHost)
        let digest = Array(SHA256.hash(data: try key(ed25519).blob))
        #expect(file.verdict(host: "git.example.com", port: nil, sha256: digest) == .trusted)
    }

    @Test("hashed entries (ssh-keygen -H) and @revoked keys")
    func hashedAndRevoked() throws {
        let salt = Data((0..<20).map { UInt8($0) })
        let code = HMAC<Insecure.SHA1>.authenticationCode(
            for: Data("[git.example.com]:2222".utf8), using: SymmetricKey(data: salt))
        let hashed = "|1|\(salt.base64EncodedString())|\(Data(code).base64EncodedString())"
        let file = KnownHosts(
            text: """
                \(hashed) ssh-ed25519 \(ed25519)
                @revoked * ssh-ed25519 \(other)
                * ssh-ed25519 \(other)
                """)
        #expect(file.verdict(host: "git.example.com", port: 2222, key: try key(ed25519)) == .trusted)
        #expect(file.verdict(host: "git.example.com", port: 22, key: try key(other)) == .revoked)
    }

    @Test("URLs give the host and port known_hosts uses, and never show a password")
    func remoteURLs() {
        #expect(RemoteURL("ssh://git@example.com:2222/org/repo.git").sshEndpoint! == ("example.com", 2222))
        #expect(RemoteURL("git@example.com:org/repo.git").sshEndpoint! == ("example.com", nil))
        #expect(RemoteURL("/srv/repo.git").transport == .local)
        #expect(
            RemoteURL("https://x-access-token:s3cret@example.com/r.git").redacted
                == "https://x-access-token:***@example.com/r.git")
    }
}
