import Foundation

/// Runs blocking work (waitpid, a blocking read, a condition wait) on a thread of its own and
/// resumes the caller when it is done, so that no thread of Swift's cooperative pool blocks.
enum DedicatedThread {
    /// The result of `body`, run on a new thread.
    static func run<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }

    /// The result of `body`, run on a new thread; its error is rethrown here.
    static func run<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result(catching: body)) }.start()
        }
    }
}
