/// One CloudFormation template: what a stack is made of.
public struct Template: Sendable, Hashable {
    /// The template's description.
    public var description: String
    /// Parameters, by name (raw templates only; Ballast's own stacks take none).
    public var parameters: [String: JSONValue]
    /// Resources, by logical id.
    public var resources: [String: Resource]
    /// Outputs, by name.
    public var outputs: [String: Output]

    /// CloudFormation's limits on one template.
    public enum Limits {
        /// Resources per template.
        public static let resources = 500
        /// Outputs per template.
        public static let outputs = 200
        /// Parameters per template.
        public static let parameters = 200
        /// Bytes of a template body sent inline; larger bodies go through S3.
        public static let inlineBodyBytes = 51_200
        /// Bytes of a template body passed by `TemplateURL`.
        public static let urlBodyBytes = 1_000_000
    }

    /// An empty template.
    public init(description: String) {
        self.description = description
        self.parameters = [:]
        self.resources = [:]
        self.outputs = [:]
    }

    /// Adds a resource; two resources with one logical id is a programming error.
    public mutating func add(_ logicalId: String, _ resource: Resource) {
        precondition(resources[logicalId] == nil, "duplicate logical id \(logicalId)")
        resources[logicalId] = resource
    }

    /// Adds an output, exported under `exportName` when given.
    public mutating func output(
        _ name: String, _ value: JSONValue, export exportName: String? = nil, description: String? = nil
    ) {
        precondition(outputs[name] == nil, "duplicate output \(name)")
        outputs[name] = Output(value: value, exportName: exportName, description: description)
    }

    /// Adds every resource and output of `fragment`.
    public mutating func merge(_ fragment: Template) {
        for (logicalId, resource) in fragment.resources { add(logicalId, resource) }
        for (name, output) in fragment.outputs {
            precondition(outputs[name] == nil, "duplicate output \(name)")
            outputs[name] = output
        }
    }

    /// The template as JSON.
    public var json: JSONValue {
        var document: [String: JSONValue] = [
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": .string(description),
            "Resources": .object(resources.mapValues(\.json)),
        ]
        if !parameters.isEmpty { document["Parameters"] = .object(parameters) }
        if !outputs.isEmpty { document["Outputs"] = .object(outputs.mapValues(\.json)) }
        return .object(document)
    }

    /// The template's canonical bytes.
    public var body: String { CanonicalJSON.encode(json) }
}

/// One resource of a template.
public struct Resource: Sendable, Hashable {
    /// The CloudFormation type, `AWS::EC2::VPC`.
    public var type: String
    /// Its properties.
    public var properties: [String: JSONValue]
    /// Logical ids in the same template that must be created first.
    public var dependsOn: [String]
    /// What CloudFormation does with the resource when it leaves the template.
    public var deletionPolicy: Policy?
    /// What CloudFormation does with the old resource when an update replaces it.
    public var updateReplacePolicy: Policy?

    /// Deletion and replacement policies.
    public enum Policy: String, Sendable, Hashable {
        case delete = "Delete"
        case retain = "Retain"
        case snapshot = "Snapshot"
    }

    /// Creates a resource.
    public init(
        _ type: String, _ properties: [String: JSONValue] = [:], dependsOn: [String] = [],
        deletionPolicy: Policy? = nil,
        updateReplacePolicy: Policy? = nil
    ) {
        self.type = type
        self.properties = properties
        self.dependsOn = dependsOn
        self.deletionPolicy = deletionPolicy
        self.updateReplacePolicy = updateReplacePolicy
    }

    /// The resource as template JSON. `Properties` is always written, even empty: a resource
    /// without it is needlessly different from one with `{}` in diffs.
    public var json: JSONValue {
        var document: [String: JSONValue] = ["Type": .string(type), "Properties": .object(properties)]
        if !dependsOn.isEmpty { document["DependsOn"] = .array(dependsOn.sorted().map(JSONValue.string)) }
        if let deletionPolicy { document["DeletionPolicy"] = .string(deletionPolicy.rawValue) }
        if let updateReplacePolicy { document["UpdateReplacePolicy"] = .string(updateReplacePolicy.rawValue) }
        return .object(document)
    }
}

/// One output of a template.
public struct Output: Sendable, Hashable {
    /// The value.
    public var value: JSONValue
    /// The export name, when other stacks import it.
    public var exportName: String?
    /// A description.
    public var description: String?

    /// The output as template JSON.
    public var json: JSONValue {
        var document: [String: JSONValue] = ["Value": value]
        if let exportName { document["Export"] = ["Name": .string(exportName)] }
        if let description { document["Description"] = .string(description) }
        return .object(document)
    }
}
