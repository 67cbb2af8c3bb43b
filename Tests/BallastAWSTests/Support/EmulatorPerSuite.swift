import Foundation
import Testing

/// A suite trait that starts one AWS emulator for the whole suite and stops it when the suite
/// ends; the suite's tests read it from `EmulatorPerSuite.current`.
///
/// Use it with `.serialized` when the tests count or page through account-wide lists.
struct EmulatorPerSuite: SuiteTrait, TestScoping {
    /// The emulator of the suite running on this task.
    @TaskLocal static var current: AWSEmulator?

    struct Missing: Error, CustomStringConvertible {
        let description = "no emulator: the suite needs the .emulatorPerSuite trait"
    }

    /// The emulator of the running suite; fails when the suite has no `.emulatorPerSuite` trait.
    static func emulator() throws -> AWSEmulator {
        guard let current else { throw Missing() }
        return current
    }

    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let emulator = try await AWSEmulator.start()
        defer { emulator.stop() }
        try await Self.$current.withValue(emulator) { try await function() }
    }
}

extension Trait where Self == EmulatorPerSuite {
    /// One AWS emulator for the whole suite.
    static var emulatorPerSuite: EmulatorPerSuite { EmulatorPerSuite() }
}
