import BallastModel
import BallastPlan
import BallastSynth
import DesiredStateGenerator
import Foundation
import Testing

/// The diff of synthesized stacks against live ones, one change at a time.
@Suite("stage diff")
struct StageDiffTests {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static func exampleFiles() throws -> [String: String] {
        let desired = root.appendingPathComponent("desired")
        var files: [String: String] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: desired.path) where path.hasSuffix(".yaml") {
            files[path] = try String(contentsOf: desired.appendingPathComponent(path), encoding: .utf8)
        }
        return files
    }

    static func prod(_ files: [String: String]) throws -> StageAssembly {
        let state = try DesiredStateLoader.load(DesiredTree(files: files))
        return try Synthesizer.synthesize(state, stage: try #require(state.stage(named: "prod")))
    }

    /// The stacks as CloudFormation would hand them back: the template parsed from its body,
    /// every number turned into a string (as CloudFormation normalises them), stage tags on.
    static func live(_ stage: StageAssembly, stringifyNumbers: Bool = true) throws -> [LiveStack] {
        try stage.stacks.map { stack in
            var template = try JSONDecoder().decode(JSONValue.self, from: Data(stack.body.utf8))
            if stringifyNumbers { template = stringified(template) }
            return LiveStack(
                name: stack.name, status: "CREATE_COMPLETE", template: template, parameters: stack.parameters,
                tags: ["managed-by": "ballast", "project": "shop", "stage": stage.stage.name],
                terminationProtection: stack.terminationProtection)
        }
    }

    static func stringified(_ value: JSONValue) -> JSONValue {
        switch value {
        case .integer(let number): return .string(String(number))
        case .bool(let flag): return .string(flag ? "true" : "false")
        case .array(let elements): return .array(elements.map(stringified))
        case .object(let members): return .object(members.mapValues(stringified))
        default: return value
        }
    }

    static func change(_ changes: [StackChange], _ name: String) throws -> StackChange {
        try #require(changes.first { $0.name == name })
    }

    @Test("deployed as synthesized: every stack unchanged, numbers-as-strings and key order notwithstanding")
    func quietWhenInSync() throws {
        let stage = try Self.prod(try Self.exampleFiles())
        let changes = StageDiff.changes(desired: stage, live: try Self.live(stage), project: "shop")
        #expect(changes.map(\.action) == Array(repeating: .unchanged, count: stage.stacks.count))
        #expect(changes.allSatisfy { $0.resources.isEmpty })
    }

    @Test("nothing deployed yet: every stack is a create with every resource added, not an error")
    func allCreate() throws {
        let stage = try Self.prod(try Self.exampleFiles())
        let changes = StageDiff.changes(desired: stage, live: [], project: "shop")
        #expect(changes.map(\.action) == Array(repeating: .create, count: stage.stacks.count))
        let network = try Self.change(changes, "shop-prod-network")
        #expect(network.resources.count == 23 && network.resources.allSatisfy { $0.action == .add })
    }

    @Test(
        "a stack in REVIEW_IN_PROGRESS (a create change set never executed) is still to create, even with the desired template"
    )
    func reviewIsCreate() throws {
        let stage = try Self.prod(try Self.exampleFiles())
        var live = try Self.live(stage)
        live[0].status = "REVIEW_IN_PROGRESS"
        let changes = StageDiff.changes(desired: stage, live: live, project: "shop")
        #expect(changes.map(\.action) == [.create] + Array(repeating: .unchanged, count: stage.stacks.count - 1))
    }

    @Test("a memory size: one property of one function, updated in place")
    func memoryChange() throws {
        var files = try Self.exampleFiles()
        let live = try Self.live(try Self.prod(files))
        files["functions/orders.yaml"] = files["functions/orders.yaml"]!.replacingOccurrences(
            of: "memoryMiB: 512", with: "memoryMiB: 1024")
        let changes = StageDiff.changes(desired: try Self.prod(files), live: live, project: "shop")
        #expect(changes.filter { $0.action != .unchanged }.map(\.name) == ["shop-prod-compute"])
        let compute = try Self.change(changes, "shop-prod-compute")
        #expect(
            compute.resources == [
                ResourceChange(
                    logicalId: "OrdersFunction", type: "AWS::Lambda::Function", action: .modify,
                    properties: [PropertyChange(path: "Properties.MemorySize", old: "512", new: 1024)])
            ])
    }

    @Test("a database class changes in place; a database identifier replaces it and is flagged as losing data")
    func databaseClassVersusIdentifier() throws {
        var files = try Self.exampleFiles()
        let live = try Self.live(try Self.prod(files))
        files["ballast.yaml"] = files["ballast.yaml"]!.replacingOccurrences(of: "db.t4g.medium", with: "db.r6g.large")
        let classChange = try Self.change(
            StageDiff.changes(desired: try Self.prod(files), live: live, project: "shop"), "shop-prod-database")
        let instance = try #require(classChange.resources.first { $0.logicalId == "MainInstance" })
        #expect(instance.properties.map(\.path) == ["Properties.DBInstanceClass"])
        #expect(!instance.replacement && !instance.losesData)

        // The same template, but the live instance was made under another identifier.
        var renamed = live
        let index = try #require(renamed.firstIndex { $0.name == "shop-prod-database" })
        renamed[index].template = Self.replacing(renamed[index].template, "shop-prod-main", with: "shop-prod-legacy")
        let identifierChange = try Self.change(
            StageDiff.changes(desired: try Self.prod(try Self.exampleFiles()), live: renamed, project: "shop"),
            "shop-prod-database")
        let replaced = try #require(identifierChange.resources.first { $0.logicalId == "MainInstance" })
        #expect(replaced.replacement && replaced.losesData)
        #expect(replaced.properties.first { $0.path == "Properties.DBInstanceIdentifier" }?.causesReplacement == true)
        #expect(identifierChange.losesData)
    }

    @Test("a VPC CIDR replaces the VPC, and through Ref every subnet, route table and security group")
    func cidrChange() throws {
        var files = try Self.exampleFiles()
        let live = try Self.live(try Self.prod(files))
        files["ballast.yaml"] = files["ballast.yaml"]!.replacingOccurrences(of: "10.20.0.0/16", with: "10.30.0.0/16")
        let network = try Self.change(
            StageDiff.changes(desired: try Self.prod(files), live: live, project: "shop"), "shop-prod-network")
        let replaced = Set(network.resources.filter(\.replacement).map(\.logicalId))
        #expect(
            replaced.isSuperset(of: [
                "Vpc", "PrivateSubnet1", "IsolatedSubnet3", "PrivateSubnet1RouteTable", "LambdaSecurityGroup",
            ]))
        #expect(!network.losesData)
    }

    @Test("a replaced subnet group replaces the database that names it (create-only DBSubnetGroupName)")
    func propagatedReplacement() throws {
        let files = try Self.exampleFiles()
        var live = try Self.live(try Self.prod(files))
        let index = try #require(live.firstIndex { $0.name == "shop-prod-database" })
        // The live subnet group had another description, a create-only property: it is replaced.
        live[index].template = Self.replacing(
            live[index].template, "shop-prod main: isolated subnets", with: "shop-prod main: old subnets")
        let database = try Self.change(
            StageDiff.changes(desired: try Self.prod(files), live: live, project: "shop"), "shop-prod-database")
        let group = try #require(database.resources.first { $0.logicalId == "MainSubnetGroup" })
        #expect(!group.replacement, "DBSubnetGroupDescription is not create-only")
        // Replace the group by its create-only name instead.
        var live2 = try Self.live(try Self.prod(files))
        let groupTemplate = live2[index].template
        var resources = groupTemplate["Resources"]!.objectValue!
        var groupResource = resources["MainSubnetGroup"]!.objectValue!
        var properties = groupResource["Properties"]!.objectValue!
        properties["DBSubnetGroupName"] = "legacy-group"
        groupResource["Properties"] = .object(properties)
        resources["MainSubnetGroup"] = .object(groupResource)
        var templateMembers = groupTemplate.objectValue!
        templateMembers["Resources"] = .object(resources)
        live2[index].template = .object(templateMembers)
        let database2 = try Self.change(
            StageDiff.changes(desired: try Self.prod(files), live: live2, project: "shop"), "shop-prod-database")
        #expect(database2.resources.first { $0.logicalId == "MainSubnetGroup" }?.replacement == true)
        let instance = try #require(database2.resources.first { $0.logicalId == "MainInstance" })
        #expect(instance.replacement && instance.losesData)
        #expect(instance.properties.map(\.path) == ["Properties.DBSubnetGroupName"])
    }

    @Test("a new function and a removed one: resources added and removed in the compute stack")
    func addAndRemoveFunction() throws {
        var files = try Self.exampleFiles()
        let live = try Self.live(try Self.prod(files))
        files["functions/catalog.yaml"] = nil
        files["functions/search.yaml"] = """
            name: search
            image: 123456789012.dkr.ecr.eu-central-1.amazonaws.com/search:1.0.0
            api: { path: /search, methods: [GET] }
            stages: { dev: { image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/search:1.0.0 } }
            """
        let compute = try Self.change(
            StageDiff.changes(desired: try Self.prod(files), live: live, project: "shop"), "shop-prod-compute")
        #expect(
            Set(compute.resources.filter { $0.action == .add }.map(\.logicalId)) == [
                "SearchFunction", "SearchLogGroup", "SearchRole",
            ])
        #expect(
            Set(compute.resources.filter { $0.action == .remove }.map(\.logicalId)) == [
                "CatalogFunction", "CatalogLogGroup", "CatalogRole",
            ])
        #expect(!compute.losesData)
    }

    @Test("a stack Ballast made that is no longer desired is an orphan; others' stacks are left out")
    func orphans() throws {
        let stage = try Self.prod(try Self.exampleFiles())
        var live = try Self.live(stage)
        live.append(
            LiveStack(
                name: "shop-prod-compute-2", status: "UPDATE_COMPLETE",
                template: ["Resources": ["X": ["Type": "AWS::Logs::LogGroup"]]],
                tags: ["managed-by": "ballast", "project": "shop", "stage": "prod"]))
        live.append(
            LiveStack(name: "shop-prod-handmade", status: "CREATE_COMPLETE", template: ["Resources": [:]], tags: [:]))
        live.append(
            LiveStack(
                name: "shop-dev-compute", status: "CREATE_COMPLETE", template: ["Resources": [:]],
                tags: ["managed-by": "ballast", "project": "shop", "stage": "dev"]))
        let changes = StageDiff.changes(desired: stage, live: live, project: "shop")
        #expect(changes.filter { $0.action == .orphaned }.map(\.name) == ["shop-prod-compute-2"])
    }

    @Test("the commit tag on a live stack is no change; a changed stage tag is one")
    func commitTagIgnored() throws {
        let stage = try Self.prod(try Self.exampleFiles())
        var live = try Self.live(stage)
        for index in live.indices { live[index].tags[StackTags.commitKey] = "0123abcd" }
        #expect(StageDiff.changes(desired: stage, live: live, project: "shop").allSatisfy { $0.action == .unchanged })
        live[0].tags["stage"] = "staging"
        let changed = StageDiff.changes(desired: stage, live: live, project: "shop").filter { $0.action != .unchanged }
        #expect(changed.map(\.name) == [live[0].name])
        #expect(changed.first?.tagChanges["stage"]?.old == "staging")
        #expect(changed.first?.tagChanges["stage"]?.new == "prod")
        #expect(changed.first?.tagChanges.count == 1)
    }

    @Test("an alarm threshold edited in the template is an in-place update of that alarm")
    func alarmThreshold() throws {
        var files = try Self.exampleFiles()
        let live = try Self.live(try Self.prod(files))
        files["functions/orders.yaml"] = files["functions/orders.yaml"]!.replacingOccurrences(
            of: "errors: 1,", with: "errors: 3,")
        let monitoring = try Self.change(
            StageDiff.changes(desired: try Self.prod(files), live: live, project: "shop"), "shop-prod-monitoring")
        #expect(monitoring.resources.map(\.logicalId) == ["OrdersErrorsAlarm"])
        #expect(monitoring.resources[0].properties == [PropertyChange(path: "Properties.Threshold", old: "1", new: 3)])
    }

    /// Replaces a string everywhere in a JSON value.
    static func replacing(_ value: JSONValue, _ target: String, with replacement: String) -> JSONValue {
        switch value {
        case .string(let text): return .string(text == target ? replacement : text)
        case .array(let elements): return .array(elements.map { replacing($0, target, with: replacement) })
        case .object(let members): return .object(members.mapValues { replacing($0, target, with: replacement) })
        default: return value
        }
    }
}
