import Foundation

/// Polls a condition until it holds, blocking this thread between polls.
///
/// For synchronous callers; a task should use `eventually(timeout:every:_:_:)`, which suspends.
public enum Eventually {
    /// The condition did not hold within the time given.
    public struct Timeout: Error, CustomStringConvertible {
        public let description: String
    }

    /// Checks `condition` every `interval` seconds for up to `timeout` seconds (and once more at
    /// the end); throws a `Timeout` naming `what` when it never held.
    public static func wait(
        timeout: TimeInterval, every interval: TimeInterval = 0.25, _ what: @autoclosure () -> String,
        _ condition: () throws -> Bool
    ) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            Thread.sleep(forTimeInterval: interval)
        }
        if try condition() { return }
        throw Timeout(description: "timed out after \(Int(timeout)) s waiting for \(what())")
    }
}

/// Checks `condition` every `interval` seconds for up to `timeout` seconds (and once more at the
/// end), suspending between checks (`Task.sleep`: no thread of the pool blocks); throws an
/// `Eventually.Timeout` naming `what` when it never held.
public func eventually(
    timeout: TimeInterval, every interval: TimeInterval = 0.25, _ what: @autoclosure () -> String,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
    }
    if try await condition() { return }
    throw Eventually.Timeout(description: "timed out after \(Int(timeout)) s waiting for \(what())")
}
