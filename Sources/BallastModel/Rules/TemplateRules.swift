import Yams

/// What CloudFormation refuses in a hand-written template, found before it is deployed: tags
/// that are no short form (Ballast would otherwise drop them), mapping keys that are not
/// strings, and intrinsic functions written in the wrong shape (`!Ref [a, b]`, `!Join "s"`,
/// `!GetAtt Name` without an attribute), in short form or long (`{"Fn::Join": …}`).
struct TemplateRules {
    let file: String
    let sink: DiagnosticSink

    /// What an intrinsic function's argument must be.
    enum Shape {
        /// A string.
        case text
        /// A string or an intrinsic function.
        case textOrFunction
        /// A list of exactly these elements.
        case list([Element])
        /// A list of `count` elements of any kind.
        case listOf(ClosedRange<Int>)
        /// A list or an intrinsic function.
        case listOrFunction
        /// A mapping (not an intrinsic function) with these keys required.
        case mapping(required: [String])
        /// `LogicalId.Attribute` or `[LogicalId, Attribute]`.
        case attribute
        /// A string, or `[string, {Name: value}]`.
        case substitution
        /// A list or mapping, or an intrinsic function; not a string.
        case structure
    }

    /// An element of a list argument.
    enum Element {
        case text
        case textOrFunction
        case listOrFunction
        case mapping
        case any
    }

    /// Each function's argument, and how CloudFormation's documentation writes it.
    static let shapes: [String: (shape: Shape, usage: String)] = [
        "Ref": (.text, "the logical id of a resource or the name of a parameter"),
        "Condition": (.text, "the name of a condition"),
        "Fn::GetAtt": (.attribute, "LogicalId.AttributeName or [LogicalId, AttributeName]"),
        "Fn::Sub": (.substitution, "a string, or [string, {Name: value, …}]"),
        "Fn::Join": (.list([.text, .listOrFunction]), "[delimiter, [value, …]]"),
        "Fn::Select": (.list([.textOrFunction, .listOrFunction]), "[index, [value, …]]"),
        "Fn::Split": (.list([.text, .textOrFunction]), "[delimiter, string]"),
        "Fn::FindInMap": (.listOf(3...4), "[MapName, TopLevelKey, SecondLevelKey]"),
        "Fn::GetAZs": (.textOrFunction, "a region, or '' for the stack's own"),
        "Fn::ImportValue": (.textOrFunction, "the name of an export"),
        "Fn::Base64": (.textOrFunction, "a string"),
        "Fn::Cidr": (.list([.textOrFunction, .textOrFunction, .textOrFunction]), "[ipBlock, count, cidrBits]"),
        "Fn::If": (.list([.text, .any, .any]), "[ConditionName, valueIfTrue, valueIfFalse]"),
        "Fn::Equals": (.listOf(2...2), "[value, value]"),
        "Fn::And": (.listOf(2...10), "[condition, condition, …] (2 to 10 conditions)"),
        "Fn::Or": (.listOf(2...10), "[condition, condition, …] (2 to 10 conditions)"),
        "Fn::Not": (.listOf(1...1), "[condition]"),
        "Fn::Transform": (.mapping(required: ["Name"]), "{Name: MacroName, Parameters: {…}}"),
        "Fn::Length": (.listOrFunction, "a list"),
        "Fn::ToJsonString": (.structure, "a list or a mapping"),
        "Fn::Contains": (.list([.listOrFunction, .textOrFunction]), "[[value, …], value]"),
        "Fn::EachMemberEquals": (.list([.listOrFunction, .textOrFunction]), "[[value, …], value]"),
        "Fn::EachMemberIn": (.list([.listOrFunction, .listOrFunction]), "[[value, …], [value, …]]"),
        "Fn::RefAll": (.text, "a parameter type"),
        "Fn::ValueOf": (.list([.textOrFunction, .text]), "[ParameterName, Attribute]"),
        "Fn::ValueOfAll": (.list([.text, .text]), "[ParameterType, Attribute]"),
    ]

    /// Checks every node of the template below its sections (whose names the template's
    /// reader checks).
    func checkSections(of root: Node) {
        guard case .mapping(let mapping) = root else { return }
        for (_, value) in mapping { check(value) }
    }

