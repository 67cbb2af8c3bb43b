/// Rules that span files: references between files, names unique across them, and the AWS
/// names derived from project, stage and name.
struct StateRules {
    let state: DesiredState
    let project: Located<String>
    /// Every stage named in ballast.yaml, valid or not (references to an invalid one are not
    /// reported again as unknown).
    let declaredStages: [String]
    /// Every database name declared in databases/, valid or not; nil when a database file
    /// could not be read, so its name is unknown and no reference is reported as unknown.
    let declaredDatabases: [String]?
    let sink: DiagnosticSink

    /// Lambda function names are at most 64 characters.
    static let functionNameLimit = 64
    /// RDS instance identifiers are at most 63 characters.
    static let databaseIdentifierLimit = 63
    /// Lambda's limit on the environment, in bytes of names and values together.
    static let environmentLimit = 4096

    func check() {
        checkUniqueNames()
        checkDerivedNames()
        checkFunctions()
        checkDatabasesNeedTwoZones()
    }

    private func report(_ position: SourcePosition?, file: String, _ message: String) {
        if let position {
            sink.report(position, message)
        } else {
            sink.report(file: file, message)
        }
    }

    private func checkUniqueNames() {
        func checkGroup<T>(
            _ items: [T], kind: String, name: (T) -> String, file: (T) -> String, position: (T) -> SourcePosition?
        ) {
            var seen: [String: T] = [:]
            var logical: [String: T] = [:]
            for item in items {
                if let other = seen[name(item)] {
                    report(
                        position(item), file: file(item), "\(kind) '\(name(item))' is also defined in \(file(other))")
                    continue
                }
                seen[name(item)] = item
                let form = NameRules.logicalForm(name(item)).lowercased()
                if let other = logical[form] {
                    report(
                        position(item), file: file(item),
                        "\(kind) names '\(name(other))' (\(file(other))) and '\(name(item))' differ only in case, '-' or '_', which CloudFormation logical ids cannot tell apart"
                    )
                }
                logical[form] = item
            }
        }
        checkGroup(state.functions, kind: "function", name: \.name, file: \.file, position: \.namePosition)
        checkGroup(state.databases, kind: "database", name: \.name, file: \.file, position: \.namePosition)
    }

    private func checkDerivedNames() {
        checkIdentifierHyphens()
        for stage in state.stages {
            let prefix = "\(state.project)-\(stage.name)-"
            for function in state.functions {
                let full = prefix + function.name
                if full.count > Self.functionNameLimit {
                    report(
                        function.namePosition, file: function.file,
                        "function name '\(full)' in stage '\(stage.name)' is \(full.count) characters; Lambda allows \(Self.functionNameLimit) (shorten the function, stage or project name)"
                    )
                }
            }
            for database in state.databases {
                let full = prefix + database.name
                if full.count > Self.databaseIdentifierLimit {
                    report(
                        database.namePosition, file: database.file,
                        "database identifier '\(full)' in stage '\(stage.name)' is \(full.count) characters; RDS allows \(Self.databaseIdentifierLimit) (shorten the database, stage or project name)"
                    )
                }
            }
        }
    }

    /// RDS identifiers may not hold `--` nor end with `-`; project and stage names may (they are
    /// fine in every other AWS name), so the combination is checked only when there are databases.
    private func checkIdentifierHyphens() {
        guard let database = state.databases.first else { return }
        func hasBadHyphens(_ name: String) -> Bool { name.hasSuffix("-") || name.contains("--") }
        func message(_ what: String, _ name: String, _ example: String) -> String {
            "\(what) '\(name)' would make RDS identifiers such as '\(example)', which RDS refuses: single hyphens only, none at the end (remove the doubled or trailing hyphen)"
        }
        guard let firstStage = state.stages.first else { return }
        if hasBadHyphens(state.project) {
            let example = "\(state.project)-\(firstStage.name)-\(database.name)"
            report(project.position, file: ProjectFileReading.path, message("project name", state.project, example))
        }
        for stage in state.stages where hasBadHyphens(stage.name) {
            let example = "\(state.project)-\(stage.name)-\(database.name)"
            report(stage.position, file: ProjectFileReading.path, message("stage name", stage.name, example))
        }
    }

