import BallastModel

/// Builds the stacks of one stage.
struct StageSynthesizer {
    let state: DesiredState
    let stage: Stage
    let options: Synthesizer.Options
    let naming: Naming
    let tags: [(String, String)]

    init(state: DesiredState, stage: Stage, options: Synthesizer.Options) {
        self.state = state
        self.stage = stage
        self.options = options
        self.naming = Naming(project: state.project, stage: stage.name)
        self.tags = Tagging.tags(project: state.project, stage: stage.name)
    }

    /// Budgets of one part: CloudFormation's resource limit, and the largest body it accepts
    /// through S3, less room for the template's own frame.
    static let resourceBudget = Template.Limits.resources
    static let byteBudget = Template.Limits.urlBodyBytes - 4_096

    private struct Planned {
        let kind: StackKind
        let part: Int
        var template: Template
        var parameters: [String: String] = [:]
        var json: JSONValue?
    }

    func assemble() throws(Synthesizer.Failure) -> StageAssembly {
        let functions = state.functions(in: stage)
        let previous = options.previousPlacement[stage.name] ?? Placement()
        var planned: [Planned] = []
        var placement = Placement()

        planned.append(
            Planned(kind: .network, part: 1, template: Network(naming: naming, settings: stage.network).build()))

        if !state.databases.isEmpty {
            var template = Template(description: "Ballast \(naming.prefix): databases")
            for spec in state.databases {
                Database(naming: naming, spec: spec, settings: stage.database).add(to: &template)
            }
            planned.append(Planned(kind: .database, part: 1, template: template))
        }

        // Compute: one unit per function.
        var computeFragments = Dictionary(
            uniqueKeysWithValues: functions.map { function in
                var fragment = Template(description: "")
                functionConstruct(function).add(to: &fragment)
                return (function.name, fragment)
            })
        placement.compute = pack(&computeFragments, previous: previous.compute, overhead: (0, 0))
        planned += parts(of: .compute, placement.compute, computeFragments) { part in
            Template(description: "Ballast \(naming.prefix): handlers (part \(part))")
        }

        // API: one unit per route group; the deployment and stage after every part.
        let groups = RouteGroup.groups(of: functions)
        if !groups.isEmpty {
            var measured = Dictionary(
                uniqueKeysWithValues: groups.map { group in
                    var fragment = Template(description: "")
                    Api(naming: naming, part: 2, groups: []).add(group, to: &fragment)
                    return (group.key, fragment)
                })
            placement.api = pack(&measured, previous: previous.api, overhead: (1, 1_500))
            let partNumbers = Set(placement.api.values).sorted()
            for part in partNumbers {
                let inPart = groups.filter { placement.api[$0.key] == part }
                // A route's part matters only to how it names the REST API: every part but the
                // first imports it, as the fragments measured above do, so they are reused there.
                var template = Api(naming: naming, part: part, groups: part == 1 ? inPart : []).build()
                if part != 1 {
                    for group in inPart { template.merge(measured[group.key]!) }
                }
                planned.append(Planned(kind: .api, part: part, template: template))
            }
            planned.append(
                Planned(kind: .apiStage, part: 1, template: ApiStage(naming: naming, groups: groups).build()))
        }

        // Monitoring: one unit per alarm subject; the topic in part 1.
        var monitoringFragments: [String: Template] = [:]
        for function in functions {
            var fragment = Template(description: "")
            Alarms(naming: naming, stage: stage, part: 2).addAlarms(for: function, to: &fragment)
            monitoringFragments["function:\(function.name)"] = fragment
        }
        for database in state.databases {
            var fragment = Template(description: "")
            Alarms(naming: naming, stage: stage, part: 2).addAlarms(for: database, to: &fragment)
            monitoringFragments["database:\(database.name)"] = fragment
        }
        placement.monitoring = pack(&monitoringFragments, previous: previous.monitoring, overhead: (3, 2_000))
        let monitoringParts = Set(placement.monitoring.values).union([1]).sorted()
        for part in monitoringParts {
            let alarms = Alarms(naming: naming, stage: stage, part: part)
            var template = alarms.base()
            if part == 1 {
                for function in functions where placement.monitoring["function:\(function.name)"] == part {
                    alarms.addAlarms(for: function, to: &template)
                }
                for database in state.databases where placement.monitoring["database:\(database.name)"] == part {
                    alarms.addAlarms(for: database, to: &template)
                }
            } else {
                // An alarm's part matters only to how it names the topic: every part but the
                // first imports it, as the fragments measured above do, so they are reused there.
                for (key, placed) in placement.monitoring where placed == part {
                    template.merge(monitoringFragments[key]!)
                }
            }
            planned.append(Planned(kind: .monitoring, part: part, template: template))
        }

        // Hand-written templates, after Ballast's own stacks.
        for raw in state.templates {
            if Task.isCancelled { throw .cancelled }
            let stack = RawTemplateStack(naming: naming, stage: stage, raw: raw)
            do {
                let (json, parameters) = try stack.build()
                planned.append(
                    Planned(
                        kind: .template, part: 1, template: Template(description: raw.name), parameters: parameters,
                        json: json))
            } catch {
                throw Synthesizer.Failure(message: error.description, isCancellation: error.isCancellation)
            }
        }

        let stacks = try finish(planned, rawNames: state.templates.map(\.name))
        return StageAssembly(stage: stage, stacks: stacks, placement: placement)
    }

