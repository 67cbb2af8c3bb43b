/// Reads `functions/<name>.yaml`.
enum FunctionFileReading {
    static let keys = [
        "name", "image", "memoryMiB", "timeout", "environment", "database", "api", "alarms", "rollout", "checks",
        "hooks", "stages",
    ]
    static let overrideKeys = [
        "image", "memoryMiB", "timeout", "environment", "rollout", "alarms", "checks", "hooks",
    ]
    static let hookKeys = ["beforeTraffic", "afterTraffic", "timeout"]
    static let apiKeys = ["path", "methods"]
    static let alarmKeys = ["errors", "durationMs", "api4xx", "api5xx", "apiLatencyMs"]
    static let memoryRange = 128...10240
    static let timeoutRange: ClosedRange<Duration> = .seconds(1)...(.seconds(900))

    /// Environment variable names Lambda reserves, and the ones Ballast sets itself.
    static let reservedEnvironment: Set<String> = [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
        "DB_SECRET_ARN", "DB_HOST", "DB_PORT", "DB_NAME",
    ]

    static func read(_ root: YAMLValue, sink: DiagnosticSink) -> FunctionSpec? {
        let file = root.file
        guard let reader = MappingReader(root, context: "function", allowedKeys: keys, sink: sink) else { return nil }
        let name = reader.string("name", required: true)
        if let name { NameRules.checkFunction(name, sink: sink) }
        let image = reader.string("image", required: true).flatMap { readImage($0, sink: sink) }
        let memory = reader.integer("memoryMiB", in: memoryRange, unit: " MiB")
        let timeout = readTimeout(reader, sink: sink)
        let environment = reader.optional("environment").map { readEnvironment($0, sink: sink) } ?? [:]
        let database = reader.string("database")
        let api = reader.mapping("api", context: "'api'", allowedKeys: apiKeys).flatMap { readApi($0, sink: sink) }
        let alarms = reader.mapping("alarms", context: "'alarms'", allowedKeys: alarmKeys).map { readAlarms($0) }
        var rollout: RolloutSettings?
        var valid = true
        if let rolloutReader = reader.mapping("rollout", context: "'rollout'", allowedKeys: RolloutReading.keys) {
            rollout = RolloutReading.read(rolloutReader, requireStrategy: false, sink: sink)
            valid = rollout != nil
        }
        var checks: [FunctionCheck] = []
        if let value = reader.optional("checks") {
            if let read = CheckReading.read(value, api: api, context: "'checks'", sink: sink) {
                checks = read
            } else {
                valid = false
            }
        }
        let hooks = reader.mapping("hooks", context: "'hooks'", allowedKeys: hookKeys).map { readHooks($0) }
        var overrides: [String: FunctionOverride] = [:]
        if let stages = reader.optional("stages") {
            if case .mapping(let mapping) = stages.node {
                for (keyNode, valueNode) in mapping {
                    let key = YAMLValue(node: keyNode, file: file)
                    guard let stage = ScalarReading.string(key, what: "a stage name", sink: sink),
                        let override = readOverride(
                            YAMLValue(node: valueNode, file: file), stage: stage.value, api: api, at: key.position,
                            sink: sink)
                    else {
                        valid = false
                        continue
                    }
                    overrides[stage.value] = override
                }
            } else {
                sink.report(
                    stages.position, "'stages' must be a mapping of stage names to overrides, found \(stages.found)")
            }
        }
        guard valid, let name, let image else { return nil }
        let settings = FunctionSettings(
            image: image, memoryMiB: memory?.value ?? FunctionSettings.defaultMemoryMiB,
            timeout: timeout?.value ?? FunctionSettings.defaultTimeout, environment: environment, rollout: rollout)
        return FunctionSpec(
            name: name.value, file: file, base: settings, database: database, api: api,
            alarms: alarms ?? AlarmThresholds(), checks: checks, hooks: hooks ?? FunctionHooks(),
            stageOverrides: overrides,
            namePosition: name.position)
    }

