import Yams

/// Reads a `checks:` list (of a function, or of one of its stage overrides) against the
/// function's `api` route, which every check must be a request to.
enum CheckReading {
    static let keys = ["name", "method", "path", "headers", "body", "expect"]
    static let expectKeys = ["status", "bodyContains", "json"]

    /// The checks; nil (with errors reported) when any is wrong. `context` names where the list
    /// is (`'checks'`, `'checks' of override for stage 'dev'`).
    static func read(_ value: YAMLValue, api: ApiRoute?, context: String, sink: DiagnosticSink) -> [FunctionCheck]? {
        guard case .sequence(let sequence) = value.node else {
            sink.report(value.position, "\(context) must be a list of checks, found \(value.found)")
            return nil
        }
        guard sequence.count <= FunctionCheck.maximumCount else {
            sink.report(
                value.position,
                "\(context) lists \(sequence.count) checks; at most \(FunctionCheck.maximumCount) are allowed (each is an invocation before every rollout)"
            )
            return nil
        }
        if !sequence.isEmpty, api == nil {
            sink.report(
                value.position,
                "\(context) needs 'api' in the function: a check is an API Gateway request to the function's route")
            return nil
        }
        var checks: [FunctionCheck] = []
        var names: Set<String> = []
        var valid = true
        for (index, node) in sequence.enumerated() {
            let item = YAMLValue(node: node, file: value.file)
            guard let api, let check = readCheck(item, number: index + 1, api: api, context: context, sink: sink)
            else {
                valid = false
                continue
            }
            if !names.insert(check.name).inserted {
                sink.report(item.position, "check '\(check.name)' is listed twice in \(context); give each a 'name'")
                valid = false
            }
            checks.append(check)
        }
        return valid ? checks : nil
    }

    private static func readCheck(
        _ item: YAMLValue, number: Int, api: ApiRoute, context: String, sink: DiagnosticSink
    ) -> FunctionCheck? {
        let location = "check \(number) of \(context)"
        guard let reader = MappingReader(item, context: location, allowedKeys: keys, sink: sink) else { return nil }
        var valid = true
        let name = reader.string("name")
        if let name, name.value.isEmpty || name.value.count > 64 {
            sink.report(name.position ?? reader.position, "'name' of \(location) must be 1 to 64 characters")
            valid = false
        }
        var method: String?
        if let text = reader.string("method", required: true) {
            let upper = text.value.uppercased()
            if !FunctionCheck.allowedMethods.contains(upper) {
                sink.report(
                    text.position ?? reader.position,
                    "'method' of \(location) must be an HTTP method, found '\(text.value)'\(Suggestion.phrase(for: upper, in: FunctionCheck.allowedMethods)) (allowed: \(FunctionCheck.allowedMethods.joined(separator: ", ")))"
                )
                valid = false
            } else if !api.serves(method: upper) {
                sink.report(
                    text.position ?? reader.position,
                    "'method' of \(location) is \(upper), which the function's api route \(api.path) does not serve (it serves \(api.methods.joined(separator: ", ")))"
                )
                valid = false
            } else {
                method = upper
            }
        } else {
            valid = false
        }
        var path: String?
        if let text = reader.string("path", required: true) {
            let check = FunctionCheck(
                method: method ?? "GET", path: text.value, expect: CheckExpectation(status: 200))
            if !text.value.hasPrefix("/") || text.value.contains(where: { $0 == " " || $0 == "#" }) {
                sink.report(
                    text.position ?? reader.position,
                    "'path' of \(location) must start with / (a request path, such as /orders/42?limit=1, no spaces), found '\(text.value)'"
                )
                valid = false
            } else if api.parameters(matching: check.resourcePath) == nil {
                sink.report(
                    text.position ?? reader.position,
                    "'path' of \(location) is \(check.resourcePath), which the function's api route \(api.path) does not serve"
                )
                valid = false
            } else {
                path = text.value
            }
        } else {
            valid = false
        }
        let headers = reader.optional("headers").flatMap { readHeaders($0, what: location, sink: sink) }
        if reader.optional("headers") != nil, headers == nil { valid = false }
        let body = reader.string("body")
        let expect = reader.mapping(
            "expect", context: "'expect' of \(location)", allowedKeys: expectKeys, required: true
        ).flatMap { readExpectation($0, sink: sink) }
        guard valid, let method, let path, let expect else { return nil }
        return FunctionCheck(
            name: name?.value, method: method, path: path, headers: headers ?? [:], body: body?.value,
            expect: expect)
    }

