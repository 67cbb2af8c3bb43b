/// Puts the stage's tags (`project`, `stage`, `managed-by: ballast`) on every resource whose
/// type takes tags, in the form its schema wants.
enum Tagging {
    static func tags(project: String, stage: String) -> [(String, String)] {
        [("managed-by", "ballast"), ("project", project), ("stage", stage)]
    }

    /// Whether the stage's tags are already on (fragments are tagged once, when measured).
    private static func isTagged(_ resource: Resource) -> Bool {
        resource.properties["Tags"]?.arrayValue?.contains { $0["Key"] == "managed-by" } ?? false
    }

    static func apply(_ tags: [(String, String)], to template: inout Template) {
        // The stage's tags in both forms, built once per template rather than once per resource.
        let stage: [JSONValue] = tags.map { ["Key": .string($0.0), "Value": .string($0.1)] }
        let map = JSONValue.object(Dictionary(uniqueKeysWithValues: tags.map { ($0.0, .string($0.1)) }))
        for (logicalId, resource) in template.resources where !isTagged(resource) {
            guard let info = ResourceTypes.all[resource.type] else {
                preconditionFailure(
                    "\(resource.type) is not in ResourceTypes; add it to .ci/generate-resource-types.py")
            }
            var tagged = resource
            switch info.tagFormat {
            case .none: continue
            case .keyValueList:
                // Tags a construct set itself (a `Name`) come first, then the stage's, sorted by key.
                let own = resource.properties["Tags"]?.arrayValue ?? []
                tagged.properties["Tags"] = .array(
                    (own + stage).sorted { ($0["Key"]?.stringValue ?? "") < ($1["Key"]?.stringValue ?? "") })
            case .map:
                tagged.properties["Tags"] = map
            }
            template.resources[logicalId] = tagged
        }
    }
}
