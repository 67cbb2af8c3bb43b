/// Reads `ballast.yaml`: the project name and its stages.
enum ProjectFileReading {
    static let path = "ballast.yaml"
    static let stageKeys = [
        "branch", "region", "network", "database", "monitoring", "rollout", "approval", "prune", "allowRewind",
        "cloudFormationRole",
    ]
    static let networkKeys = ["cidr", "azs", "natGateways", "subnets"]
    static let subnetKeys = ["private", "isolated", "public"]
    static let databaseKeys = ["instanceClass", "storageGiB", "multiAz", "deletionProtection"]
    static let monitoringKeys = ["email"]

    struct ProjectFile {
        var project: Located<String>
        var stages: [Stage]
        var stageRollouts: [String: RolloutSettings]
        /// Every stage name written, including stages left out of `stages` for their errors, so
        /// that references to them are not reported a second time as unknown.
        var declaredStageNames: [String]
    }

    static func read(_ root: YAMLValue, sink: DiagnosticSink) -> ProjectFile? {
        guard let file = MappingReader(root, context: "ballast.yaml", allowedKeys: ["project", "stages"], sink: sink)
        else { return nil }
        let project = file.string("project", required: true)
        if let project { NameRules.checkProject(project, sink: sink) }
        var stages: [Stage] = []
        var rollouts: [String: RolloutSettings] = [:]
        var declared: [String] = []
        var branches: [String: String] = [:]
        if let stagesValue = file.required("stages") {
            if case .mapping(let mapping) = stagesValue.node, mapping.count == 0 {
                sink.report(stagesValue.position, "'stages' must name at least one stage")
            }
            if case .mapping(let mapping) = stagesValue.node {
                for (keyNode, valueNode) in mapping {
                    let key = YAMLValue(node: keyNode, file: path)
                    guard let name = ScalarReading.string(key, what: "a stage name", sink: sink) else { continue }
                    NameRules.checkStage(name, sink: sink)
                    declared.append(name.value)
                    let stageValue = YAMLValue(node: valueNode, file: path)
                    if let branch = stageValue.node["branch"].map({ YAMLValue(node: $0, file: path) }),
                        let text = branch.scalarText
                    {
                        if let other = branches[text] {
                            sink.report(
                                branch.position,
                                "stages '\(other)' and '\(name.value)' both deploy branch '\(text)'; each branch feeds one stage"
                            )
                        } else {
                            branches[text] = name.value
                        }
                    }
                    if let (stage, rollout) = readStage(name, stageValue, sink: sink) {
                        stages.append(stage)
                        rollouts[stage.name] = rollout
                    }
                }
            } else {
                sink.report(
                    stagesValue.position,
                    "'stages' must be a mapping of stage names to settings, found \(stagesValue.found)")
            }
        }
        guard let project else { return nil }
        return ProjectFile(project: project, stages: stages, stageRollouts: rollouts, declaredStageNames: declared)
    }

