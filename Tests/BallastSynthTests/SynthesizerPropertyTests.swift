import BallastModel
import BallastSynth
import DesiredStateGenerator
import Testing

@Suite("synthesizer properties on generated states")
struct SynthesizerPropertyTests {
    @Test("the same state gives the same bytes", arguments: [2, 150])
    func deterministic(functions: Int) throws {
        let state = try SynthFixtures.generated(functions)
        let first = try Synthesizer.synthesize(state)
        let second = try Synthesizer.synthesize(try SynthFixtures.generated(functions))
        #expect(first == second)
        #expect(first.stages.flatMap(\.stacks).map(\.body) == second.stages.flatMap(\.stacks).map(\.body))
    }

    @Test("limits kept, references resolve, imports come from earlier stacks", arguments: [1, 40, 400])
    func structurallySound(functions: Int) throws {
        let assembly = try Synthesizer.synthesize(try SynthFixtures.generated(functions))
        for stage in assembly.stages {
            #expect(TemplateChecks.problems(in: stage) == [], "stage \(stage.stage.name)")
        }
    }

    @Test("a state of 1,000 functions per stage splits within CloudFormation's limits")
    func thousandFunctionsSplit() throws {
        let assembly = try Synthesizer.synthesize(try SynthFixtures.generated(1000))
        for stage in assembly.stages {
            #expect(TemplateChecks.problems(in: stage) == [], "stage \(stage.stage.name)")
            let compute = stage.stacks.filter { $0.kind == .compute }
            #expect(compute.count > 1, "1,000 handlers need several compute stacks")
            #expect(compute.map(\.name).first == "gen-\(stage.stage.name)-compute")
            #expect(compute.map(\.name).last == "gen-\(stage.stage.name)-compute-\(compute.count)")
            // Every function is in exactly one compute stack.
            let functionIds = compute.flatMap {
                TemplateChecks.resources($0).filter { $0.value["Type"] == "AWS::Lambda::Function" }.map(\.key)
            }
            #expect(functionIds.count == 1000 && Set(functionIds).count == 1000)
        }
    }

    @Test("stages synthesized at once give what each gives alone, in the state's order, every time")
    func stagesInParallel() throws {
        let state = try DesiredStateLoader.load(DesiredStateGenerator(functionCount: 120).tree())
        #expect(state.stages.count > 1)
        let alone = try state.stages.map { try Synthesizer.synthesize(state, stage: $0) }
        for _ in 0..<5 {
            let together = try Synthesizer.synthesize(state)
            #expect(together.stages.map(\.stage.name) == state.stages.map(\.name))
            #expect(together.stages == alone)
        }
    }

    @Test("adding and removing functions never moves or renames another's resources", arguments: [5, 300])
    func stableUnderInsertionAndRemoval(functions: Int) throws {
        let moved = try movedResources(functions: functions, keepPlacement: true)
        #expect(moved == [])
    }

    @Test("the placement read back from deployed split stacks is the one synthesis made", arguments: [3, 400])
    func placementReadBack(functions: Int) throws {
        let state = try SynthFixtures.generated(functions)
        for stage in try Synthesizer.synthesize(state).stages {
            let deployed = Dictionary(
                uniqueKeysWithValues: stage.stacks.map { ($0.name, Set(TemplateChecks.resources($0).keys)) })
            let read = Placement(deployed: deployed, state: state, stage: stage.stage)
            #expect(read == stage.placement, "stage \(stage.stage.name)")
            #expect(functions < 400 || Set(read.compute.values).count > 1, "400 functions take several compute parts")
        }
    }

    @Test("the test above can fail: without the previous placement, resources do move")
    func placementMatters() throws {
        let moved = try movedResources(functions: 300, keepPlacement: false)
        #expect(!moved.isEmpty)
    }

