import BallastControllerConfig
import BallastGit
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("fetching over git:// and ssh://", .serialized)
struct RemoteTransportTests {
    @Test("a mirror fetches from git daemon over git://")
    func gitDaemon() throws {
        let fixture = try GitFixture()
        let (_, work) = try fixture.makeRemote()
        let head = try fixture.commit(["desired/README.md": "over the daemon"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        // git-daemon itself, not the `git daemon` wrapper, so stopping it stops the server.
        let execPath = try fixture.git(["--exec-path"], in: fixture.root).trimmingCharacters(
            in: .whitespacesAndNewlines)
        let gitDaemon = execPath + "/git-daemon"
        guard FileManager.default.isExecutableFile(atPath: gitDaemon) else {
            throw Tool.Failure(
                description: "git-daemon is not installed at \(gitDaemon); install it with: apt-get install -y git")
        }
        let port = try BackgroundServer.freePort()
        let daemon = try BackgroundServer(
            executable: gitDaemon,
            arguments: [
                "--reuseaddr", "--export-all", "--listen=127.0.0.1", "--port=\(port)",
                "--base-path=\(fixture.root)", fixture.root,
            ],
            port: port, log: fixture.path("daemon.log"))
        defer { daemon.stop() }

        let mirror = try GitRepository.mirror(
            remote: "git://127.0.0.1:\(port)/remote.git", cache: fixture.path("cache"))
        try mirror.fetch()
        #expect(try mirror.resolve(branch: "main").hex == head)
        let next = try fixture.commit(["desired/README.md": "again"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        try mirror.fetch()
        #expect(try mirror.resolve(branch: "main").hex == next)
    }

    /// An sshd on a free loopback port that lets the current user in with `client` key.
    private struct SSHServer {
        var server: BackgroundServer
        var port: Int
        var hostPublicKey: String
        var clientKey: String
        var user: String
    }

    private func startSSHServer(_ fixture: GitFixture) throws -> SSHServer {
        let sshd = try Tool.require("sshd", install: "apt-get install -y openssh-server")
        try Tool.require("ssh-keygen", install: "apt-get install -y openssh-client")
        let folder = fixture.path("sshd")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Tool.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", folder + "/host_key"])
        try Tool.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", folder + "/client"])
        try FileManager.default.copyItem(atPath: folder + "/client.pub", toPath: folder + "/authorized_keys")
        if getuid() == 0, !FileManager.default.fileExists(atPath: "/run/sshd") {
            // sshd running as root needs its privilege-separation folder.
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        }
        let user = try Tool.run("id", ["-un"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try BackgroundServer.freePort()
        let config = """
            ListenAddress 127.0.0.1
            HostKey \(folder)/host_key
            PidFile \(folder)/sshd.pid
            AuthorizedKeysFile \(folder)/authorized_keys
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            PermitRootLogin prohibit-password
            AllowUsers \(user)
            LogLevel VERBOSE

            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: folder + "/sshd_config"))
        let server = try BackgroundServer(
            executable: sshd, arguments: ["-D", "-e", "-f", folder + "/sshd_config", "-p", "\(port)"], port: port,
            log: folder + "/sshd.log")
        let hostKey = try String(contentsOfFile: folder + "/host_key.pub", encoding: .utf8).split(separator: " ")
            .prefix(2)
            .joined(separator: " ")
        return SSHServer(server: server, port: port, hostPublicKey: hostKey, clientKey: folder + "/client", user: user)
    }

    @Test(
        "a mirror fetches over ssh:// with a key when the host key is in known_hosts; a wrong or missing entry is refused"
    )
    func sshWithKnownHosts() throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        let head = try fixture.commit(["desired/README.md": "over ssh"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        let ssh = try startSSHServer(fixture)
        defer { ssh.server.stop() }
        let url = "ssh://\(ssh.user)@127.0.0.1:\(ssh.port)\(bare)"
        func credentials(_ knownHosts: String) throws -> GitCredentials {
            let path = fixture.path("known_hosts-\(UUID().uuidString)")
            try Data(knownHosts.utf8).write(to: URL(fileURLWithPath: path))
            return GitCredentials(ssh: SSHCredentials(privateKey: ssh.clientKey, knownHosts: path))
        }

        // The right key, listed as [host]:port.
        let good = try GitRepository.mirror(
            remote: url, cache: fixture.path("cache-good"),
            credentials: credentials("[127.0.0.1]:\(ssh.port) \(ssh.hostPublicKey)\n"))
        do {
            try good.fetch()
        } catch {
            Issue.record("fetch over ssh failed: \(error)\nsshd said:\n\(ssh.server.output)")
            return
        }
        #expect(try good.resolve(branch: "main").hex == head)

        // Another key for the same host: refused, never trusted.
        try Tool.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", fixture.path("impostor")])
        let impostor = try String(contentsOfFile: fixture.path("impostor.pub"), encoding: .utf8).split(separator: " ")
            .prefix(2).joined(separator: " ")
        let wrong = try GitRepository.mirror(
            remote: url, cache: fixture.path("cache-wrong"),
            credentials: credentials("[127.0.0.1]:\(ssh.port) \(impostor)\n"))
        let mismatch = #expect(throws: GitError.self) { try wrong.fetch() }
        guard case .hostKeyRejected(let host, let reason) = mismatch else {
            Issue.record("expected hostKeyRejected, got \(String(describing: mismatch))")
            return
        }
        #expect(host == "[127.0.0.1]:\(ssh.port)")
        #expect(reason.contains("does not match the known-hosts entries"))

        // The key listed for port 22 only: the host on this port is unknown.
        let unknown = try GitRepository.mirror(
            remote: url, cache: fixture.path("cache-unknown"),
            credentials: credentials("127.0.0.1 \(ssh.hostPublicKey)\n"))
        let unlisted = #expect(throws: GitError.self) { try unknown.fetch() }
        guard case .hostKeyRejected(_, let unknownReason) = unlisted else {
            Issue.record("expected hostKeyRejected, got \(String(describing: unlisted))")
            return
        }
        #expect(unknownReason.contains("is not in the known-hosts file"))

        // No known-hosts file at all: a configuration error before any connection.
        let none = try GitRepository.mirror(
            remote: url, cache: fixture.path("cache-none"),
            credentials: GitCredentials(
                ssh: SSHCredentials(privateKey: ssh.clientKey, knownHosts: fixture.path("absent"))))
        let missing = #expect(throws: GitError.self) { try none.fetch() }
        guard case .invalidConfiguration = missing else {
            Issue.record("expected invalidConfiguration, got \(String(describing: missing))")
            return
        }
    }

    @Test("a key the server does not accept is an authentication error")
    func sshWrongClientKey() throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        try fixture.commit(["desired/README.md": "over ssh"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        let ssh = try startSSHServer(fixture)
        defer { ssh.server.stop() }
        try Tool.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", fixture.path("stranger")])
        let knownHosts = fixture.path("known_hosts")
        try Data("[127.0.0.1]:\(ssh.port) \(ssh.hostPublicKey)\n".utf8).write(to: URL(fileURLWithPath: knownHosts))
        let mirror = try GitRepository.mirror(
            remote: "ssh://\(ssh.user)@127.0.0.1:\(ssh.port)\(bare)", cache: fixture.path("cache"),
            credentials: GitCredentials(
                ssh: SSHCredentials(privateKey: fixture.path("stranger"), knownHosts: knownHosts)))
        let error = #expect(throws: GitError.self) { try mirror.fetch() }
        guard case .authenticationFailed = error else {
            Issue.record("expected authenticationFailed, got \(String(describing: error))")
            return
        }
    }
}
