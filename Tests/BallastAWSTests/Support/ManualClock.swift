import BallastTestSupport
import Foundation

/// A clock that stands still until a test moves it.
final class ManualClock: Sendable {
    private let current: Protected<Date>

    init(_ start: Date) { current = Protected(start) }

    var now: @Sendable () -> Date {
        let current = current
        return { current.current }
    }

    func set(_ date: Date) { current.withLock { $0 = date } }

    func advance(seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