    private static func readStage(_ name: Located<String>, _ value: YAMLValue, sink: DiagnosticSink)
        -> (Stage, RolloutSettings)?
    {
        let context = "stage '\(name.value)'"
        guard let reader = MappingReader(value, context: context, allowedKeys: stageKeys, sink: sink) else {
            return nil
        }
        let branch = reader.string("branch", required: true)
        if let branch { NameRules.checkBranch(branch, sink: sink) }
        var region = reader.string("region", required: true)
        if let written = region, !AWSRegion.known.contains(written.value) {
            sink.report(
                written.position ?? reader.position,
                "'region' must be an AWS region code such as us-east-1 or eu-central-1, found '\(written.value)'\(Suggestion.phrase(for: written.value, in: AWSRegion.known))"
            )
            region = nil
        }
        let network = reader.mapping(
            "network", context: "network of \(context)", allowedKeys: networkKeys, required: true
        )
        .flatMap { readNetwork($0, sink: sink) }
        let database =
            reader.mapping("database", context: "database settings of \(context)", allowedKeys: databaseKeys)
            .map { readDatabaseSettings($0) }
            ?? DatabaseSettings(
                instanceClass: "db.t4g.micro", storageGiB: 20, multiAz: false, deletionProtection: false)
        let monitoring = reader.mapping(
            "monitoring", context: "monitoring of \(context)", allowedKeys: monitoringKeys, required: true)
        var email: Located<String>?
        if let monitoring {
            email = monitoring.string("email", required: true)
            if let address = email, !NameRules.isPlausibleEmail(address.value) {
                sink.report(
                    address.position ?? monitoring.position,
                    "'email' must be an e-mail address such as ops@example.com, found '\(address.value)'")
                email = nil
            }
        }
        var rollout: RolloutSettings? = RolloutSettings(strategy: .allAtOnce)
        if let rolloutReader = reader.mapping(
            "rollout", context: "rollout of \(context)", allowedKeys: RolloutReading.keys)
        {
            rollout = RolloutReading.read(rolloutReader, requireStrategy: true, sink: sink)
        }
        var approval = Stage.Approval.auto
        if let text = reader.string("approval") {
            if let value = Stage.Approval(rawValue: text.value) {
                approval = value
            } else {
                sink.report(
                    text.position ?? reader.position, "'approval' must be auto or manual, found '\(text.value)'")
            }
        }
        let prune = reader.boolean("prune")?.value ?? false
        let allowRewind = reader.boolean("allowRewind")?.value ?? false
        var cloudFormationRole = reader.string("cloudFormationRole")
        if let role = cloudFormationRole, !NameRules.isRoleArn(role.value) {
            sink.report(
                role.position ?? reader.position,
                "'cloudFormationRole' must be an IAM role ARN such as arn:aws:iam::123456789012:role/ballast-cloudformation, found '\(role.value)'"
            )
            cloudFormationRole = nil
        }
        guard let branch, let region, let network, let email, let rollout, let strategy = rollout.strategy else {
            return nil
        }
        let stage = Stage(
            name: name.value, branch: branch.value, region: region.value, network: network,
            database: database, monitoring: MonitoringSettings(email: email.value), rollout: strategy,
            approval: approval, prune: prune, allowRewind: allowRewind, onNoTraffic: rollout.onNoTraffic ?? .proceed,
            cloudFormationRole: cloudFormationRole?.value, position: name.position, probeEvery: rollout.probeEvery,
            onNoTrafficPosition: rollout.onNoTrafficPosition)
        return (stage, rollout)

        func readDatabaseSettings(_ settings: MappingReader) -> DatabaseSettings {
            var instanceClass = settings.string("instanceClass")?.value ?? "db.t4g.micro"
            if let written = settings.string("instanceClass"), !NameRules.isInstanceClass(written.value) {
                sink.report(
                    written.position ?? settings.position,
                    "'instanceClass' must be an RDS instance class such as db.t4g.micro or db.r6g.large, found '\(written.value)'"
                )
                instanceClass = "db.t4g.micro"
            }
            return DatabaseSettings(
                instanceClass: instanceClass,
                storageGiB: settings.integer("storageGiB", in: 20...65536, unit: " GiB")?.value ?? 20,
                multiAz: settings.boolean("multiAz")?.value ?? false,
                deletionProtection: settings.boolean("deletionProtection")?.value ?? false)
        }
    }

    /// The prefix lengths AWS allows for a VPC and for each of its subnets.
    static let subnetPrefixes = 16...28

