import Foundation
import Testing

/// A suite trait that starts one AWS emulator for the whole suite and stops it when the suite
/// ends; the suite's tests read it from `EmulatorPerSuite.current`.
///
/// Use it with `.serialized` when the tests count or page through account-wide lists. The
/// emulator is started and stopped without blocking a thread of the cooperative pool.
public struct EmulatorPerSuite: SuiteTrait, TestScoping {
    /// The emulator of the suite running on this task.
    @TaskLocal public static var current: LoopbackPeer?

    /// A test of a suite without the trait asked for its emulator.
    public struct Missing: Error, CustomStringConvertible {
        public let description = "no emulator: the suite needs the .emulatorPerSuite trait"
    }

    /// The emulator of the running suite; fails when the suite has no `.emulatorPerSuite` trait.
    public static func emulator() throws -> LoopbackPeer {
        guard let current else { throw Missing() }
        return current
    }

    /// The emulator's options (`--clock-rate 60`).
    public var arguments: [String] = []

    public var isRecursive: Bool { false }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let emulator = try await LoopbackPeer.startEmulator(arguments)
        do {
            try await Self.$current.withValue(emulator) { try await function() }
        } catch {
            await emulator.stopped()
            throw error
        }
        await emulator.stopped()
    }
}

extension Trait where Self == EmulatorPerSuite {
    /// One AWS emulator for the whole suite.
    public static var emulatorPerSuite: EmulatorPerSuite { EmulatorPerSuite() }

    /// One AWS emulator for the whole suite, started with `arguments`.
    public static func emulatorPerSuite(arguments: [String]) -> EmulatorPerSuite {
        EmulatorPerSuite(arguments: arguments)
    }
}
