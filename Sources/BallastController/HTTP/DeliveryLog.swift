/// The ids of the most recent accepted webhook deliveries, so a captured request cannot be
/// replayed. Bounded: the oldest id is forgotten when a new one would exceed the capacity.
actor DeliveryLog {
    private let capacity: Int
    private var seen: Set<String> = []
    private var order: [String] = []
    private var oldest = 0

    /// Creates a log remembering at most `capacity` ids.
    init(capacity: Int) {
        precondition(capacity > 0, "a delivery log needs room for at least one id")
        self.capacity = capacity
    }

    /// Records `id` and returns true if it was not already recorded; returns false for a replay.
    /// One step, so two concurrent copies of a delivery cannot both be admitted.
    func admit(_ id: String) -> Bool {
        guard !seen.contains(id) else { return false }
        seen.insert(id)
        if order.count < capacity {
            order.append(id)
        } else {
            seen.remove(order[oldest])
            order[oldest] = id
            oldest = (oldest + 1) % capacity
        }
        return true
    }
}
