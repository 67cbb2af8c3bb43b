import BallastPlan
import Testing

@Suite("loop schedule")
struct LoopScheduleTests {
    let schedule = LoopSchedule(interval: .seconds(60), jitter: .seconds(6), maximumBackoff: .seconds(600))

    @Test("a poll waits the interval plus a share of the jitter")
    func poll() {
        #expect(schedule.pollDelay(unitRandom: 0) == .seconds(60))
        #expect(schedule.pollDelay(unitRandom: 0.5) == .seconds(63))
        #expect(schedule.pollDelay(unitRandom: 7) == .seconds(66))
    }

    @Test("backoff doubles from the interval up to the maximum")
    func backoff() {
        #expect(schedule.backoff(failures: 0) == .zero)
        #expect((1...6).map { schedule.backoff(failures: $0) } == [60, 120, 240, 480, 600, 600].map { .seconds($0) })
        #expect(schedule.backoff(failures: 1_000) == .seconds(600))
    }
}
