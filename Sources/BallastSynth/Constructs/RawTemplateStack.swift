import BallastModel
import Yams

/// A hand-written template from `desired/templates/`, passed through as its own stack: YAML
/// (with CloudFormation's short forms such as `!Ref` and `!GetAtt a.b`) turned into the same
/// canonical JSON as Ballast's own templates, its parameters filled from the stage.
struct RawTemplateStack {
    let naming: Naming
    let stage: Stage
    let raw: RawTemplate

    /// Parameter values Ballast knows.
    var knownParameters: [String: String] {
        ["Project": naming.project, "Stage": naming.stage, "Region": stage.region]
    }

    /// Why a template could not be converted (it passed validation, so only pathological
    /// input such as alias bombs gets here).
    struct ConversionError: Error, Sendable, CustomStringConvertible {
        let file: String
        let reason: String
        var description: String { "\(file): \(reason)" }
    }

    /// The template as JSON and the parameter values to pass.
    func build() throws(ConversionError) -> (json: JSONValue, parameters: [String: String]) {
        let node: Node?
        do {
            node = try Yams.compose(yaml: raw.text, .basic, .default, .utf8)
        } catch {
            throw ConversionError(file: raw.file, reason: "not valid YAML: \(error)")
        }
        guard let node else { throw ConversionError(file: raw.file, reason: "empty template") }
        var budget = 1_000_000
        let json = try CloudFormationYAML.convert(node, budget: &budget, file: raw.file)
        let parameters = knownParameters.filter { raw.parameterNames.contains($0.key) }
        return (json, parameters)
    }
}

/// CloudFormation's YAML dialect → JSON.
enum CloudFormationYAML {
    /// Short-form tags and the long form each stands for.
    static let shortForms: [String: String] = [
        "!Ref": "Ref", "!Condition": "Condition", "!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub", "!Join": "Fn::Join",
        "!Select": "Fn::Select", "!Split": "Fn::Split", "!ImportValue": "Fn::ImportValue", "!GetAZs": "Fn::GetAZs",
        "!FindInMap": "Fn::FindInMap", "!If": "Fn::If", "!Equals": "Fn::Equals", "!And": "Fn::And", "!Or": "Fn::Or",
        "!Not": "Fn::Not", "!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr", "!Transform": "Fn::Transform",
        "!Length": "Fn::Length", "!ToJsonString": "Fn::ToJsonString",
    ]

    static func convert(_ node: Node, budget: inout Int, file: String) throws(RawTemplateStack.ConversionError)
        -> JSONValue
    {
        budget -= 1
        guard budget > 0 else {
            throw RawTemplateStack.ConversionError(
                file: file, reason: "template expands to more than a million values (YAML aliases?)")
        }
        if let long = shortForms[node.tag.rawValue] {
            if long == "Fn::GetAtt", case .scalar(let scalar) = node {
                let parts = scalar.string.split(separator: ".", maxSplits: 1).map { JSONValue.string(String($0)) }
                return [long: .array(parts)]
            }
            if case .scalar(let scalar) = node {
                return [long: .string(scalar.string)]
            }
            return [long: try content(of: node, budget: &budget, file: file)]
        }
        return try content(of: node, budget: &budget, file: file)
    }

    /// The node's value, its own tag aside.
    private static func content(of node: Node, budget: inout Int, file: String) throws(RawTemplateStack.ConversionError)
        -> JSONValue
    {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain else { return .string(scalar.string) }
            if ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return .null }
            if scalar.string == "true" || scalar.string == "false" { return .bool(scalar.string == "true") }
            if let number = Int(scalar.string) { return .integer(number) }
            return .string(scalar.string)
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping {
                members[key.string ?? ""] = try convert(value, budget: &budget, file: file)
            }
            return .object(members)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for element in sequence {
                elements.append(try convert(element, budget: &budget, file: file))
            }
            return .array(elements)
        case .alias:
            throw RawTemplateStack.ConversionError(file: file, reason: "unresolved YAML alias")
        }
    }
}