    private func functionConstruct(_ function: ResolvedFunction) -> Function {
        var image = function.image
        if case .tag = image.reference, let digest = options.imageDigests[image.description] {
            image = image.pinned(to: digest)
        }
        return Function(
            naming: naming, function: function, database: function.database.flatMap(state.database(named:)),
            image: image, logRetentionDays: options.logRetentionDays)
    }

    /// Tags the fragments and packs them by their tagged size.
    private func pack(_ fragments: inout [String: Template], previous: [String: Int], overhead: (Int, Int)) -> [String:
        Int]
    {
        let emptyBytes = CanonicalJSON.byteCount(Template(description: "").json)
        var units: [Packer.Unit] = []
        for key in fragments.keys {
            Tagging.apply(tags, to: &fragments[key]!)
            let fragment = fragments[key]!
            units.append(
                Packer.Unit(
                    key: key, resources: fragment.resources.count,
                    bytes: CanonicalJSON.byteCount(fragment.json) - emptyBytes))
        }
        return Packer(resourceBudget: Self.resourceBudget, byteBudget: Self.byteBudget, firstPartOverhead: overhead)
            .pack(units, previous: previous)
    }

    /// One planned stack per part, its units' fragments merged in key order.
    private func parts(
        of kind: StackKind, _ placement: [String: Int], _ fragments: [String: Template], base: (Int) -> Template
    ) -> [Planned] {
        Set(placement.values).sorted().map { part in
            var template = base(part)
            for key in placement.keys.sorted() where placement[key] == part {
                template.merge(fragments[key]!)
            }
            return Planned(kind: kind, part: part, template: template)
        }
    }

    /// Tags, bodies, exports, imports, dependencies and limits.
    private func finish(_ planned: [Planned], rawNames: [String]) throws(Synthesizer.Failure) -> [SynthesizedStack] {
        var rawIndex = 0
        var stacks: [SynthesizedStack] = []
        var exporters: [String: String] = [:]
        for var item in planned {
            // Encoding is the longest part of a large stage; a shutting-down controller waits for none.
            if Task.isCancelled { throw .cancelled }
            let name: String
            let json: JSONValue
            if let raw = item.json {
                name = "\(naming.prefix)-\(rawNames[rawIndex])"
                rawIndex += 1
                json = raw
            } else {
                name = naming.stackName(item.kind, part: item.part)
                Tagging.apply(tags, to: &item.template)
                try checkLimits(item.template, stack: name)
                json = item.template.json
            }
            let exports = TemplateScan.exports(json)
            let imports = TemplateScan.imports(json)
            var dependsOn = Set(imports.compactMap { exporters[$0] })
            // Routes invoke aliases that exist only after the handlers; the stage snapshots
            // every route; alarms watch all of them.
            for earlier in stacks {
                switch (item.kind, earlier.kind) {
                case (.api, .compute), (.apiStage, .api), (.monitoring, .compute), (.monitoring, .apiStage),
                    (.monitoring, .database):
                    dependsOn.insert(earlier.name)
                default: break
                }
            }
            for export in exports { exporters[export] = name }
            let stack = SynthesizedStack(
                name: name, kind: item.kind, part: item.part, json: json, body: CanonicalJSON.encode(json),
                parameters: item.parameters, exports: exports, imports: imports, dependsOn: dependsOn.sorted(),
                terminationProtection: stage.database.deletionProtection,
                stackPolicy: stage.database.deletionProtection ? StackPolicy.protecting(json) : nil)
            if stack.bodyBytes > Template.Limits.urlBodyBytes {
                throw Synthesizer.Failure(
                    message:
                        "stack \(name) would be \(stack.bodyBytes) bytes; CloudFormation accepts at most \(Template.Limits.urlBodyBytes)"
                )
            }
            stacks.append(stack)
        }
        return stacks
    }

    private func checkLimits(_ template: Template, stack: String) throws(Synthesizer.Failure) {
        if template.resources.count > Template.Limits.resources {
            throw Synthesizer.Failure(
                message:
                    "stack \(stack) would have \(template.resources.count) resources; CloudFormation allows \(Template.Limits.resources)"
            )
        }
        if template.outputs.count > Template.Limits.outputs {
            throw Synthesizer.Failure(
                message:
                    "stack \(stack) would have \(template.outputs.count) outputs; CloudFormation allows \(Template.Limits.outputs)"
            )
        }
    }
}

/// Reads exports and imports back out of template JSON.
enum TemplateScan {
    static func exports(_ json: JSONValue) -> [String] {
        (json["Outputs"]?.objectValue ?? [:]).values.compactMap { $0["Export"]?["Name"]?.stringValue }.sorted()
    }

    static func imports(_ json: JSONValue) -> [String] {
        var found = Set<String>()
        collectImports(json, into: &found)
        return found.sorted()
    }

    private static func collectImports(_ value: JSONValue, into found: inout Set<String>) {
        switch value {
        case .object(let members):
            if members.count == 1, let name = members["Fn::ImportValue"]?.stringValue { found.insert(name) }
            for member in members.values { collectImports(member, into: &found) }
        case .array(let elements):
            for element in elements { collectImports(element, into: &found) }
        default: break
        }
    }
}
