import BallastModel
import BallastTestSupport
import Foundation
import Testing
import Yams

/// Generative tests: thousands of seeded mutations of the example `desired/`. Structural
/// mutations that break a rule must be rejected with an error in the mutated file; byte-level
/// damage (truncation, flipped or inserted bytes) must never crash the loader, and whatever
/// it still accepts must keep every rule (`StateInvariants`).
@Suite("mutations of the example desired state")
struct MutationTests {
    static let seed: UInt64 = 0xBA11_A57
    static let structuralCount = 2000
    static let byteCount = 2500

    /// One way of breaking a rule on purpose.
    enum RuleBreak: CaseIterable {
        case deleteRequiredKey, swapType, unquotedValueQuoted, insertUnknownKey, badPercent, badDuration,
            badMemory, missingDatabase, unknownStageOverride, sharedBranch, imageInOtherRegion
    }

    /// A mutated file: which one, its new content, and what was done (for failure messages).
    struct Mutation {
        var file: String
        var node: Node
        var summary: String
    }

    @Test("the example survives being re-serialized by Yams, so mutations are judged on their own")
    func reserializedExampleLoads() throws {
        let files = try ExampleFiles.read()
        #expect(files.nodes.count >= 4)
        for path in files.yamlPaths {
            let tree = try files.tree(replacing: path, with: try #require(files.nodes[path]))
            #expect(throws: Never.self, "re-serialized \(path)") { try DesiredStateLoader.load(tree) }
        }
    }

    @Test("every rule-breaking structural mutation is rejected with an error in the mutated file")
    func ruleBreakingMutationsAreRejected() throws {
        let files = try ExampleFiles.read()
        var random = SeededGenerator(seed: Self.seed)
        var applied: [RuleBreak: Int] = [:]
        var failures: [String] = []
        for iteration in 0..<Self.structuralCount {
            let kind = RuleBreak.allCases.randomElement(using: &random)!
            guard let mutation = Self.mutation(kind, of: files, using: &random) else { continue }
            applied[kind, default: 0] += 1
            let tree = try files.tree(replacing: mutation.file, with: mutation.node)
            do {
                _ = try DesiredStateLoader.load(tree)
                failures.append("#\(iteration) \(mutation.summary): accepted")
            } catch {
                if !error.errors.contains(where: { $0.file == mutation.file }) {
                    failures.append("#\(iteration) \(mutation.summary): no error in \(mutation.file), only \(error)")
                }
            }
        }
        #expect(
            failures.count == 0,
            "\(failures.count) of \(Self.structuralCount):\n\(failures.prefix(10).joined(separator: "\n"))")
        for kind in RuleBreak.allCases {
            #expect(applied[kind, default: 0] >= 50, "\(kind) applied only \(applied[kind, default: 0]) times")
        }
    }

