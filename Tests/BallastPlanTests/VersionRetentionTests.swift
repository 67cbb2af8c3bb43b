import BallastPlan
import Testing

@Suite("which old versions are deleted")
struct VersionRetentionTests {
    static let published = ["$LATEST"] + (1...8).map(String.init)

    @Test("the newest three are kept, the older ones deleted oldest first")
    func keepsNewest() {
        #expect(
            VersionRetention.versionsToDelete(published: Self.published, protected: []) == ["1", "2", "3", "4", "5"])
    }

    @Test("versions are compared as numbers, not text")
    func numericOrder() {
        let published = ["9", "10", "11", "2", "$LATEST"]
        #expect(VersionRetention.versionsToDelete(published: published, protected: [], keep: 2) == ["2", "9"])
    }

    @Test("a version an alias points at, as its version or by weight, is never deleted")
    func aliasedKept() {
        let routed = VersionRetention.routed(by: [(version: "2", additional: ["4"]), (version: "1", additional: [])])
        #expect(routed == ["1", "2", "4"])
        #expect(VersionRetention.versionsToDelete(published: Self.published, protected: routed) == ["3", "5"])
    }

    @Test("the rollout's old and new versions are never deleted")
    func rolloutKept() {
        #expect(
            VersionRetention.versionsToDelete(published: Self.published, protected: ["1", "5"]) == ["2", "3", "4"])
    }

    @Test("fewer versions than kept, $LATEST and non-numbers: nothing deleted", arguments: [0, 3, 100])
    func nothingToDelete(keep: Int) {
        let deleted = VersionRetention.versionsToDelete(published: ["$LATEST", "1", "x"], protected: [], keep: keep)
        #expect(deleted == (keep == 0 ? ["1"] : []))
        #expect(!deleted.contains("$LATEST") && !deleted.contains("x"))
    }
}