    private static func readHeaders(_ value: YAMLValue, what: String, sink: DiagnosticSink) -> [String: String]? {
        guard case .mapping(let mapping) = value.node else {
            sink.report(
                value.position, "'headers' of \(what) must be a mapping of names to strings, found \(value.found)")
            return nil
        }
        var headers: [String: String] = [:]
        var valid = true
        for (keyNode, valueNode) in mapping {
            let key = YAMLValue(node: keyNode, file: value.file)
            let entry = YAMLValue(node: valueNode, file: value.file)
            guard let name = ScalarReading.string(key, what: "a header name", sink: sink),
                let text = ScalarReading.string(entry, what: "header '\(name.value)'", sink: sink)
            else {
                valid = false
                continue
            }
            let token = "!#$%&'*+-.^_`|~"
            if name.value.isEmpty
                || !name.value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || token.contains($0)) })
            {
                sink.report(
                    key.position, "header name '\(name.value)' is not allowed: use letters, digits and -_.")
                valid = false
                continue
            }
            headers[name.value] = text.value
        }
        return valid ? headers : nil
    }

    private static func readExpectation(_ reader: MappingReader, sink: DiagnosticSink) -> CheckExpectation? {
        guard
            let status = reader.integer(
                "status", in: CheckExpectation.statusRange, unit: " (an HTTP status)", required: true)
        else { return nil }
        let bodyContains = reader.string("bodyContains")
        var json: [String: CheckValue] = [:]
        if let value = reader.optional("json") {
            guard case .mapping(let mapping) = value.node else {
                sink.report(
                    value.position,
                    "'json' in \(reader.context) must be a mapping of field paths (such as items.0.id) to values, found \(value.found)"
                )
                return nil
            }
            for (keyNode, valueNode) in mapping {
                let key = YAMLValue(node: keyNode, file: value.file)
                let entry = YAMLValue(node: valueNode, file: value.file)
                guard let field = ScalarReading.string(key, what: "a JSON field path", sink: sink) else { return nil }
                if field.value.isEmpty
                    || field.value.split(separator: ".", omittingEmptySubsequences: false)
                        .contains(where: \.isEmpty)
                {
                    sink.report(key.position, "JSON field path '\(field.value)' has an empty part")
                    return nil
                }
                guard let expected = checkValue(entry) else {
                    sink.report(
                        entry.position,
                        "the value of '\(field.value)' in \(reader.context) must be a string, number, true, false or null, found \(entry.found)"
                    )
                    return nil
                }
                json[field.value] = expected
            }
        }
        return CheckExpectation(status: status.value, bodyContains: bodyContains?.value, json: json)
    }

    /// A YAML scalar as the JSON value it stands for: plain numbers, booleans and null are
    /// those; anything quoted, or other plain text, is a string.
    static func checkValue(_ value: YAMLValue) -> CheckValue? {
        guard case .scalar(let scalar) = value.node else { return nil }
        if value.isNull { return .null }
        guard scalar.style == .plain else { return .string(scalar.string) }
        switch scalar.string {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default:
            if let number = Double(scalar.string), scalar.string.allSatisfy({ "0123456789+-.eE".contains($0) }) {
                return .number(number)
            }
            return .string(scalar.string)
        }
    }
}
