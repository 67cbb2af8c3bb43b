/// `manifest.json`: what `ballast synth` wrote — per stage its stacks in order, their
/// dependencies, region, template sizes and hashes, exports and imports, and the placement
/// of split units (fed back on the next synth so units stay where they are).
public struct Manifest: Sendable, Hashable, Codable {
    /// Bumped when the format changes incompatibly.
    public var schemaVersion: Int
    /// The project.
    public var project: String
    /// Per stage.
    public var stages: [StageEntry]

    /// One stage.
    public struct StageEntry: Sendable, Hashable, Codable {
        public var name: String
        public var branch: String
        public var region: String
        public var stacks: [StackEntry]
        public var placement: Placement
    }

    /// One stack.
    public struct StackEntry: Sendable, Hashable, Codable {
        public var name: String
        public var kind: StackKind
        public var part: Int
        /// Position in the deployment order of its stage, from 0.
        public var order: Int
        /// The template file, relative to the manifest.
        public var file: String
        public var bytes: Int
        public var sha256: String
        /// Over 51,200 bytes: must be uploaded to S3 and passed by `TemplateURL`.
        public var needsUpload: Bool
        public var resources: Int
        public var dependsOn: [String]
        public var exports: [String]
        public var imports: [String]
        public var parameters: [String: String]
        public var terminationProtection: Bool
        /// The stack policy, when the stage protects its data.
        public var stackPolicy: JSONValue?
    }

    /// The current schema version.
    public static let currentSchemaVersion = 1

    /// The manifest of `assembly`; `sha256` hashes a template body (the caller supplies it,
    /// keeping this target free of cryptography).
    public init(_ assembly: CloudAssembly, sha256: (String) -> String) {
        self.schemaVersion = Self.currentSchemaVersion
        self.project = assembly.project
        self.stages = assembly.stages.map { stage in
            StageEntry(
                name: stage.stage.name, branch: stage.stage.branch, region: stage.stage.region,
                stacks: stage.stacks.enumerated().map { order, stack in
                    StackEntry(
                        name: stack.name, kind: stack.kind, part: stack.part, order: order,
                        file: Self.templateFile(stage: stage.stage.name, stack: stack.name), bytes: stack.bodyBytes,
                        sha256: sha256(stack.body), needsUpload: stack.needsUpload,
                        resources: stack.resourceCount,
                        dependsOn: stack.dependsOn, exports: stack.exports, imports: stack.imports,
                        parameters: stack.parameters, terminationProtection: stack.terminationProtection,
                        stackPolicy: stack.stackPolicy)
                },
                placement: stage.placement)
        }
    }

    /// `<stage>/<stack>.template.json`.
    public static func templateFile(stage: String, stack: String) -> String {
        "\(stage)/\(stack).template.json"
    }

    /// The placement recorded for each stage.
    public var placements: [String: Placement] {
        Dictionary(uniqueKeysWithValues: stages.map { ($0.name, $0.placement) })
    }
}