    /// Checks `node` and everything in it.
    func check(_ node: Node) {
        if let long = CloudFormationTags.shortForms[CloudFormationTags.writtenTag(of: node)] {
            checkShape(of: node, function: long, written: CloudFormationTags.writtenTag(of: node), at: node)
        } else if CloudFormationTags.hasUnknownTag(node) {
            let tag = CloudFormationTags.writtenTag(of: node)
            let known = CloudFormationTags.shortForms.keys.sorted()
            sink.report(
                position(node),
                "unknown YAML tag '\(tag)'\(Suggestion.phrase(for: tag, in: known)); a template may use CloudFormation's short forms (\(known.joined(separator: " "))) and no other tag"
            )
        }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard let name = CloudFormationTags.keyText(key) else {
                    let found =
                        CloudFormationTags.isUntagged(key)
                        ? "\(YAMLValue(node: key, file: file).found) as a key"
                        : "a key tagged '\(CloudFormationTags.writtenTag(of: key))'"
                    sink.report(position(key), "mapping keys in a template must be plain strings, found \(found)")
                    continue
                }
                if mapping.count == 1, name == "Ref" || name.hasPrefix("Fn::"), Self.shapes[name] != nil {
                    checkShape(of: value, function: name, written: name, at: key)
                }
                check(value)
            }
        case .sequence(let sequence):
            for element in sequence { check(element) }
        case .scalar, .alias:
            break
        }
    }

    private func position(_ node: Node) -> SourcePosition {
        YAMLValue(node: node, file: file).position
    }

    /// Whether the node is an intrinsic function, in short form or long.
    static func isFunction(_ node: Node) -> Bool {
        CloudFormationTags.shortForms[CloudFormationTags.writtenTag(of: node)] != nil || isLongForm(node)
    }

    /// Whether the node, its tag aside, is a mapping of one function name to its argument.
    static func isLongForm(_ node: Node) -> Bool {
        guard case .mapping(let mapping) = node, mapping.count == 1,
            let key = mapping.first.flatMap({ CloudFormationTags.keyText($0.key) })
        else { return false }
        return key == "Ref" || key.hasPrefix("Fn::") || key == "Condition"
    }

    /// `argument` is the function's argument: for a short form the tagged node itself (its
    /// tag aside), for a long form the value of its one key.
    private func checkShape(of argument: Node, function: String, written: String, at site: Node) {
        guard let (shape, usage) = Self.shapes[function] else { return }
        // A short form's own node is its argument; only its content counts.
        let isShort = written.hasPrefix("!")
        // `!GetAZs {Ref: "AWS::Region"}`: a short form whose content is a long form.
        let argumentIsFunction = isShort ? Self.isLongForm(argument) : Self.isFunction(argument)
        let found = describe(argument, short: isShort)
        func fail() {
            sink.report(position(site), "\(written) takes \(usage), found \(found)")
        }
        switch shape {
        case .text:
            guard isText(argument, short: isShort) else { return fail() }
        case .textOrFunction:
            guard isText(argument, short: isShort) || argumentIsFunction else { return fail() }
        case .listOrFunction:
            guard case .sequence = argument else {
                if !argumentIsFunction { fail() }
                return
            }
        case .structure:
            if case .scalar = argument, !argumentIsFunction { fail() }
        case .mapping(let required):
            guard case .mapping(let mapping) = argument, !argumentIsFunction,
                required.allSatisfy({ name in mapping.contains { CloudFormationTags.keyText($0.key) == name } })
            else { return fail() }
        case .listOf(let counts):
            guard case .sequence(let sequence) = argument, counts.contains(sequence.count) else { return fail() }
        case .list(let elements):
            guard case .sequence(let sequence) = argument, sequence.count == elements.count else { return fail() }
            for (element, node) in zip(elements, sequence) where !matches(node, element) {
                return fail()
            }
        case .attribute:
            if case .scalar(let scalar) = argument, isText(argument, short: isShort) {
                let parts = scalar.string.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return fail() }
            } else {
                guard case .sequence(let sequence) = argument, sequence.count == 2,
                    matches(sequence[0], .text), matches(sequence[1], .textOrFunction)
                else { return fail() }
            }
        case .substitution:
            if isText(argument, short: isShort) { return }
            guard case .sequence(let sequence) = argument, sequence.count == 2, matches(sequence[0], .text),
                matches(sequence[1], .mapping)
            else { return fail() }
        }
    }

    /// A scalar string (for a short form, its tagged node is the string).
    private func isText(_ node: Node, short: Bool) -> Bool {
        guard case .scalar = node else { return false }
        return short || CloudFormationTags.isUntagged(node)
    }

    private func matches(_ node: Node, _ element: Element) -> Bool {
        switch element {
        case .any: return true
        case .text: return isText(node, short: false)
        case .textOrFunction: return isText(node, short: false) || Self.isFunction(node)
        case .listOrFunction:
            if case .sequence = node, CloudFormationTags.isUntagged(node) { return true }
            return Self.isFunction(node)
        case .mapping:
            if case .mapping = node, !Self.isFunction(node) { return true }
            return false
        }
    }

    private func describe(_ node: Node, short: Bool) -> String {
        switch node {
        case .sequence(let sequence):
            return sequence.count == 1 ? "a list of 1 element" : "a list of \(sequence.count) elements"
        case .scalar(let scalar):
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            return "'\(text)'"
        case .mapping:
            return (short ? Self.isLongForm(node) : Self.isFunction(node)) ? "a function" : "a mapping"
        case .alias:
            return "an alias"
        }
    }
}
