import Foundation
import Testing

@testable import BallastController

@Suite("memory handed back between polls")
struct FreeMemoryTests {
    @Test("the resident code, constants and initial data of the process are paged out")
    func pagesOutReadOnlyFiles() throws {
        let before = try #require(residentFileKiB())
        FreeMemory.release()
        let after = try #require(residentFileKiB())
        // The test binary alone is tens of MB of code mapped by this process only; at least a
        // quarter of what was resident goes (shared libraries other processes map stay).
        #expect(after < before * 3 / 4, "RssFile \(before) KiB → \(after) KiB")
    }

    /// The process's resident file-backed memory in KiB (`RssFile` of /proc/self/status).
    private func residentFileKiB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("RssFile:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }
}
