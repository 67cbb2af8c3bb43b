import Testing

@testable import BallastController

@Suite("the loop's wake-ups: a push ends its sleep at once, cancellation too", .timeLimit(.minutes(1)))
struct WakeupsTests {
    @Test("a push wakes the waiting loop, and take() hands over the branch once")
    func pushWakes() async {
        let wakeups = Wakeups()
        async let waited: Void = wakeups.waitForPush()
        // The push may land before or after the wait began: either way the wait returns.
        await wakeups.push("dev")
        await waited
        #expect(await wakeups.take() == ["dev"])
        #expect(await wakeups.take().isEmpty)
    }

    @Test("a push that is already there returns at once")
    func pendingPush() async {
        let wakeups = Wakeups()
        await wakeups.push("main")
        await wakeups.waitForPush()
        #expect(await wakeups.take() == ["main"])
    }

    @Test("cancelling the waiting task ends the wait without a push")
    func cancellation() async {
        let wakeups = Wakeups()
        let waiting = Task { await wakeups.waitForPush() }
        try? await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await waiting.value
        #expect(await wakeups.take().isEmpty)
    }
}
