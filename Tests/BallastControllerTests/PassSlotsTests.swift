import BallastController
import Testing

/// The controller-wide bound on stage passes at once (`loop.concurrentPasses`).
@Suite("pass slots: a bound over all applications, first come first served")
struct PassSlotsTests {
    /// Counts the bodies running at once, the most there ever were, and the order they began.
    actor Gauge {
        private(set) var running = 0
        private(set) var most = 0
        private(set) var began: [Int] = []
        func enter(_ index: Int) {
            running += 1
            most = max(most, running)
            began.append(index)
        }
        func leave() { running -= 1 }
    }

    @Test("passes of many loops sharing one set of slots never exceed it, and all of them run")
    func bounded() async {
        let slots = PassSlots(limit: 3)
        let gauge = Gauge()
        // Four "applications" of three stages each, every one in its own task as the loops are.
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<12 {
                group.addTask {
                    await slots.run {
                        await gauge.enter(index)
                        try? await Task.sleep(for: .milliseconds(20))
                        await gauge.leave()
                    }
                }
            }
        }
        #expect(await gauge.most == 3)
        #expect(await gauge.began.count == 12)
        #expect(await slots.occupancy == (running: 0, waiting: 0))
    }

    @Test("a pass waiting for a slot gets it in the order it asked")
    func fifo() async throws {
        let slots = PassSlots(limit: 1)
        let gauge = Gauge()
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            await slots.run {
                for await _ in gate { break }
            }
        }
        var waiters: [Task<Int, Never>] = []
        for index in 1...3 {
            waiters.append(
                Task {
                    await slots.run {
                        await gauge.enter(index)
                        await gauge.leave()
                        return index
                    }
                })
            // Each one is queued before the next asks.
            while await slots.occupancy.waiting < index { await Task.yield() }
        }
        #expect(await slots.occupancy == (running: 1, waiting: 3))
        open.yield()
        await holder.value
        for waiter in waiters { _ = await waiter.value }
        #expect(await gauge.began == [1, 2, 3])
        #expect(await gauge.most == 1)
        #expect(await slots.occupancy == (running: 0, waiting: 0))
        #expect(PassSlots(limit: 0).limit == 1)
    }
}
