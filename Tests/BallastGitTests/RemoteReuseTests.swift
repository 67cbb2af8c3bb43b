import BallastGit
import Foundation
import Testing

#if canImport(Glibc)
    import CMalloc
#endif

@Suite("one remote for every fetch and push of a mirror")
struct RemoteReuseTests {
    @Test("one mirror fetches, pushes notes and fetches again, seeing each new commit and note")
    func fetchPushFetch() throws {
        let fixture = try GitFixture()
        let (bare, work) = try fixture.makeRemote()
        try fixture.commit(["desired/README.md": "one"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        let mirror = try GitRepository.mirror(remote: bare, cache: fixture.path("cache"))
        for round in 1...3 {
            try mirror.fetch()
            let commit = try mirror.resolve(branch: "main")
            #expect(commit.hex == (try fixture.git(["rev-parse", "HEAD"], in: work)).trimmingCharacters(in: .newlines))
            try mirror.writeNote("round \(round)\n", on: commit)
            try mirror.pushNotes()
            #expect(try fixture.git(["notes", "--ref=ballast", "show", commit.hex], in: bare) == "round \(round)\n")
            try fixture.commit(["desired/README.md": "round \(round)"], in: work)
            try fixture.git(["push", "-q", "origin", "main"], in: work)
        }
        // Someone else moves the notes ref: the same mirror's push is refused, then goes through
        // after a fetch.
        let head = try fixture.git(["rev-parse", "HEAD"], in: work).trimmingCharacters(in: .newlines)
        try fixture.git(["fetch", "-q", "origin", "refs/notes/ballast:refs/notes/ballast"], in: work)
        try fixture.git(["notes", "--ref=ballast", "add", "-f", "-m", "theirs", head], in: work)
        try fixture.git(["push", "-q", "origin", "refs/notes/ballast"], in: work)
        try mirror.fetch()
        let tip = try mirror.resolve(branch: "main")
        #expect(tip.hex == head)
        #expect(try mirror.note(on: tip) == "theirs\n")
    }

    #if canImport(Glibc)
        /// The heap in use, over every malloc arena.
        static func heapInUse() -> Int { Int(mallinfo2().uordblks) }

        @Test("a hundred fetches and a hundred note pushes of one mirror leave the heap as it was, within 4 MiB")
        func pollsDoNotGrowTheHeap() throws {
            let fixture = try GitFixture()
            let (bare, work) = try fixture.makeRemote()
            try fixture.commit(["desired/README.md": "one"], in: work)
            try fixture.git(["push", "-q", "origin", "main"], in: work)
            let mirror = try GitRepository.mirror(remote: bare, cache: fixture.path("cache"))
            try mirror.fetch()
            let commit = try mirror.resolve(branch: "main")
            try mirror.writeNote("first\n", on: commit)
            try mirror.pushNotes()
            let before = Self.heapInUse()
            for round in 1...100 {
                try mirror.fetch()
                try mirror.writeNote("round \(round)\n", on: commit)
                try mirror.pushNotes()
            }
            // A remote looked up for every call left about 17 KiB per configuration entry each
            // time (libgit2 1.5's url.*.insteadOf matching with PCRE2 10.42): tens of MiB here.
            let grown = Self.heapInUse() - before
            #expect(grown < 4 << 20, "the heap grew by \(grown) bytes over 100 fetches and 100 pushes")
        }
    #endif
}