    private static func readNetwork(_ reader: MappingReader, sink: DiagnosticSink) -> NetworkSettings? {
        let cidrText = reader.string("cidr", required: true)
        var cidr: IPv4Block?
        if let cidrText {
            cidr = parseBlock(cidrText, what: "'cidr'", sink: sink)
            if let block = cidr, !subnetPrefixes.contains(block.prefixLength) {
                sink.report(
                    cidrText.position ?? reader.position,
                    "'cidr' must have a prefix from /16 to /28 (the sizes AWS allows for a VPC), found /\(block.prefixLength)"
                )
                cidr = nil
            }
        }
        let zones = reader.integer("azs", in: 1...6, unit: " (availability zones; no region offers more than 6)")
        let nat = reader.integer("natGateways", in: 0...6, unit: "")
        let azCount = zones?.value ?? 2
        // With an invalid 'azs' (already reported) the count is unknown: nothing to compare with.
        let zonesKnown = zones != nil || !reader.has("azs")
        if let nat, zonesKnown, nat.value > azCount {
            sink.report(
                nat.position ?? reader.position,
                "'natGateways' must not exceed 'azs' (\(azCount)): at most one NAT gateway per availability zone")
        }
        var explicit: SubnetLayout?
        if let subnets = reader.mapping("subnets", context: "'subnets'", allowedKeys: subnetKeys) {
            guard let layout = readSubnets(subnets, zones: zonesKnown ? azCount : nil, vpc: cidr, sink: sink) else {
                return nil
            }
            explicit = layout
            if layout.public.isEmpty, let nat, nat.value > 0 {
                sink.report(
                    nat.position ?? reader.position,
                    "'natGateways' needs public subnets: add a 'public' list under 'subnets'")
                return nil
            }
        }
        guard let cidr else { return nil }
        let layout: SubnetLayout
        if let explicit {
            layout = explicit
        } else if let derived = SubnetLayout.derived(from: cidr, zones: azCount) {
            layout = derived
        } else {
            sink.report(
                cidrText?.position ?? reader.position,
                "'cidr' \(cidr) is too small for Ballast's subnet layout (32 blocks of at least /28): use /23 or larger, or list the blocks under 'subnets'"
            )
            return nil
        }
        return NetworkSettings(cidr: cidr, availabilityZones: azCount, natGateways: nat?.value ?? 0, subnets: layout)
    }

    /// Reads explicit subnet blocks and checks that each lies inside the VPC, that no two
    /// overlap, and that each tier has one block per zone (when the zone count is known).
    private static func readSubnets(_ reader: MappingReader, zones: Int?, vpc: IPv4Block?, sink: DiagnosticSink)
        -> SubnetLayout?
    {
        var tiers: [String: [Located<IPv4Block>]] = [:]
        var valid = true
        for tier in subnetKeys {
            guard let value = tier == "public" ? reader.optional(tier) : reader.required(tier) else {
                valid = valid && tier == "public"
                continue
            }
            guard let list = ScalarReading.stringList(value, what: "'\(tier)'", sink: sink) else {
                valid = false
                continue
            }
            if let zones, list.count != zones {
                sink.report(
                    value.position,
                    "'\(tier)' must list one block per availability zone (\(zones)), found \(list.count)")
                valid = false
            }
            tiers[tier] = list.compactMap { text in
                guard let block = parseBlock(text, what: "each entry of '\(tier)'", sink: sink) else {
                    valid = false
                    return nil
                }
                guard Self.subnetPrefixes.contains(block.prefixLength) else {
                    sink.report(
                        text.position ?? reader.position,
                        "subnet \(block) in '\(tier)' must have a prefix from /\(Self.subnetPrefixes.lowerBound) to /\(Self.subnetPrefixes.upperBound) (the sizes AWS allows for a subnet), found /\(block.prefixLength)"
                    )
                    valid = false
                    return nil
                }
                return Located(block, at: text.position)
            }
        }
        let all = subnetKeys.flatMap { tiers[$0] ?? [] }
        for (index, block) in all.enumerated() {
            let position = block.position ?? reader.position
            if let vpc, !vpc.contains(block.value) {
                sink.report(position, "subnet \(block.value) is not inside the VPC's cidr \(vpc)")
                valid = false
            }
            if let other = all[..<index].first(where: { $0.value.overlaps(block.value) }) {
                sink.report(position, "subnet \(block.value) overlaps subnet \(other.value)")
                valid = false
            }
        }
        guard valid else { return nil }
        return SubnetLayout(
            private: (tiers["private"] ?? []).map(\.value), isolated: (tiers["isolated"] ?? []).map(\.value),
            public: (tiers["public"] ?? []).map(\.value))
    }

    static func parseBlock(_ text: Located<String>, what: String, sink: DiagnosticSink) -> IPv4Block? {
        let position = text.position ?? SourcePosition(file: path, line: 0, column: 0)
        if let block = IPv4Block(text.value) { return block }
        if let network = IPv4Block(networkOf: text.value) {
            sink.report(
                position,
                "\(what) must be a CIDR block with no host bits set, found '\(text.value)'; did you mean \(network)?")
        } else {
            sink.report(position, "\(what) must be an IPv4 CIDR block such as 10.10.0.0/16, found '\(text.value)'")
        }
        return nil
    }
}
