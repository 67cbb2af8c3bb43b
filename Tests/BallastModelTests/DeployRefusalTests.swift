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

    // MARK: Raw templates

    @Test("an unknown YAML tag in a template is an error at its line, not dropped")
    func unknownTag() throws {
        let text = Self.template(
            "  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Bogus name\n")
        let errors = try Self.errors("templates/extra.yaml", text)
        let problem = try #require(errors.first, "\(errors)")
        #expect(problem.description.hasPrefix("templates/extra.yaml:5:19: unknown YAML tag '!Bogus'"))
        #expect(problem.message.contains("!GetAtt"))
        #expect(errors.count == 1)
    }

    @Test(
        "an intrinsic function of the wrong shape is an error at its line",
        arguments: [
            (
                "!GetAtt Database",
                "!GetAtt takes LogicalId.AttributeName or [LogicalId, AttributeName], found 'Database'"
            ),
            (
                "!GetAtt [Database]",
                "!GetAtt takes LogicalId.AttributeName or [LogicalId, AttributeName], found a list of 1 element"
            ),
            (
                "!Ref [x, y]",
                "!Ref takes the logical id of a resource or the name of a parameter, found a list of 2 elements"
            ),
            ("!Join \"s\"", "!Join takes [delimiter, [value, …]], found 's'"),
            ("!Join [\",\"]", "!Join takes [delimiter, [value, …]], found a list of 1 element"),
            ("!Join [[a], [b]]", "!Join takes [delimiter, [value, …]], found a list of 2 elements"),
            ("!Select [0]", "!Select takes [index, [value, …]], found a list of 1 element"),
            ("!Split \"x\"", "!Split takes [delimiter, string], found 'x'"),
            ("!Sub [a, b]", "!Sub takes a string, or [string, {Name: value, …}], found a list of 2 elements"),
            (
                "!FindInMap [a, b]",
                "!FindInMap takes [MapName, TopLevelKey, SecondLevelKey], found a list of 2 elements"
            ),
            ("!If [c, a]", "!If takes [ConditionName, valueIfTrue, valueIfFalse], found a list of 2 elements"),
            ("!Cidr \"10.0.0.0/16\"", "!Cidr takes [ipBlock, count, cidrBits], found '10.0.0.0/16'"),
            ("!ImportValue [a]", "!ImportValue takes the name of an export, found a list of 1 element"),
            ("{ \"Fn::Join\": \"s\" }", "Fn::Join takes [delimiter, [value, …]], found 's'"),
            (
                "{ Ref: [x, y] }",
                "Ref takes the logical id of a resource or the name of a parameter, found a list of 2 elements"
            ),
            (
                "{ \"Fn::GetAtt\": [Database] }",
                "Fn::GetAtt takes LogicalId.AttributeName or [LogicalId, AttributeName], found a list of 1 element"
            ),
        ])
    func intrinsicShapes(written: String, expected: String) throws {
        let text = Self.template(
            "  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: \(written)\n")
        let errors = try Self.errors("templates/extra.yaml", text)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.file == "templates/extra.yaml")
        #expect(errors.first?.line == 5)
        #expect(errors.first?.message == expected)
    }

    @Test(
        "intrinsic functions written as CloudFormation documents them are accepted",
        arguments: [
            "!GetAtt Database.Endpoint.Address", "!GetAtt [Database, Endpoint.Address]",
            "!GetAtt [Database, !Ref Attribute]", "!Ref Bucket", "!Sub \"${AWS::StackName}-x\"",
            "!Sub [\"${A}-x\", { A: !Ref Bucket }]", "!Join [\",\", [a, !Ref Bucket]]", "!Join [\"\", !GetAZs \"\"]",
            "!Select [0, !GetAZs \"\"]", "!Select [\"1\", [a, b]]", "!Split [\",\", !ImportValue shared-list]",
            "!FindInMap [Map, !Ref \"AWS::Region\", Key]", "!GetAZs \"\"", "!GetAZs { Ref: \"AWS::Region\" }",
            "!Base64 { \"Fn::Sub\": \"x\" }", "!Cidr [10.0.0.0/16, 4, 8]", "!If [IsProd, a, !Ref \"AWS::NoValue\"]",
            "{ \"Fn::Join\": [\"-\", [a, b]] }", "{ \"Fn::GetAtt\": [Database, Endpoint.Address] }",
            "{ \"Fn::GetAtt\": Database.Arn }", "{ Ref: Bucket }",
        ])
    func intrinsicShapesAccepted(written: String) throws {
        let text = Self.template(
            "  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: \(written)\n")
        #expect(try Self.errors("templates/extra.yaml", text) == [])
    }

    @Test("conditions written with !Equals, !And, !Or, !Not and !Condition are accepted; a wrong count is refused")
    func conditions() throws {
        let good = """
            Conditions:
              IsProd: !Equals [!Ref "AWS::Region", eu-central-1]
              Both: !And [!Condition IsProd, !Not [!Condition IsProd]]
              Either: { "Fn::Or": [{ Condition: IsProd }, !Equals [a, b]] }
            Resources:
              Bucket: { Type: AWS::S3::Bucket, Condition: IsProd }

            """
        #expect(try Self.errors("templates/extra.yaml", good) == [])
        let bad = "Conditions:\n  Odd: !Not [a, b]\nResources:\n  Bucket: { Type: AWS::S3::Bucket }\n"
        #expect(
            try Self.errors("templates/extra.yaml", bad).map(\.description) == [
                "templates/extra.yaml:2:8: !Not takes [condition], found a list of 2 elements"
            ])
    }

    @Test("a mapping key that is a list, a mapping or a tagged value is refused, not merged into \"\"")
    func keysMustBeStrings() throws {
        let text = Self.template(
            "  Bucket:\n    Type: AWS::S3::Bucket\n    Metadata:\n      ? [a, b]\n      : x\n      ? {c: d}\n      : y\n      !Ref e : z\n      80: port\n"
        )
        let errors = try Self.errors("templates/extra.yaml", text)
        #expect(
            errors.map(\.description) == [
                "templates/extra.yaml:5:9: mapping keys in a template must be plain strings, found a list as a key",
                "templates/extra.yaml:7:9: mapping keys in a template must be plain strings, found a mapping as a key",
                "templates/extra.yaml:9:7: mapping keys in a template must be plain strings, found a key tagged '!Ref'",
            ])
    }
}
