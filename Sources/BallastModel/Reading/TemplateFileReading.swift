import Yams

/// Reads `templates/<name>.yaml|yml|json`: a CloudFormation template passed through as its
/// own stack. Only its shape is checked here; cfn-lint checks the rest.
enum TemplateFileReading {
    static let sections = [
        "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions",
        "Transform", "Resources", "Outputs",
    ]
    /// The parameters Ballast fills from the stage.
    static let filledParameters = ["Project", "Region", "Stage"]
    /// Ballast's own stack suffixes, which a template may not take (the synthesizer's stack
    /// kinds: a template named like one would be a second stack of the same name).
    static let reservedNames = ["network", "database", "compute", "api", "api-stage", "monitoring"]

    /// Whether `name` is one of Ballast's own stacks, or a part of one split (`compute-2`).
    static func isReserved(_ name: String) -> Bool {
        reservedNames.contains { reserved in
            guard name.hasPrefix(reserved) else { return false }
            let rest = name.dropFirst(reserved.count)
            return rest.isEmpty || (rest.first == "-" && rest.count > 1 && rest.dropFirst().allSatisfy(\.isNumber))
        }
    }

    static func read(_ root: YAMLValue, name: Located<String>, text: String, sink: DiagnosticSink) -> RawTemplate? {
        NameRules.checkTemplate(name, sink: sink)
        if isReserved(name.value) {
            sink.report(
                file: root.file,
                "template name '\(name.value)' is taken by one of Ballast's own stacks (\(reservedNames.joined(separator: ", ")), and their -2, -3 … parts); rename the file"
            )
            return nil
        }
        let before = sink.errors.count
        TemplateRules(file: root.file, sink: sink).checkSections(of: root.node)
        guard let reader = MappingReader(root, context: "CloudFormation template", allowedKeys: sections, sink: sink)
        else { return nil }
        guard let resources = reader.required("Resources") else { return nil }
        guard case .mapping(let mapping) = resources.node, mapping.count > 0 else {
            sink.report(resources.position, "'Resources' must be a mapping with at least one resource")
            return nil
        }
        var valid = true
        for (keyNode, valueNode) in mapping {
            let key = YAMLValue(node: keyNode, file: root.file)
            guard let logicalId = key.scalarText, !logicalId.isEmpty,
                logicalId.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
            else {
                sink.report(key.position, "resource logical ids must be letters and digits, found \(key.found)")
                valid = false
                continue
            }
            let resource = YAMLValue(node: valueNode, file: root.file)
            guard case .mapping = resource.node, let type = valueNode["Type"]?.string,
                type.hasPrefix("AWS::") || type.hasPrefix("Custom::") || type.contains("::")
            else {
                sink.report(
                    resource.position, "resource '\(logicalId)' must be a mapping with a 'Type' such as AWS::S3::Bucket"
                )
                valid = false
                continue
            }
        }
        var parameters: [String] = []
        if let value = reader.optional("Parameters") {
            if case .mapping(let mapping) = value.node {
                parameters = mapping.compactMap { $0.key.string }.sorted()
                // Ballast passes only the values it knows; any other parameter needs a default,
                // or the stack could never be created.
                for (keyNode, parameter) in mapping {
                    guard let parameterName = keyNode.string, !filledParameters.contains(parameterName),
                        parameter["Default"] == nil
                    else { continue }
                    sink.report(
                        YAMLValue(node: keyNode, file: root.file).position,
                        "parameter '\(parameterName)' has no Default, and Ballast fills only \(filledParameters.joined(separator: ", ")); give it a Default"
                    )
                    valid = false
                }
            } else {
                sink.report(value.position, "'Parameters' must be a mapping, found \(value.found)")
                valid = false
            }
        }
        guard valid, sink.errors.count == before else { return nil }
        return RawTemplate(name: name.value, file: root.file, text: text, parameterNames: parameters)
    }
}
