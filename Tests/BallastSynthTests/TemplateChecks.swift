import BallastSynth

/// Structural checks every synthesized stage must pass.
enum TemplateChecks {
    /// Problems found in a stage's stacks: dangling `Ref`/`GetAtt`/`Sub` names, imports with no
    /// export in an earlier stack of the stage, limits exceeded.
    static func problems(in stage: StageAssembly) -> [String] {
        var problems: [String] = []
        var exported = Set<String>()
        for stack in stage.stacks {
            let resources = Set((stack.json["Resources"]?.objectValue ?? [:]).keys)
            let parameters = Set((stack.json["Parameters"]?.objectValue ?? [:]).keys)
            let known = resources.union(parameters)
            for name in references(in: stack.json) where !name.hasPrefix("AWS::") && !known.contains(name) {
                problems.append("\(stack.name): reference to unknown \(name)")
            }
            for name in stack.imports where !exported.contains(name) {
                problems.append("\(stack.name): imports \(name), which no earlier stack exports")
            }
            if resources.count > Template.Limits.resources {
                problems.append("\(stack.name): \(resources.count) resources")
            }
            let outputs = stack.json["Outputs"]?.objectValue?.count ?? 0
            if outputs > Template.Limits.outputs { problems.append("\(stack.name): \(outputs) outputs") }
            if parameters.count > Template.Limits.parameters {
                problems.append("\(stack.name): \(parameters.count) parameters")
            }
            if stack.bodyBytes > Template.Limits.urlBodyBytes {
                problems.append("\(stack.name): \(stack.bodyBytes) bytes")
            }
            if stack.needsUpload != (stack.bodyBytes > Template.Limits.inlineBodyBytes) {
                problems.append("\(stack.name): upload flag wrong")
            }
            for dependency in stack.dependsOn
            where !stage.stacks.prefix(while: { $0.name != stack.name }).contains(where: { $0.name == dependency }) {
                problems.append("\(stack.name): depends on \(dependency), which is not deployed before it")
            }
            exported.formUnion(stack.exports)
        }
        return problems
    }

    /// Every logical name a template refers to through `Ref`, `Fn::GetAtt`, `DependsOn` or a
    /// `${Name}` in `Fn::Sub` (minus the Sub's own variables).
    static func references(in json: JSONValue) -> Set<String> {
        var names = Set<String>()
        func walk(_ value: JSONValue) {
            switch value {
            case .object(let members):
                if members.count == 1, let name = members["Ref"]?.stringValue { names.insert(name) }
                if members.count == 1, let name = members["Fn::GetAtt"]?.arrayValue?.first?.stringValue {
                    names.insert(name)
                }
                if members.count == 1, let sub = members["Fn::Sub"] {
                    let (text, variables) =
                        sub.stringValue.map { ($0, [String: JSONValue]()) }
                        ?? (sub.arrayValue?.first?.stringValue ?? "", sub.arrayValue?.last?.objectValue ?? [:])
                    for name in subVariables(text) where variables[name] == nil {
                        names.insert(String(name.split(separator: ".").first ?? ""))
                    }
                }
                if let dependsOn = members["DependsOn"]?.arrayValue {
                    names.formUnion(dependsOn.compactMap(\.stringValue))
                }
                members.values.forEach(walk)
            case .array(let elements): elements.forEach(walk)
            default: break
            }
        }
        walk(json)
        return names
    }

    /// `${Name}` placeholders of a `Fn::Sub` text (`${!Literal}` is not one).
    static func subVariables(_ text: String) -> [String] {
        var result: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { break }
            let name = rest[start.upperBound..<end]
            if !name.hasPrefix("!") { result.append(String(name)) }
            rest = rest[rest.index(after: end)...]
        }
        return result
    }

    /// Every resource of a stack by logical id with its JSON.
    static func resources(_ stack: SynthesizedStack) -> [String: JSONValue] {
        stack.json["Resources"]?.objectValue ?? [:]
    }
}
