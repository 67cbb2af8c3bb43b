import Testing

@testable import BallastController

@Suite("memory handed back between polls")
struct FreeMemoryTests {
    @Test("the resident code, constants and initial data of the process are paged out")
    func pagesOutReadOnlyFiles() throws {
        let before = try #require(FreeMemory.residentFileKiB())
        FreeMemory.release()
        let after = try #require(FreeMemory.residentFileKiB())
        // The test binary alone is tens of MB of code mapped by this process only; at least a
        // quarter of what was resident goes (shared libraries other processes map stay).
        #expect(after < before * 3 / 4, "RssFile \(before) KiB → \(after) KiB")
    }
}
