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

    /// Why a template could not be converted (it passed validation, so only input that
    /// validation should have refused gets here), or that the task converting it was cancelled.
    struct ConversionError: Error, Sendable, CustomStringConvertible {
        let file: String
        let reason: String
        var isCancellation = false
        var description: String { "\(file): \(reason)" }

        static func cancelled(_ file: String) -> ConversionError {
            ConversionError(file: file, reason: "synthesis was cancelled", isCancellation: true)
        }
    }

    /// The template as JSON and the parameter values to pass.
    func build() throws(ConversionError) -> (json: JSONValue, parameters: [String: String]) {
        switch YAMLAliasKeys.first(in: raw.text) {
        case .aliasKey(let line, let column):
            throw ConversionError(file: raw.file, reason: "\(line):\(column): \(YAMLAliasKeys.message)")
        case .cancelled:
            throw .cancelled(raw.file)
        case nil:
            break
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: raw.text, .basic, .default, .utf8)
        } catch {
            throw ConversionError(file: raw.file, reason: "not valid YAML: \(error)")
        }
        guard let node else { throw ConversionError(file: raw.file, reason: "empty template") }
        // Measured before anything is copied: the conversion below expands every alias.
        do {
            try YAMLBudget.check(node)
        } catch {
            switch error {
            case .exceeded(let line, let column, let message):
                throw ConversionError(file: raw.file, reason: "\(line):\(column): \(message)")
            case .cancelled:
                throw .cancelled(raw.file)
            }
        }
        var budget = YAMLBudget()
        let json = try CloudFormationYAML.convert(node, budget: &budget, file: raw.file)
        let parameters = knownParameters.filter { raw.parameterNames.contains($0.key) }
        return (json, parameters)
    }
}

/// CloudFormation's YAML dialect → JSON.
enum CloudFormationYAML {
    /// Short-form tags and the long form each stands for.
    static let shortForms = CloudFormationTags.shortForms

    static func convert(_ node: Node, budget: inout YAMLBudget, file: String) throws(RawTemplateStack.ConversionError)
        -> JSONValue
    {
        do {
            try budget.spend(bytes: node.scalar?.string.utf8.count ?? 0, at: node.mark)
        } catch {
            if case .exceeded(let line, let column, let message) = error {
                throw RawTemplateStack.ConversionError(file: file, reason: "\(line):\(column): \(message)")
            }
            throw .cancelled(file)
        }
        let tag = CloudFormationTags.writtenTag(of: node)
        if let long = shortForms[tag] {
            if long == "Fn::GetAtt", case .scalar(let scalar) = node {
                let parts = scalar.string.split(separator: ".", maxSplits: 1).map { JSONValue.string(String($0)) }
                return [long: .array(parts)]
            }
            if case .scalar(let scalar) = node {
                return [long: .string(scalar.string)]
            }
            return [long: try content(of: node, budget: &budget, file: file)]
        }
        guard CloudFormationTags.isUntagged(node) else {
            // Validation refuses these; dropping the tag would deploy something else.
            throw RawTemplateStack.ConversionError(
                file: file, reason: "\(node.mark.map { "\($0.line):\($0.column): " } ?? "")unknown tag '\(tag)'")
        }
        return try content(of: node, budget: &budget, file: file)
    }

    /// The node's value, its own tag aside.
    private static func content(of node: Node, budget: inout YAMLBudget, file: String) throws(RawTemplateStack
        .ConversionError) -> JSONValue
    {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain, CloudFormationTags.isUntagged(node) else { return .string(scalar.string) }
            if ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return .null }
            if scalar.string == "true" || scalar.string == "false" { return .bool(scalar.string == "true") }
            if let number = Int(scalar.string) { return .integer(number) }
            return .string(scalar.string)
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard let name = CloudFormationTags.keyText(key) else {
                    // Validation refuses these; "" for each would merge them into one.
                    throw RawTemplateStack.ConversionError(
                        file: file,
                        reason: "\(key.mark.map { "\($0.line):\($0.column): " } ?? "")mapping key is not a string")
                }
                members[name] = try convert(value, budget: &budget, file: file)
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
