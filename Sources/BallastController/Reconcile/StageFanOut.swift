/// How `diff`, `reconcile` and the controller's loop work on the stages of one desired state:
/// stages are independent, so they run concurrently, at most ``limit`` at a time (each pass
/// holds AWS clients and a plan in memory, and all share the process's request rates), and the
/// results come back in the order the stages were given, whatever order they finished in.
public enum StageFanOut {
    /// The most stages worked on at once.
    public static let limit = 4

    /// `body` of each of `elements`, at most `limit` at a time; the results in `elements`' order.
    public static func map<Element: Sendable, Output: Sendable>(
        _ elements: [Element], limit: Int = StageFanOut.limit,
        _ body: @escaping @Sendable (Element) async -> Output
    ) async -> [Output] {
        await withTaskGroup(of: (Int, Output).self) { group in
            var outputs: [Int: Output] = [:]
            for (index, element) in elements.enumerated() {
                if index >= max(1, limit), let (done, output) = await group.next() { outputs[done] = output }
                group.addTask { (index, await body(element)) }
            }
            for await (done, output) in group { outputs[done] = output }
            return elements.indices.compactMap { outputs[$0] }
        }
    }
}
