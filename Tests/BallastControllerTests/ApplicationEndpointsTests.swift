import BallastController
import BallastControllerConfig
import BallastModel
import BallastPlan
import Foundation
import Testing

@Suite("status endpoints of a controller with an applications: list")
struct ApplicationEndpointsTests {
    static let time = Date(timeIntervalSince1970: 1_790_000_000)
    static let names = ["shop", "billing", "orders", "search", "mail", "auth"]

    static func config() throws -> ControllerConfig {
        let list = names.map { "  - { name: \($0), remote: /srv/\($0).git }" }.joined(separator: "\n")
        return try ControllerConfig.parse(Data("applications:\n\(list)\n".utf8), path: "c.yaml")
    }

    @Test("/status lists every application with its owner; /status/<app>, /status/<app>/<stage>, badges by app")
    func listed() async throws {
        let config = try Self.config()
        let shard = Shard(index: 1, count: 3)!
        let applications = ApplicationStatuses(config: config, shard: shard, hostname: "ballast-1", time: Self.time)
        let owned = Self.names.filter { shard.owns($0) }
        let elsewhere = Self.names.filter { !shard.owns($0) }
        try #require(!owned.isEmpty && !elsewhere.isEmpty, "the names must spread over the shards")
        let mine = owned[0]
        await applications.store(of: mine)?.update(
            StageStatus(stage: "prod", phase: .synced, revision: String(repeating: "a", count: 40), time: Self.time))
        await applications.store(of: mine)?.markReady()

        try await RunningServer.with(applications: applications) { server in
            let response = try await server.request("GET", "status")
            let document = try StatusDocument.decoder.decode(StatusDocument.self, from: response.body)
            #expect(document.stages.isEmpty)
            #expect(document.ready)
            #expect(document.shard == StatusDocument.ShardInfo(index: 1, count: 3))
            let listed = try #require(document.applications)
            #expect(listed.keys.sorted() == Self.names.sorted())
            for name in Self.names {
                let entry = try #require(listed[name])
                #expect(entry.shard == Shard.index(of: name, count: 3))
                #expect(entry.replica == "ballast-\(entry.shard)")
                #expect(entry.reconciledHere == (entry.shard == 1))
                // Only what this replica reconciles shows its live state.
                #expect((entry.stages != nil) == entry.reconciledHere, "\(name)")
            }
            #expect(listed[mine]?.stages?["prod"]?.phase == .synced)

            let one = try await server.request("GET", "status/\(mine)")
            #expect(one.status == 200)
            let entry = try StatusDocument.decoder.decode(StatusDocument.Application.self, from: one.body)
            #expect(entry.stages?["prod"]?.phase == .synced)
            let other = try await server.request("GET", "status/\(elsewhere[0])")
            #expect(other.status == 200)
            #expect(
                try StatusDocument.decoder.decode(StatusDocument.Application.self, from: other.body).reconciledHere
                    == false)
            #expect(try await server.request("GET", "status/nothing-here").status == 404)

            let stage = try await server.request("GET", "status/\(mine)/prod")
            #expect(stage.status == 200)
            #expect(try StatusDocument.decoder.decode(StageStatus.self, from: stage.body).phase == .synced)
            #expect(try await server.request("GET", "status/\(mine)/staging").status == 404)
            let notHere = try await server.request("GET", "status/\(elsewhere[0])/prod")
            #expect(notHere.status == 404 && notHere.text.contains("shard"), "\(notHere.text)")

            let badge = try await server.request("GET", "badge/\(mine)/prod.svg")
            #expect(badge.status == 200 && badge.text.contains("synced"))
            // The single form's path knows no stage of a list.
            #expect(try await server.request("GET", "badge/prod.svg").text.contains("unknown"))

            let page = try await server.request("GET", "")
            for name in Self.names { #expect(page.text.contains("id=\"application-\(name)\""), "\(name)") }
            #expect(page.text.contains("id=\"stage-\(mine)-prod\""))
            #expect(page.text.contains("Reconciled by shard"))
        }
    }

    @Test("the single form keeps /status/<stage> and /badge/<stage>.svg, and adds /status/default")
    func single() async throws {
        let store = StatusStore(stages: ["prod"], time: Self.time)
        try await RunningServer.with(store: store) { server in
            #expect(try await server.request("GET", "status/prod").status == 200)
            #expect(try await server.request("GET", "status/default/prod").status == 200)
            let entry = try await server.request("GET", "status/default")
            #expect(try StatusDocument.decoder.decode(StatusDocument.Application.self, from: entry.body).stages != nil)
            #expect(try await server.request("GET", "badge/default/prod.svg").text.contains("unknown"))
            #expect(try await server.request("GET", "badge/prod.svg").status == 200)
        }
    }
}
