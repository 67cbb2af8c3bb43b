import BallastModel
import Foundation
import Testing

/// The repository's own `desired/` folder: the example application of the design.
enum ExampleState {
    static let directory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("desired").path
    }()

    static func load() throws -> DesiredState {
        try DesiredStateLoader.load(directory: directory)
    }
}

@Suite("the example desired state")
struct ExampleStateTests {
    @Test("desired/ loads and is the application of the design")
    func exampleLoads() throws {
        let state = try ExampleState.load()
        #expect(state.project == "shop")
        #expect(state.stages.map(\.name) == ["dev", "prod"])
        let dev = try #require(state.stage(named: "dev"))
        let prod = try #require(state.stage(named: "prod"))
        #expect(dev.branch == "dev" && dev.region == "us-east-1")
        #expect(prod.branch == "main" && prod.region == "eu-central-1")
        #expect(dev.network.natGateways == 0 && prod.network.natGateways == 0)
        #expect(prod.database.multiAz && prod.database.deletionProtection)
        #expect(!dev.database.multiAz && !dev.database.deletionProtection)
        #expect(dev.rollout == .allAtOnce)
        #expect(prod.rollout == .canary(percent: 10, bake: .seconds(300)))
        #expect(dev.monitoring.email != prod.monitoring.email)
        #expect(state.functions.count >= 2)
        #expect(state.databases.map(\.name) == ["main"])
        #expect(state.databases[0].forceSsl)
    }

    @Test("stage overrides apply to their stage only")
    func overridesResolve() throws {
        let state = try ExampleState.load()
        let orders = try #require(state.functions.first { $0.name == "orders" })
        let dev = orders.resolved(for: try #require(state.stage(named: "dev")))
        let prod = orders.resolved(for: try #require(state.stage(named: "prod")))
        #expect(dev.memoryMiB == 256)
        #expect(prod.memoryMiB == 512)
        #expect(dev.image.region == "us-east-1")
        #expect(prod.image.region == "eu-central-1")
        #expect(dev.environment["LOG_LEVEL"] == "debug")
        #expect(prod.environment["LOG_LEVEL"] == "info")
        #expect(prod.rollout == .canary(percent: 10, bake: .seconds(300)))
        let catalog = try #require(state.functions.first { $0.name == "catalog" })
        let catalogProd = catalog.resolved(for: try #require(state.stage(named: "prod")))
        #expect(catalogProd.rollout == .linear(percent: 25, every: .seconds(120)))
        #expect(catalogProd.watchedAlarms == ["shop-prod-orders-errors"])
        #expect(catalogProd.environment == ["LOG_LEVEL": "info", "CACHE_SECONDS": "60"])
    }
}
