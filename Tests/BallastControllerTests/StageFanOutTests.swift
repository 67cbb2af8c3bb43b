import BallastController
import Testing

/// The one stage fan-out of `diff`, `reconcile` and the loop.
@Suite("stages fanned out: bounded, in their order")
struct StageFanOutTests {
    /// Counts the bodies running at once and the most there ever were.
    actor Gauge {
        private(set) var running = 0
        private(set) var most = 0
        func enter() {
            running += 1
            most = max(most, running)
        }
        func leave() { running -= 1 }
    }

    @Test("results come back in the stages' order though later ones finish first")
    func order() async {
        let names = ["dev", "staging", "prod", "eu", "us"]
        let results = await StageFanOut.map(Array(names.enumerated())) { index, name in
            // The first stage takes longest.
            try? await Task.sleep(for: .milliseconds(10 * (names.count - index)))
            return name.uppercased()
        }
        #expect(results == names.map { $0.uppercased() })
    }

    @Test("no more than the limit run at once, and every one runs")
    func bounded() async {
        let gauge = Gauge()
        let results = await StageFanOut.map(Array(0..<9), limit: 2) { index in
            await gauge.enter()
            try? await Task.sleep(for: .milliseconds(15))
            await gauge.leave()
            return index
        }
        #expect(results == Array(0..<9))
        #expect(await gauge.most <= 2)
        #expect(await gauge.running == 0)
        #expect(await StageFanOut.map([Int](), { $0 }).isEmpty)
    }
}
