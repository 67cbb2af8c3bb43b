import Testing

@testable import BallastControllerConfig

/// Shard assignment: stable, spread, and the ordinal of a StatefulSet pod.
@Suite("shards")
struct ShardTests {
    @Test("FNV-1a-32 as published (the empty string and 'a', 'foobar' from the reference vectors)")
    func hash() {
        #expect(Shard.fnv1a32("") == 0x811C_9DC5)
        #expect(Shard.fnv1a32("a") == 0xE40C_292C)
        #expect(Shard.fnv1a32("foobar") == 0xBF9C_F968)
    }

    @Test("every application has exactly one owner among the shards, and 90 names spread over 3")
    func oneOwnerEach() throws {
        let names = (0..<90).map { "service-\($0)" }
        let shards = try (0..<3).map { try #require(Shard(index: $0, count: 3)) }
        var counts = [0, 0, 0]
        for name in names {
            let owners = shards.filter { $0.owns(name) }
            #expect(owners.count == 1, "\(name)")
            counts[owners[0].index] += 1
        }
        #expect(counts.allSatisfy { $0 >= 15 }, "\(counts)")
        #expect(names.allSatisfy { Shard.only.owns($0) })
    }

    @Test("only 0 <= index < count is a shard")
    func bounds() {
        #expect(Shard(index: 0, count: 0) == nil)
        #expect(Shard(index: 3, count: 3) == nil)
        #expect(Shard(index: -1, count: 3) == nil)
        #expect(Shard(index: 2, count: 3)?.description == "2/3")
    }

    @Test(
        "the ordinal of a StatefulSet pod's hostname",
        arguments: [
            ("ballast-2", 2), ("ballast-prod-0", 0), ("ballast-prod-11.ballast-prod-headless.gitops.svc", 11),
            ("ballast", nil), ("ballast-", nil), ("ballast-x1", nil), ("ballast-٣", nil), ("ballast-1234567", nil),
        ] as [(String, Int?)])
    func ordinal(_ hostname: String, _ expected: Int?) {
        #expect(Shard.ordinal(ofHostname: hostname) == expected)
    }
}
