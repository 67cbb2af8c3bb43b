import BallastAWS
import Foundation
import Testing

@testable import BallastController

/// An UpdateAlias whose answer was lost is read back: it took when the alias routes as asked.
@Suite("an alias read back after a lost UpdateAlias answer")
struct AliasRoutingTests {
    static func alias(_ version: String, weights: [String: Double]) throws -> FunctionAlias {
        let routing = try JSONSerialization.data(withJSONObject: ["AdditionalVersionWeights": weights])
        let json = """
            {"Name": "live", "AliasArn": "arn:aws:lambda:us-east-1:123456789012:function:f:live",
             "FunctionVersion": "\(version)", "RevisionId": "r1",
             "RoutingConfig": \(String(decoding: routing, as: UTF8.self))}
            """
        return try JSONDecoder().decode(FunctionAlias.self, from: Data(json.utf8))
    }

    @Test("the version and exactly the weights asked for: the update took; anything else: it did not")
    func routes() throws {
        #expect(RolloutDriver.routes(try Self.alias("3", weights: ["4": 0.1]), to: "3", weights: ["4": 0.1]))
        #expect(RolloutDriver.routes(try Self.alias("4", weights: [:]), to: "4", weights: [:]))
        #expect(!RolloutDriver.routes(try Self.alias("3", weights: ["4": 0.1]), to: "3", weights: ["4": 0.2]))
        #expect(!RolloutDriver.routes(try Self.alias("3", weights: ["4": 0.1]), to: "4", weights: [:]))
        #expect(!RolloutDriver.routes(try Self.alias("3", weights: [:]), to: "3", weights: ["4": 0.1]))
    }
}