    private static func readOverride(
        _ value: YAMLValue, stage: String, api: ApiRoute?, at position: SourcePosition, sink: DiagnosticSink
    )
        -> FunctionOverride?
    {
        let context = "override for stage '\(stage)'"
        guard let reader = MappingReader(value, context: context, allowedKeys: overrideKeys, sink: sink) else {
            return nil
        }
        var rollout: RolloutSettings?
        if let rolloutReader = reader.mapping(
            "rollout", context: "'rollout' of \(context)", allowedKeys: RolloutReading.keys)
        {
            guard let settings = RolloutReading.read(rolloutReader, requireStrategy: false, sink: sink) else {
                return nil
            }
            rollout = settings
        }
        var checks: [FunctionCheck]?
        if let list = reader.optional("checks") {
            guard let read = CheckReading.read(list, api: api, context: "'checks' of \(context)", sink: sink) else {
                return nil
            }
            checks = read
        }
        return FunctionOverride(
            image: reader.string("image").flatMap { readImage($0, sink: sink) },
            memoryMiB: reader.integer("memoryMiB", in: memoryRange, unit: " MiB")?.value,
            timeout: readTimeout(reader, sink: sink)?.value,
            environment: reader.optional("environment").map { readEnvironment($0, sink: sink) } ?? [:],
            rollout: rollout,
            alarms: reader.mapping("alarms", context: "'alarms' of \(context)", allowedKeys: alarmKeys).map {
                readAlarms($0)
            },
            checks: checks,
            hooks: reader.mapping("hooks", context: "'hooks' of \(context)", allowedKeys: hookKeys).map {
                readHooks($0)
            }, position: position)
    }

    /// Lambda takes its timeout in whole seconds.
    private static func readTimeout(_ reader: MappingReader, sink: DiagnosticSink) -> Located<Duration>? {
        guard let timeout = reader.duration("timeout", in: timeoutRange) else { return nil }
        guard DurationText.milliseconds(of: timeout.value) % 1000 == 0 else {
            sink.report(
                timeout.position ?? reader.position,
                "'timeout' must be whole seconds (Lambda counts its timeout in seconds), found \(DurationText.format(timeout.value))"
            )
            return nil
        }
        return timeout
    }

    private static func readImage(_ text: Located<String>, sink: DiagnosticSink) -> Located<ImageReference>? {
        let position = text.position ?? SourcePosition(file: "", line: 0, column: 0)
        switch ImageReference.parse(text.value) {
        case .success(let image):
            if !AWSRegion.known.contains(image.region) {
                sink.report(
                    position,
                    "'image' names unknown ECR region '\(image.region)'\(Suggestion.phrase(for: image.region, in: AWSRegion.known)) (an AWS region code such as us-east-1 or eu-central-1)"
                )
                return nil
            }
            return Located(image, at: text.position)
        case .failure(let error):
            let detail: String
            switch error {
            case .notECR:
                detail =
                    "must be an Amazon ECR image (ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY:TAG or @sha256:DIGEST): Lambda pulls container images only from ECR"
            case .missingTagOrDigest: detail = "must name a tag (:1.4.2) or a digest (@sha256:…)"
            case .badRepository(let name):
                detail = "has an invalid ECR repository name '\(name)' (lowercase letters, digits and ._-/)"
            case .badTag(let tag): detail = "has an invalid tag '\(tag)' (letters, digits and _.-, up to 128)"
            case .badDigest(let digest):
                detail = "has an invalid digest '\(digest)' (sha256: and 64 lowercase hex digits)"
            }
            sink.report(position, "'image' \(detail), found '\(text.value)'")
            return nil
        }
    }

