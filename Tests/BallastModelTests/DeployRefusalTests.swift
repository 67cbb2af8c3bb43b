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

    // MARK: API paths

    static func function(_ name: String, path: String) -> String {
        """
        name: \(name)
        image: 123456789012.dkr.ecr.eu-central-1.amazonaws.com/\(name):1.0.0
        memoryMiB: 256
        timeout: 10s
        api: { path: "\(path)", methods: [GET] }
        stages:
          dev: { image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/\(name):dev }

        """
    }

    @Test("two variables side by side under one resource (/shelf/{id}, /shelf/{key}) are refused")
    func siblingVariables() throws {
        let errors = try Self.errors([
            "functions/item.yaml": Self.function("item", path: "/shelf/{id}"),
            "functions/key.yaml": Self.function("key", path: "/shelf/{key}/parts"),
        ])
        let problem = try #require(errors.first { $0.file == "functions/key.yaml" }, "\(errors)")
        #expect(problem.line == 5)
        #expect(
            problem.message
                == "path /shelf/{key}/parts puts the variable {key} under /shelf beside {id} of function 'item' (/shelf/{id}, functions/item.yaml); API Gateway allows one variable path part under a resource (use the same name in both)"
        )
        // The case: beside the example's /catalog/{id}.
        let beside = try Self.errors("functions/lookup.yaml", Self.function("lookup", path: "/catalog/{key}"))
        #expect(
            beside.map(\.description) == [
                "functions/lookup.yaml:5:14: path /catalog/{key} puts the variable {key} under /catalog beside {id} of function 'catalog' (/catalog/{id}, functions/catalog.yaml); API Gateway allows one variable path part under a resource (use the same name in both)"
            ])
        // The same variable under the same parent is one resource: fine.
        #expect(
            try Self.errors([
                "functions/item.yaml": Self.function("item", path: "/shelf/{id}"),
                "functions/key.yaml": Self.function("key", path: "/shelf/{id}/parts"),
            ]) == [])
    }

    @Test("a greedy {proxy+} before the last segment is refused; as the last one it is fine")
    func greedyVariableLast() throws {
        let errors = try Self.errors("functions/files.yaml", Self.function("files", path: "/files/{proxy+}/meta"))
        #expect(
            errors.map(\.description) == [
                "functions/files.yaml:5:14: 'path' has the greedy variable '{proxy+}' before its last segment; API Gateway allows one only as the last segment (such as /files/{proxy+}), found '/files/{proxy+}/meta'"
            ])
        #expect(try Self.errors("functions/files.yaml", Self.function("files", path: "/files/{proxy+}")) == [])
    }
}