    private func movedResources(functions: Int, keepPlacement: Bool) throws -> [String] {
        let generator = DesiredStateGenerator(functionCount: functions)
        var files = generator.files()
        let before = try Synthesizer.synthesize(try DesiredStateLoader.load(DesiredTree(files: files)))

        // Remove the first function, add two whose names sort first and one that sorts last:
        // without the previous placement, first-fit would push the last function of every full
        // part into the next one.
        let removed = generator.functionName(0)
        let removedId = Naming.logicalId(removed)
        files["functions/\(removed).yaml"] = nil
        for added in ["aaa-new", "aab-new", "zzz-new"] {
            files["functions/\(added).yaml"] = files["functions/\(generator.functionName(1)).yaml"]!
                .replacingOccurrences(of: "name: \(generator.functionName(1))", with: "name: \(added)")
                .replacingOccurrences(of: "path: /\(generator.functionName(1))", with: "path: /\(added)")
        }
        let placements =
            keepPlacement ? Dictionary(uniqueKeysWithValues: before.stages.map { ($0.stage.name, $0.placement) }) : [:]
        let after = try Synthesizer.synthesize(
            try DesiredStateLoader.load(DesiredTree(files: files)),
            options: Synthesizer.Options(previousPlacement: placements))

        var moved: [String] = []
        for (old, new) in zip(before.stages, after.stages) {
            let oldLocation = locations(old)
            let newLocation = locations(new)
            for (key, location) in oldLocation where !key.contains(removedId) {
                guard let newPlace = newLocation[key] else {
                    moved.append("\(old.stage.name) \(key) disappeared")
                    continue
                }
                if newPlace.stack != location.stack {
                    moved.append("\(key) moved \(location.stack) → \(newPlace.stack)")
                }
                if newPlace.json != location.json, location.stack.contains("-compute") {
                    moved.append("\(key) changed")
                }
            }
            #expect(
                newLocation.keys.contains { $0.hasPrefix("AaaNew") }
                    && newLocation.keys.contains { $0.hasPrefix("ZzzNew") })
            #expect(!newLocation.keys.contains { $0.hasPrefix(removedId) })
        }
        return moved
    }

    /// Logical id (for compute, api and monitoring stacks) → the stack holding it and its JSON.
    private func locations(_ stage: StageAssembly) -> [String: (stack: String, json: JSONValue)] {
        var result: [String: (String, JSONValue)] = [:]
        for stack in stage.stacks where [.compute, .api, .monitoring].contains(stack.kind) {
            for (id, json) in TemplateChecks.resources(stack) where id != "RestApi" {
                result[id] = (stack.name, json)
            }
        }
        return result
    }
}

