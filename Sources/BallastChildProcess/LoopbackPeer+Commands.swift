import Foundation

/// The peers of Ballast's repository: the AWS emulator and the test-support scripts.
extension LoopbackPeer.Command {
    /// How to install the emulator's Python packages (moto and Ballast's extension's needs).
    public static let emulatorInstallHint = "pip install -r .ci/requirements.txt"

    /// `controller/aws-emulator` (moto_server with Ballast's extension) of the repository at
    /// `repositoryRoot`, on a free loopback port; `arguments` adds options (`--latency fast`).
    /// Its request log goes to a fresh file in the temporary directory, removed when it stops.
    public static func emulator(repositoryRoot: URL, arguments: [String] = []) -> Self {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent(
            "aws-emulator-\(UUID().uuidString).log")
        return Self(
            script: repositoryRoot.appendingPathComponent("controller/aws-emulator").path,
            arguments: ["--port", "0"] + arguments, readyPrefix: "aws-emulator listening on ", log: log.path,
            removesLog: true, installHint: "is moto installed? \(emulatorInstallHint)")
    }

    /// `Tests/Support/aws_fault_proxy.py` of the repository at `repositoryRoot` in front of
    /// `target`, recording every request to `log` as a JSON line; `extra` injects faults.
    public static func proxy(repositoryRoot: URL, target: String, log: String, extra: [String] = []) -> Self {
        Self(
            script: repositoryRoot.appendingPathComponent("Tests/Support/aws_fault_proxy.py").path,
            arguments: ["--target", target, "--port", "0", "--log", log] + extra,
            readyPrefix: "aws-fault-proxy listening on ", installHint: emulatorInstallHint)
    }

    /// `Tests/Support/github_recorder.py` of the repository at `repositoryRoot`: a stand-in for
    /// the GitHub API (or a notification receiver) that records every call to `log`; `extra`
    /// changes its answers (`--fail-first 1`, `--status 404`, `--hang 30`).
    public static func githubRecorder(repositoryRoot: URL, log: String, extra: [String] = []) -> Self {
        Self(
            script: repositoryRoot.appendingPathComponent("Tests/Support/github_recorder.py").path,
            arguments: ["--port", "0", "--log", log] + extra, readyPrefix: "github-recorder listening on ",
            installHint: emulatorInstallHint)
    }

    /// `Tests/Support/git_http_server.py` of the repository at `repositoryRoot`: `git
    /// http-backend` serving the repositories under `root` behind basic auth, user `ballast` with
    /// the password in `passwordFile`; every request is recorded in `log`.
    public static func gitHTTPServer(repositoryRoot: URL, root: String, passwordFile: String, log: String) -> Self {
        Self(
            script: repositoryRoot.appendingPathComponent("Tests/Support/git_http_server.py").path,
            arguments: [
                "--port", "0", "--root", root, "--user", "ballast", "--password-file", passwordFile, "--log", log,
            ],
            readyPrefix: "git-http-server listening on ", installHint: emulatorInstallHint)
    }
}
