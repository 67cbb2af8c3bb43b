import BallastController
import Foundation
import ServiceLifecycle
import Testing

/// Stands in for the reconcile loop: takes "AWS calls" of `callDuration` one after another
/// until graceful shutdown, never abandoning a call once started.
struct InFlightWork: Service {
    let callDuration: Duration
    let calls: CallLog
    let started: AsyncStream<Void>.Continuation

    func run() async throws {
        started.yield()
        while !Task.isShuttingDownGracefully {
            await calls.begin()
            // An AWS call is not interrupted by a graceful shutdown, only by cancellation.
            try await Task.sleep(for: callDuration)
            await calls.end()
        }
    }
}

/// Counts the calls begun and finished.
actor CallLog {
    private(set) var begun = 0
    private(set) var finished = 0
    func begin() { begun += 1 }
    func end() { finished += 1 }
}

/// A service that ignores graceful shutdown, to show the bound holds.
struct StubbornWork: Service {
    func run() async throws {
        try await Task.sleep(for: .seconds(120))
    }
}

@Suite("graceful shutdown", .serialized)
struct ShutdownTests {
    @Test("on graceful shutdown the server stops, the call in flight finishes, the group returns in time")
    func gracefulShutdown() async throws {
        let calls = CallLog()
        let (started, startedContinuation) = AsyncStream<Void>.makeStream()
        let work = InFlightWork(callDuration: .milliseconds(400), calls: calls, started: startedContinuation)
        let clock = ContinuousClock()
        let (port, elapsed) = try await RunningServer.with(extraServices: [work]) { server in
            var iterator = started.makeAsyncIterator()
            await iterator.next()
            try await Task.sleep(for: .milliseconds(100))  // a call is in flight now
            #expect(try await server.request("GET", "healthz").status == 200)
            let start = clock.now
            await server.group.triggerGracefulShutdown()
            return (server.port, start)
        }
        let took = clock.now - elapsed
        // Far below the stuck service's 120 s, generous for a loaded machine: this proves the
        // shutdown is bounded, it does not time it (timing belongs to benchmarks).
        #expect(took < .seconds(30), "shut down in \(took)")
        let (begun, finished) = (await calls.begun, await calls.finished)
        #expect(begun >= 1 && begun == finished, "every call begun was finished (\(begun) begun, \(finished) finished)")
        let status = try runCurl([
            "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "2", "http://127.0.0.1:\(port)/healthz",
        ])
        #expect(status == "000", "curl could not connect")
    }

    @Test("a service that ignores graceful shutdown is cancelled after the grace period")
    func boundedShutdown() async throws {
        let clock = ContinuousClock()
        let policy = ShutdownPolicy(signals: [], gracePeriod: .milliseconds(500), cancellationBound: .seconds(5))
        let start = clock.now
        do {
            try await RunningServer.with(extraServices: [StubbornWork()], policy: policy) { _ in }
        } catch {
            // Cancellation surfaces as the stubborn service's CancellationError; the bound is what matters.
        }
        let took = clock.now - start
        // Far below the stuck service's 120 s, generous for a loaded machine: this proves the
        // shutdown is bounded, it does not time it (timing belongs to benchmarks).
        #expect(took < .seconds(30), "shut down in \(took)")
    }

    @Test("SIGTERM shuts the group down gracefully and run() returns without error")
    func sigterm() async throws {
        let calls = CallLog()
        let (started, startedContinuation) = AsyncStream<Void>.makeStream()
        let work = InFlightWork(callDuration: .milliseconds(300), calls: calls, started: startedContinuation)
        let clock = ContinuousClock()
        let policy = ShutdownPolicy(signals: [.sigterm], gracePeriod: .seconds(5))
        let start = clock.now
        try await RunningServer.with(extraServices: [work], policy: policy) { server in
            var iterator = started.makeAsyncIterator()
            await iterator.next()
            kill(getpid(), SIGTERM)
            // The group stops on its own; wait for the server to go away.
            for _ in 0..<50 {
                let status = try runCurl([
                    "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "1",
                    "http://127.0.0.1:\(server.port)/healthz",
                ])
                if status == "000" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(clock.now - start < .seconds(30))
        #expect(await calls.begun == (await calls.finished))
    }
}
