/// How many stage passes run at once in one controller, over all its applications
/// (`loop.concurrentPasses`): a pass waits for a free slot, first come first served, and gives
/// it back when it ends. The loops of all applications share one, so a
/// controller with a hundred applications does not hold two hundred passes' AWS answers in
/// memory at once (they would share the account's request rates anyway).
public actor PassSlots {
    /// The most passes at once.
    public nonisolated let limit: Int
    private var inUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Slots for at most `limit` passes at once (at least one).
    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// `body`, once a slot is free; the slot is free again when it returns.
    public func run<Output: Sendable>(_ body: @Sendable () async -> Output) async -> Output {
        await acquire()
        defer { release() }
        return await body()
    }

    /// Passes running now, and passes waiting for a slot.
    public var occupancy: (running: Int, waiting: Int) { (inUse, waiting.count) }

    private func acquire() async {
        if inUse < limit {
            inUse += 1
            return
        }
        // The slot is handed over by `release`, which keeps `inUse` as it is.
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            inUse -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
