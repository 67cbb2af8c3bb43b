import BallastChildProcess
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("the child-process launcher")
struct ChildProcessTests {
    @Test("a child started from a task sees SIGTERM: its signal mask is empty")
    func sigtermReachesTheChild() async throws {
        // `sleep` keeps SIGTERM's default action, which ends it: 128 + 15.
        let child = try ChildProcess("sleep", ["30"])
        #expect(child.isRunning)
        #expect(await child.stop(grace: 10) == 128 + SIGTERM)
    }

    @Test("the child starts with no signal blocked and none of the standard ones ignored")
    func signalStateOfTheChild() async throws {
        let finished = try await ChildProcess.captured("sh", ["-c", "grep -E '^Sig(Blk|Ign):' /proc/self/status"])
        let masks = Dictionary(
            uniqueKeysWithValues: finished.standardOutput.split(separator: "\n").map {
                let parts = $0.split(separator: "\t")
                return (String(parts[0]), UInt64(parts[1], radix: 16) ?? .max)
            })
        #expect(masks["SigBlk:"] == 0)
        // Signals 1 to 31; glibc keeps its internal real-time ones (32, 33) as they were.
        #expect((masks["SigIgn:"] ?? .max) & 0x7FFF_FFFF == 0)
    }

    @Test("SIGTERM, then SIGKILL when the child ignores it")
    func killAfterGrace() async throws {
        let child = try ChildProcess("sh", ["-c", "trap '' TERM; echo ready; sleep 30"], output: .pipe)
        #expect(await child.readyLine(prefix: "ready").value == "")
        #expect(await child.stop(grace: 0.5) == 128 + SIGKILL)
    }

    @Test("terminating in the background returns at once; SIGKILL follows the grace, the child is reaped")
    func terminateInBackground() async throws {
        let child = try ChildProcess("sh", ["-c", "trap '' TERM; echo ready; sleep 30"], output: .pipe)
        #expect(await child.readyLine(prefix: "ready").value == "")
        let start = Date()
        child.terminateInBackground(grace: 0.5)
        #expect(Date().timeIntervalSince(start) < 0.4)
        #expect(await child.exit() == 128 + SIGKILL)
    }

    @Test("the ready line is the first line that starts with the prefix; nil when the child ends first")
    func readyLine() throws {
        let ready = try ChildProcess(
            "sh", ["-c", "echo 'peer listening on http://127.0.0.1:1'; sleep 30"], output: .pipe)
        #expect(ready.waitForReadyLine(prefix: "peer listening on ").value == "http://127.0.0.1:1")
        ready.kill()
        let silent = try ChildProcess("sh", ["-c", "exit 3"], output: .pipe)
        let line = silent.waitForReadyLine(prefix: "peer listening on ", timeout: 10)
        #expect(line.value == nil)
        #expect(silent.waitForExit() == 3)
    }

    @Test("a command run to its end: status, output and errors, however much it prints")
    func capture() async throws {
        let finished = try await ChildProcess.captured(
            "sh", ["-c", "head -c 1000000 /dev/zero; echo oops >&2; exit 4"], input: Data("x".utf8))
        #expect(finished.status == 4)
        #expect(finished.output.count == 1_000_000)
        #expect(finished.standardError == "oops\n")
    }

    @Test("a missing executable is an error that names it")
    func missingExecutable() {
        #expect(throws: ProcessFailure.self) { try ChildProcess("no-such-command-ballast", []) }
    }

    @Test("eventually polls until the condition holds, and times out naming what it waited for")
    func eventuallyHolds() async throws {
        let start = Date()
        try await eventually(timeout: 5, every: 0.01, "a tenth of a second") { Date().timeIntervalSince(start) > 0.1 }
        await #expect(throws: Eventually.Timeout.self) {
            try await eventually(timeout: 0.05, every: 0.01, "never") { false }
        }
    }
}