    /// API Gateway allows one variable path part (`{id}`, `{proxy+}`) among the children of a
    /// resource: `/catalog/{id}` and `/catalog/{key}` cannot both be routes.
    private func checkSiblingVariables() {
        var variables: [String: (segment: Substring, function: FunctionSpec)] = [:]
        for function in state.functions {
            guard let api = function.api else { continue }
            let segments = api.path.split(separator: "/")
            for (index, segment) in segments.enumerated() where segment.hasPrefix("{") {
                let parent = "/" + segments[..<index].joined(separator: "/")
                guard let other = variables[parent] else {
                    variables[parent] = (segment, function)
                    continue
                }
                guard other.segment != segment else { continue }
                report(
                    api.position, file: function.file,
                    "path \(api.path) puts the variable \(segment) under \(parent) beside \(other.segment) of function '\(other.function.name)' (\(other.function.api?.path ?? ""), \(other.function.file)); API Gateway allows one variable path part under a resource (use the same name in both)"
                )
                break
            }
        }
    }

    private func checkFunctions() {
        checkSiblingVariables()
        var routes: [String: FunctionSpec] = [:]
        let stageNames = declaredStages
        for function in state.functions {
            if let database = function.database, let known = declaredDatabases, !known.contains(database.value) {
                let allowed = known.isEmpty ? "no databases are defined" : "defined: \(known.joined(separator: ", "))"
                report(
                    database.position, file: function.file,
                    "function '\(function.name)' names database '\(database.value)', which does not exist\(Suggestion.phrase(for: database.value, in: known)) (\(allowed))"
                )
            }
            for (stageName, override) in function.stageOverrides.sorted(by: { $0.key < $1.key })
            where !stageNames.contains(stageName) {
                report(
                    override.position, file: function.file,
                    "override for unknown stage '\(stageName)'\(Suggestion.phrase(for: stageName, in: stageNames)) (stages: \(stageNames.joined(separator: ", ")))"
                )
            }
            if let api = function.api {
                for method in api.methods {
                    let key = "\(method) \(api.path)"
                    if let other = routes[key] {
                        report(
                            api.position, file: function.file,
                            "route \(key) is also served by function '\(other.name)' (\(other.file))")
                    }
                    routes[key] = function
                }
            }
            for stage in state.stages {
                checkResolved(function, in: stage)
            }
        }
    }

    private func checkResolved(_ function: FunctionSpec, in stage: Stage) {
        let resolved = function.resolved(for: stage)
        if resolved.image.region != stage.region {
            let override = function.stageOverrides[stage.name]?.image
            let image = override ?? function.base.image
            let remedy =
                override == nil
                ? "set stages.\(stage.name).image to an image in \(stage.region)" : "use an image in \(stage.region)"
            report(
                image.position, file: function.file,
                "image is in ECR region \(resolved.image.region) but stage '\(stage.name)' deploys to \(stage.region); Lambda pulls images only from its own region (\(remedy))"
            )
        }
        if resolved.onNoTraffic == .probe, resolved.checks.isEmpty {
            // Where the policy that applies was written: the stage override, the function, the stage.
            let override = function.stageOverrides[stage.name]?.rollout
            let position =
                override?.onNoTraffic != nil
                ? override?.onNoTrafficPosition
                : function.base.rollout?.onNoTraffic != nil
                    ? function.base.rollout?.onNoTrafficPosition : stage.onNoTrafficPosition
            report(
                position, file: function.file,
                "onNoTraffic: probe sends the checks of function '\(function.name)' to its new version in stage '\(stage.name)', but it has none; add 'checks:' to \(function.file), or use proceed or halt"
            )
        }
        for point in FunctionHooks.Point.allCases {
            guard let hook = resolved.hooks[point] else { continue }
            let known = state.functions.map(\.name).sorted()
            if hook.value == function.name {
                report(
                    hook.position, file: function.file,
                    "function '\(function.name)' names itself as its \(point.rawValue) hook in stage '\(stage.name)'; a hook is invoked at its alias live, which this very rollout moves (name another function)"
                )
            } else if !known.contains(hook.value) {
                report(
                    hook.position, file: function.file,
                    "\(point.rawValue) hook '\(hook.value)' of function '\(function.name)' is not a function of stage '\(stage.name)'\(Suggestion.phrase(for: hook.value, in: known)) (functions: \(known.joined(separator: ", ")))"
                )
            }
        }
        let size = resolved.environment.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
        if size > Self.environmentLimit {
            report(
                function.namePosition, file: function.file,
                "environment of function '\(function.name)' in stage '\(stage.name)' is \(size) bytes; Lambda allows \(Self.environmentLimit)"
            )
        }
    }

    private func checkDatabasesNeedTwoZones() {
        guard !state.databases.isEmpty else { return }
        for stage in state.stages where stage.network.availabilityZones < 2 {
            report(
                stage.position, file: ProjectFileReading.path,
                "stage '\(stage.name)' has databases but only \(stage.network.availabilityZones) availability zone; an RDS subnet group needs subnets in at least 2 (set network.azs: 2)"
            )
        }
    }
}