@Suite("what the templates say")
struct TemplateContentTests {
    @Test("every resource whose type takes tags carries project, stage and managed-by")
    func tagsEverywhere() throws {
        let assembly = try Synthesizer.synthesize(try SynthFixtures.example())
        for stage in assembly.stages {
            for stack in stage.stacks where stack.kind != .template {
                for (id, resource) in TemplateChecks.resources(stack) {
                    let type = resource["Type"]?.stringValue ?? ""
                    let info = try #require(ResourceTypes.all[type], "\(type) missing from ResourceTypes")
                    let tags = resource["Properties"]?["Tags"]?.arrayValue ?? []
                    let pairs = Dictionary(
                        tags.compactMap { tag in tag["Key"]?.stringValue.map { ($0, tag["Value"]?.stringValue ?? "") }
                        },
                        uniquingKeysWith: { first, _ in first })
                    if info.tagFormat == .none {
                        #expect(tags.isEmpty, "\(stack.name) \(id)")
                    } else {
                        #expect(
                            pairs["project"] == "shop" && pairs["stage"] == stage.stage.name
                                && pairs["managed-by"] == "ballast", "\(stack.name) \(id)")
                    }
                }
            }
        }
    }

    @Test("the database keeps its data: snapshot policies, encrypted, credentials only by dynamic reference")
    func databaseIsProtected() throws {
        let assembly = try Synthesizer.synthesize(try SynthFixtures.example())
        let prod = try #require(assembly.stages.first { $0.stage.name == "prod" })
        let database = try #require(prod.stacks.first { $0.kind == .database })
        let instance = try #require(TemplateChecks.resources(database)["MainInstance"])
        #expect(instance["DeletionPolicy"] == "Snapshot" && instance["UpdateReplacePolicy"] == "Snapshot")
        #expect(instance["Properties"]?["StorageEncrypted"] == true)
        #expect(instance["Properties"]?["MultiAZ"] == true && instance["Properties"]?["DeletionProtection"] == true)
        #expect(instance["Properties"]?["DBParameterGroupName"] == .ref("MainParameterGroup"))
        let password = instance["Properties"]?["MasterUserPassword"]?["Fn::Sub"]?.stringValue ?? ""
        #expect(password == "{{resolve:secretsmanager:${MainSecret}:SecretString:password}}")
        #expect(
            database.stackPolicy?["Statement"]?.arrayValue?.last?["Resource"]
                == ["LogicalResourceId/MainInstance", "LogicalResourceId/MainSecret"])
        #expect(database.stackPolicy?["Statement"]?.arrayValue?.last?["Action"] == ["Update:Replace", "Update:Delete"])
        #expect(prod.stacks.filter { $0.stackPolicy != nil }.map(\.name) == ["shop-prod-database"])
        let dev = try #require(assembly.stages.first { $0.stage.name == "dev" })
        #expect(dev.stacks.allSatisfy { $0.stackPolicy == nil }, "dev has no deletion protection")
        let secret = try #require(TemplateChecks.resources(database)["MainSecret"])
        #expect(secret["DeletionPolicy"] == "Retain" && secret["UpdateReplacePolicy"] == "Retain")
        let parameters = try #require(TemplateChecks.resources(database)["MainParameterGroup"])
        #expect(parameters["Properties"]?["Parameters"]?["rds.force_ssl"] == "1")
        #expect(parameters["Properties"]?["Family"] == "postgres15")
    }

    @Test("the network: private and isolated subnets per AZ from Fn::GetAZs, no NAT, endpoint for Secrets Manager")
    func network() throws {
        let assembly = try Synthesizer.synthesize(try SynthFixtures.example())
        let prod = try #require(assembly.stages.first { $0.stage.name == "prod" })
        let network = TemplateChecks.resources(try #require(prod.stacks.first { $0.kind == .network }))
        let subnets = network.filter { $0.value["Type"] == "AWS::EC2::Subnet" }
        #expect(subnets.keys.sorted() == (1...3).map { "IsolatedSubnet\($0)" } + (1...3).map { "PrivateSubnet\($0)" })
        #expect(subnets["PrivateSubnet3"]?["Properties"]?["AvailabilityZone"] == .select(2, .availabilityZones))
        #expect(
            !network.values.contains {
                $0["Type"] == "AWS::EC2::NatGateway" || $0["Type"] == "AWS::EC2::InternetGateway"
            })
        let database = try #require(
            network["DatabaseSecurityGroup"]?["Properties"]?["SecurityGroupIngress"]?.arrayValue)
        #expect(database.count == 1 && database[0]["FromPort"] == 5432)
        #expect(database[0]["SourceSecurityGroupId"] == .getAtt("LambdaSecurityGroup", "GroupId"))
        let endpoint = try #require(network["SecretsManagerEndpoint"]?["Properties"])
        #expect(endpoint["PrivateDnsEnabled"] == true && endpoint["VpcEndpointType"] == "Interface")
    }

    @Test("NAT gateways, public subnets and an internet gateway appear only when asked for")
    func natWhenAsked() throws {
        var files = DesiredStateGenerator(functionCount: 1, stages: ["dev"]).files()
        files["ballast.yaml"] = files["ballast.yaml"]!.replacingOccurrences(
            of: "natGateways: 0", with: "natGateways: 1")
        let assembly = try Synthesizer.synthesize(try DesiredStateLoader.load(DesiredTree(files: files)))
        let network = TemplateChecks.resources(try #require(assembly.stages[0].stacks.first { $0.kind == .network }))
        #expect(network.values.filter { $0["Type"] == "AWS::EC2::NatGateway" }.count == 1)
        #expect(network["InternetGateway"] != nil && network["PublicSubnet1"] != nil && network["PublicSubnet2"] != nil)
        #expect(network["PrivateSubnet2DefaultRoute"]?["Properties"]?["NatGatewayId"] == .ref("NatGateway1"))
        #expect(TemplateChecks.problems(in: assembly.stages[0]) == [])
    }

    @Test("images resolved to digests are pinned; images without one keep their tag")
    func imagePinning() throws {
        let state = try SynthFixtures.example()
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let options = Synthesizer.Options(imageDigests: [
            "123456789012.dkr.ecr.eu-central-1.amazonaws.com/orders:1.4.2": digest
        ])
        let assembly = try Synthesizer.synthesize(state, options: options)
        let prod = try #require(assembly.stages.first { $0.stage.name == "prod" })
        let compute = TemplateChecks.resources(try #require(prod.stacks.first { $0.kind == .compute }))
        #expect(
            compute["OrdersFunction"]?["Properties"]?["Code"]?["ImageUri"]
                == .string("123456789012.dkr.ecr.eu-central-1.amazonaws.com/orders@\(digest)"))
        #expect(
            compute["CatalogFunction"]?["Properties"]?["Code"]?["ImageUri"]
                == "123456789012.dkr.ecr.eu-central-1.amazonaws.com/catalog:2.0.1")
    }

    @Test("API routes invoke the alias live and the permission names that alias")
    func apiUsesLiveAlias() throws {
        let assembly = try Synthesizer.synthesize(try SynthFixtures.example())
        let prod = try #require(assembly.stages.first { $0.stage.name == "prod" })
        let api = try #require(prod.stacks.first { $0.kind == .api })
        let body = api.body
        #expect(body.contains(":function:shop-prod-orders:live/invocations"))
        let permission = try #require(TemplateChecks.resources(api)["OrdersInvokePermission"]?["Properties"])
        #expect(
            permission["FunctionName"]
                == .sub("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:shop-prod-orders:live"))
        let methods = TemplateChecks.resources(api).values.filter { $0["Type"] == "AWS::ApiGateway::Method" }
        #expect(methods.count == 3, "GET and POST /orders, GET /catalog/{id}")
    }

    @Test("route alarms combine their methods with array functions, so a quiet method does not hide the others")
    func routeAlarmsSurviveAQuietMethod() throws {
        let assembly = try Synthesizer.synthesize(try SynthFixtures.example())
        let prod = try #require(assembly.stages.first { $0.stage.name == "prod" })
        let monitoring = try #require(prod.stacks.first { $0.kind == .monitoring })
        let expressions = TemplateChecks.resources(monitoring).values.flatMap { resource in
            (resource["Properties"]?["Metrics"]?.arrayValue ?? []).compactMap { $0["Expression"]?.stringValue }
        }
        // GET and POST /orders: a count alarm sums both, the latency alarm takes the higher.
        #expect(expressions.contains("SUM([m1, m2])"))
        #expect(expressions.contains("MAX([m1, m2])"))
        #expect(!expressions.contains { $0.contains("+") }, "\(expressions)")
    }

    @Test("a route change creates a new deployment; an unrelated change does not")
    func deploymentFollowsRoutes() throws {
        let base = DesiredStateGenerator(functionCount: 3, stages: ["dev"])
        var files = base.files()
        func deploymentId(_ files: [String: String]) throws -> String {
            let assembly = try Synthesizer.synthesize(try DesiredStateLoader.load(DesiredTree(files: files)))
            let stage = try #require(assembly.stages[0].stacks.first { $0.kind == .apiStage })
            return try #require(TemplateChecks.resources(stage).keys.first { $0.hasPrefix("Deployment") })
        }
        let original = try deploymentId(files)
        files["functions/fn0001.yaml"] = files["functions/fn0001.yaml"]!.replacingOccurrences(
            of: "memoryMiB: 256", with: "memoryMiB: 1024")
        #expect(try deploymentId(files) == original)
        files["functions/fn0001.yaml"] = files["functions/fn0001.yaml"]!.replacingOccurrences(
            of: "methods: [GET, POST]", with: "methods: [GET]")
        #expect(try deploymentId(files) != original)
    }
}
