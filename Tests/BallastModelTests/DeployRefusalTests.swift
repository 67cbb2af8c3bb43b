import BallastModel
import Foundation
import Testing

/// What CloudFormation, EC2 or API Gateway would refuse at deploy time, minutes in, is refused
/// by validation instead: at its file and line, with what is allowed.
@Suite("validate refuses what AWS would refuse at deploy")
struct DeployRefusalTests {
    /// The errors of the example state with `path` holding `text`.
    static func errors(_ path: String, _ text: String) throws -> [DesiredStateError] {
        try errors([path: text])
    }

    static func errors(_ files: [String: String]) throws -> [DesiredStateError] {
        let example = try ExampleFiles.read()
        var tree = example.tree(replacing: "ballast.yaml", with: example.data["ballast.yaml"]!)
        for (path, text) in files { tree.entries[path] = .file(Data(text.utf8)) }
        do throws(DesiredStateErrors) {
            _ = try DesiredStateLoader.load(tree)
            return []
        } catch {
            return error.errors
        }
    }

    static func template(_ resources: String) -> String {
        "Resources:\n" + resources
    }

    // MARK: Networks

    @Test("a subnet smaller than /28 (or larger than /16) is refused at its line")
    func subnetSizes() throws {
        for (block, prefix) in [("10.10.64.0/29", 29), ("10.10.64.0/32", 32)] {
            let project = """
                project: shop
                stages:
                  dev:
                    branch: dev
                    region: us-east-1
                    network:
                      cidr: 10.10.0.0/16
                      azs: 2
                      subnets:
                        private:  [10.10.0.0/21, 10.10.8.0/21]
                        isolated: [10.10.72.0/21, \(block)]
                    monitoring: { email: dev@example.com }

                """
            let errors = try Self.errors("ballast.yaml", project)
            #expect(
                errors.map(\.description).contains(
                    "ballast.yaml:11:35: subnet \(block) in 'isolated' must have a prefix from /16 to /28 (the sizes AWS allows for a subnet), found /\(prefix)"
                ), "\(errors)")
        }
    }
}