    private static func readEnvironment(_ value: YAMLValue, sink: DiagnosticSink) -> [String: String] {
        guard case .mapping(let mapping) = value.node else {
            sink.report(value.position, "'environment' must be a mapping of names to strings, found \(value.found)")
            return [:]
        }
        var result: [String: String] = [:]
        for (keyNode, valueNode) in mapping {
            let key = YAMLValue(node: keyNode, file: value.file)
            let entry = YAMLValue(node: valueNode, file: value.file)
            guard let name = ScalarReading.string(key, what: "an environment variable name", sink: sink) else {
                continue
            }
            let scalars = name.value.unicodeScalars
            guard let first = scalars.first, NameRules.isASCIILetter(first),
                scalars.allSatisfy({ NameRules.isASCIILetter($0) || ("0"..."9").contains($0) || $0 == "_" })
            else {
                sink.report(
                    key.position,
                    "environment variable name '\(name.value)' is not allowed: use letters, digits and underscores, starting with a letter"
                )
                continue
            }
            if reservedEnvironment.contains(name.value) {
                sink.report(
                    key.position, "environment variable '\(name.value)' is reserved by Lambda or set by Ballast")
                continue
            }
            let text: String
            if entry.isNull {
                text = ""
            } else if let scalar = entry.scalarText {
                text = scalar
            } else {
                sink.report(
                    entry.position, "environment variable '\(name.value)' must be a string, found \(entry.found)")
                continue
            }
            result[name.value] = text
        }
        return result
    }

    private static func readApi(_ reader: MappingReader, sink: DiagnosticSink) -> ApiRoute? {
        let path = reader.string("path", required: true)
        if let path, !isApiPath(path.value) {
            sink.report(
                path.position ?? reader.position,
                "'path' must start with / and have segments of letters, digits, ._- or a {parameter}, found '\(path.value)'"
            )
            return nil
        }
        if let path, let greedy = path.value.split(separator: "/").dropLast().first(where: { $0.hasSuffix("+}") }) {
            sink.report(
                path.position ?? reader.position,
                "'path' has the greedy variable '\(greedy)' before its last segment; API Gateway allows one only as the last segment (such as /files/{proxy+}), found '\(path.value)'"
            )
            return nil
        }
        guard let methodsValue = reader.required("methods"),
            let methods = ScalarReading.stringList(methodsValue, what: "'methods'", sink: sink), let path
        else { return nil }
        if methods.isEmpty {
            sink.report(methodsValue.position, "'methods' must list at least one HTTP method")
            return nil
        }
        var seen: [String] = []
        for method in methods {
            let upper = method.value.uppercased()
            if !ApiRoute.allowedMethods.contains(upper) {
                sink.report(
                    method.position ?? reader.position,
                    "unknown HTTP method '\(method.value)'\(Suggestion.phrase(for: upper, in: ApiRoute.allowedMethods)) (allowed: \(ApiRoute.allowedMethods.joined(separator: ", ")))"
                )
                return nil
            }
            if seen.contains(upper) {
                sink.report(method.position ?? reader.position, "method \(upper) is listed twice")
                return nil
            }
            seen.append(upper)
        }
        if seen.contains("ANY"), seen.count > 1 {
            sink.report(
                methodsValue.position, "'methods' lists ANY together with other methods; ANY already covers them")
            return nil
        }
        return ApiRoute(path: path.value, methods: seen, position: path.position)
    }

    static func isApiPath(_ path: String) -> Bool {
        guard path.hasPrefix("/"), path.count <= 512 else { return false }
        if path == "/" { return true }
        let segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        return segments.allSatisfy { segment in
            if segment.hasPrefix("{"), segment.hasSuffix("}") {
                var inner = segment.dropFirst().dropLast()
                if inner.hasSuffix("+") { inner = inner.dropLast() }
                return !inner.isEmpty && inner.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            }
            return !segment.isEmpty
                && segment.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        }
    }

    private static func readHooks(_ reader: MappingReader) -> FunctionHooks {
        FunctionHooks(
            beforeTraffic: reader.string("beforeTraffic"), afterTraffic: reader.string("afterTraffic"),
            timeout: reader.duration("timeout", in: FunctionHooks.timeoutRange)?.value ?? FunctionHooks.defaultTimeout)
    }

    private static func readAlarms(_ reader: MappingReader) -> AlarmThresholds {
        AlarmThresholds(
            errors: reader.integer("errors", in: 1...1_000_000)?.value,
            durationMs: reader.integer("durationMs", in: 1...900_000, unit: " ms")?.value,
            api4xx: reader.integer("api4xx", in: 1...1_000_000)?.value,
            api5xx: reader.integer("api5xx", in: 1...1_000_000)?.value,
            apiLatencyMs: reader.integer("apiLatencyMs", in: 1...29_000, unit: " ms")?.value)
    }
}