    @Test("truncated, flipped and inserted bytes never crash the loader nor get a broken state accepted")
    func byteDamageIsHandled() throws {
        let files = try ExampleFiles.read()
        let paths = files.yamlPaths
        var random = SeededGenerator(seed: Self.seed ^ 0xB17E5)
        var accepted = 0
        var failures: [String] = []
        for iteration in 0..<Self.byteCount {
            let path = paths.randomElement(using: &random)!
            let (bytes, summary) = Self.damage(files.data[path]!, using: &random)
            let tree = files.tree(replacing: path, with: bytes)
            do {
                let state = try DesiredStateLoader.load(tree)
                accepted += 1
                let broken = StateInvariants.violations(of: state)
                if !broken.isEmpty {
                    failures.append("#\(iteration) \(path) \(summary): accepted, but \(broken.joined(separator: "; "))")
                }
            } catch {
                for problem in error.errors where !Self.pointsIntoTree(problem, tree) {
                    failures.append("#\(iteration) \(path) \(summary): error outside the files: \(problem)")
                }
            }
        }
        #expect(
            failures.count == 0,
            "\(failures.count) of \(Self.byteCount):\n\(failures.prefix(10).joined(separator: "\n"))")
        // Some damage (inside a comment, a digit for a digit) leaves a valid state; all of it
        // would mean the damage never reached the loader.
        #expect(accepted > 0 && accepted < Self.byteCount / 2, "\(accepted) of \(Self.byteCount) accepted")
    }

    // MARK: Structural mutations

    /// Keys the format requires, as path patterns (`*` is any one key).
    static let requiredPatterns: [String: [String]] = [
        "ballast.yaml": [
            "project", "stages", "stages.*.branch", "stages.*.region", "stages.*.network", "stages.*.monitoring",
            "stages.*.network.cidr", "stages.*.monitoring.email", "stages.*.rollout.strategy",
            "stages.*.rollout.percent", "stages.*.rollout.bake", "stages.*.rollout.every",
        ],
        "functions": [
            "name", "image", "api.path", "api.methods", "rollout.percent", "rollout.bake", "rollout.every",
            "stages.*.rollout.strategy", "stages.*.rollout.percent", "stages.*.rollout.bake", "stages.*.rollout.every",
        ],
        "databases": ["name", "version", "databaseName"],
        "templates": ["Resources"],
    ]
    static let integerKeys: Set<String> = [
        "memoryMiB", "azs", "natGateways", "storageGiB", "percent", "errors", "durationMs", "api4xx", "api5xx",
        "apiLatencyMs", "backupRetentionDays",
    ]
    static let booleanKeys: Set<String> = [
        "multiAz", "deletionProtection", "forceSsl", "prune", "allowRewind", "allowReplace",
    ]
    static let badDurations = ["5 m", "5x", "-1s", "0s", "1.5s", "m", "5min", "5S", "999ms", "25h", "s5"]
    static let unknownKeys = ["colour", "memorySize", "regoin", "timeOut", "Name", "extra", "strategie"]

    static func mutation(_ kind: RuleBreak, of files: ExampleFiles, using random: inout SeededGenerator) -> Mutation? {
        let file: String
        switch kind {
        case .sharedBranch: file = "ballast.yaml"
        case .missingDatabase, .unknownStageOverride, .imageInOtherRegion:
            file = files.yamlPaths.filter { $0.hasPrefix("functions/") }.randomElement(using: &random)!
        default: file = files.yamlPaths.randomElement(using: &random)!
        }
        let root = files.nodes[file]!
        let isTemplate = file.hasPrefix("templates/")
        let all = YAMLPath.all(in: root).filter { !isTemplate || $0.path.steps.count == 1 }
        func change(_ path: YAMLPath, to value: Node?, _ what: String) -> Mutation {
            Mutation(file: file, node: path.replacing(in: root, with: value), summary: "\(file): \(what) at \(path)")
        }
        func pick(_ candidates: [YAMLPath]) -> YAMLPath? { candidates.randomElement(using: &random) }
        let scalar = { (text: String) in Node(text) }
        switch kind {
        case .deleteRequiredKey:
            let group = file == "ballast.yaml" ? file : String(file.prefix { $0 != "/" })
            let patterns = requiredPatterns[group] ?? []
            guard let path = pick(all.map(\.path).filter { path in patterns.contains { matches(path, $0) } })
            else { return nil }
            return change(path, to: nil, "deleted")
        case .swapType:
            guard !isTemplate, let (path, node) = all.randomElement(using: &random) else { return nil }
            let replacement: Node
            switch node {
            case .scalar: replacement = Bool.random(using: &random) ? Node([(Node("x"), Node("1"))]) : Node([Node("x")])
            case .mapping: replacement = Bool.random(using: &random) ? Node("x") : Node([Node("x")])
            case .sequence: replacement = Bool.random(using: &random) ? Node("x") : Node([(Node("x"), Node("1"))])
            case .alias: return nil
            }
            return change(path, to: replacement, "swapped the type")
        case .unquotedValueQuoted:
            let typed = all.filter {
                integerKeys.contains($0.path.lastKey ?? "") || booleanKeys.contains($0.path.lastKey ?? "")
            }
            guard let (path, node) = typed.randomElement(using: &random), let text = node.string else { return nil }
            let quoted = Node(text, Tag(.str), .doubleQuoted)
            return change(path, to: Bool.random(using: &random) ? quoted : scalar("lots"), "made text")
        case .insertUnknownKey:
            // Not into environment (any name is a key there) nor into a template's sections
            // (Ballast checks only a template's top level and its resource types).
            var mappings =
                isTemplate
                ? []
                : all.filter { entry in
                    guard case .mapping = entry.node else { return false }
                    return entry.path.lastKey != "environment"
                }.map(\.path)
            mappings.append(YAMLPath())
            guard let path = pick(mappings) else { return nil }
            let key = unknownKeys.randomElement(using: &random)!
            return change(path.appending(.key(key)), to: scalar("1"), "inserted \(key)")
        case .badPercent:
            guard let path = pick(all.map(\.path).filter { $0.lastKey == "percent" }) else { return nil }
            let value = ["0", "100", "-5", "101", "50.5"].randomElement(using: &random)!
            return change(path, to: scalar(value), "percent \(value)")
        case .badDuration:
            guard let path = pick(all.map(\.path).filter { ["bake", "every", "timeout"].contains($0.lastKey ?? "") })
            else { return nil }
            let value = badDurations.randomElement(using: &random)!
            return change(path, to: scalar(value), "duration \(value)")
        case .badMemory:
            guard let path = pick(all.map(\.path).filter { $0.lastKey == "memoryMiB" }) else { return nil }
            let value = ["0", "127", "10241", "-1", "99999"].randomElement(using: &random)!
            return change(path, to: scalar(value), "memory \(value)")
        case .missingDatabase:
            let name = ["missing", "mian", "Main", "main-2"].randomElement(using: &random)!
            return change(YAMLPath([.key("database")]), to: scalar(name), "database \(name)")
        case .unknownStageOverride:
            let stage = ["staging", "prd", "qa", "Dev"].randomElement(using: &random)!
            return change(
                YAMLPath([.key("stages"), .key(stage)]), to: Node([(Node("memoryMiB"), Node("256"))]),
                "override for stage \(stage)")
        case .sharedBranch:
            guard case .mapping(let stages)? = root["stages"], stages.count >= 2 else { return nil }
            let names = stages.keys.compactMap(\.string).shuffled(using: &random)
            guard let branch = root["stages"]?[names[0]]?["branch"] else { return nil }
            return change(YAMLPath([.key("stages"), .key(names[1]), .key("branch")]), to: branch, "shared branch")
        case .imageInOtherRegion:
            guard let stages = files.nodes["ballast.yaml"]?["stages"]?.mapping,
                let (stage, settings) = stages.map({ ($0.key.string ?? "", $0.value) }).randomElement(using: &random),
                let region = settings["region"]?.string
            else { return nil }
            let other = AWSRegion.known.filter { $0 != region }.randomElement(using: &random)!
            let image = Node("123456789012.dkr.ecr.\(other).amazonaws.com/orders:1")
            return change(
                YAMLPath([.key("stages"), .key(stage), .key("image")]), to: image, "image in \(other) for \(stage)")
        }
    }

    /// Whether `path` matches a dotted pattern in which `*` stands for any one key.
    static func matches(_ path: YAMLPath, _ pattern: String) -> Bool {
        let parts = pattern.split(separator: ".")
        guard parts.count == path.steps.count else { return false }
        return zip(parts, path.steps).allSatisfy { part, step in
            guard case .key(let key) = step else { return false }
            return part == "*" || part == key
        }
    }

    // MARK: Byte damage

    /// Bytes that mean something to YAML, more likely than random ones to make a near miss.
    static let significantBytes = Array(":{}[]-#\"'\n \t,&*!|>%@`0123456789".utf8)

    static func damage(_ original: Data, using random: inout SeededGenerator) -> (Data, String) {
        var bytes = [UInt8](original)
        let offset = Int.random(in: 0...bytes.count, using: &random)
        func someByte() -> UInt8 {
            Bool.random(using: &random)
                ? significantBytes.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
        }
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            bytes.removeSubrange(offset...)
            return (Data(bytes), "truncated at \(offset)")
        case 1 where offset < bytes.count:
            let byte = someByte()
            bytes[offset] = byte
            return (Data(bytes), "byte \(offset) set to \(byte)")
        case 2:
            let inserted = (0..<Int.random(in: 1...4, using: &random)).map { _ in someByte() }
            bytes.insert(contentsOf: inserted, at: offset)
            return (Data(bytes), "inserted \(inserted) at \(offset)")
        default:
            let end = min(bytes.count, offset + Int.random(in: 1...16, using: &random))
            bytes.removeSubrange(offset..<end)
            return (Data(bytes), "removed \(offset)..<\(end)")
        }
    }

    /// Whether an error names a file of the tree (or the missing project file) at a line it has.
    static func pointsIntoTree(_ error: DesiredStateError, _ tree: DesiredTree) -> Bool {
        guard case .file(let bytes)? = tree.entries[error.file] else { return error.file == "ballast.yaml" }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
        return error.line >= 0 && error.column >= 0 && error.line <= lines + 1
    }
}
