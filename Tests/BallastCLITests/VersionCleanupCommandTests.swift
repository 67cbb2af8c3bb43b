import Foundation
import Testing

/// Old versions are deleted once rollouts end: the newest three stay, and so does every version
/// an alias routes to, whatever its age.
@Suite("old versions are cleaned up after rollouts", .serialized)
final class VersionCleanupCommandTests {
    let fixture: RolloutFixture

    init() throws {
        fixture = try RolloutFixture()
    }

    func versions() throws -> [String] {
        try fixture.lambda(
            "print(json.dumps([v['Version'] for v in "
                + "lam.list_versions_by_function(FunctionName='shop-dev-orders')['Versions']]))") as? [String] ?? []
    }

    @Test("after five rollouts: the newest three versions plus the two an alias routes to")
    func keepsNewestAndAliased() throws {
        var logs = ""
        for round in 1...5 {
            let result = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
            #expect(result.status == 0, "\(result.standardError)")
            #expect(
                result.standardError.contains("shop-dev-orders: all traffic on version \(round + 1)"),
                "\(result.standardError)")
            logs += result.standardError
            if round == 1 {
                // Another alias, older than anything Ballast keeps by count: version 1, with
                // half its traffic on version 2.
                _ = try fixture.lambda(
                    "lam.create_alias(FunctionName='shop-dev-orders', Name='pinned', FunctionVersion='1', "
                        + "RoutingConfig={'AdditionalVersionWeights': {'2': 0.5}})\nprint('null')")
            }
            if round < 5 { try fixture.repush(seed: "round-\(round)") }
        }
        #expect(try versions() == ["$LATEST", "1", "2", "4", "5", "6"])
        #expect(logs.contains("shop-dev-orders: deleted old version 3 "), "\(logs)")
        #expect(!logs.contains("not cleaned up"), "\(logs)")
        // catalog never rolled out: its single version stays.
        let catalog =
            try fixture.lambda(
                "print(json.dumps([v['Version'] for v in "
                    + "lam.list_versions_by_function(FunctionName='shop-dev-catalog')['Versions']]))") as? [String]
        #expect(catalog == ["$LATEST", "1"])
        // Nothing more to delete on the next pass.
        let again = try fixture.ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(!again.standardError.contains("deleted old version"), "\(again.standardError)")
    }
}
