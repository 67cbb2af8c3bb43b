import BallastModel

/// The rules of the desired-state format restated over a loaded `DesiredState`, independently
/// of the loader: whatever the loader accepts must satisfy every one of them.
enum StateInvariants {
    static let reservedEnvironment: Set<String> = [
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_NAME", "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "LAMBDA_TASK_ROOT", "_HANDLER",
        "DB_SECRET_ARN", "DB_HOST", "DB_PORT", "DB_NAME",
    ]
    static let stepRange: ClosedRange<Duration> = .seconds(1)...(.seconds(24 * 3600))

    /// Every rule the state breaks, as sentences; empty when it keeps them all.
    static func violations(of state: DesiredState) -> [String] {
        var found: [String] = []
        let stageNames = Set(state.stages.map(\.name))
        let databaseNames = state.databases.map(\.name)
        if Set(state.stages.map(\.branch)).count != state.stages.count {
            found.append("two stages deploy one branch")
        }
        if Set(databaseNames).count != databaseNames.count { found.append("duplicate database names") }
        if Set(state.functions.map(\.name)).count != state.functions.count { found.append("duplicate function names") }
        for stage in state.stages {
            found += violations(of: stage)
        }
        for function in state.functions {
            if let database = function.database, !databaseNames.contains(database.value) {
                found.append("function \(function.name) names missing database \(database.value)")
            }
            for stage in function.stageOverrides.keys where !stageNames.contains(stage) {
                found.append("function \(function.name) overrides unknown stage \(stage)")
            }
            for stage in state.stages {
                found += violations(of: function.resolved(for: stage), project: state.project, in: stage)
            }
        }
        for database in state.databases {
            for stage in state.stages {
                let identifier = "\(state.project)-\(stage.name)-\(database.name)"
                let scalars = identifier.unicodeScalars
                let wellFormed =
                    identifier.count <= 63 && scalars.first.map { ("a"..."z").contains($0) } == true
                    && scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
                    && !identifier.contains("--") && !identifier.hasSuffix("-")
                if !wellFormed { found.append("RDS identifier \(identifier) is invalid") }
            }
        }
        for template in state.templates
        where ["network", "database", "compute", "api", "monitoring"].contains(template.name) {
            found.append("template \(template.name) takes a Ballast stack name")
        }
        return found
    }

    private static func violations(of stage: Stage) -> [String] {
        var found: [String] = []
        let network = stage.network
        if !AWSRegion.known.contains(stage.region) { found.append("stage \(stage.name): unknown region") }
        if !(1...6).contains(network.availabilityZones) { found.append("stage \(stage.name): azs out of range") }
        if network.natGateways < 0 || network.natGateways > network.availabilityZones {
            found.append("stage \(stage.name): natGateways out of range")
        }
        if !(16...28).contains(network.cidr.prefixLength) { found.append("stage \(stage.name): VPC prefix") }
        let tiers = [network.subnets.private, network.subnets.isolated]
        if tiers.contains(where: { $0.count != network.availabilityZones }) {
            found.append("stage \(stage.name): subnets do not match the zones")
        }
        let blocks = network.subnets.private + network.subnets.isolated + network.subnets.public
        for (index, block) in blocks.enumerated() {
            if !network.cidr.contains(block) { found.append("stage \(stage.name): subnet \(block) outside the VPC") }
            if blocks[..<index].contains(where: { $0.overlaps(block) }) {
                found.append("stage \(stage.name): subnet \(block) overlaps another")
            }
        }
        if network.natGateways > 0, network.subnets.public.count != network.availabilityZones {
            found.append("stage \(stage.name): NAT gateways without public subnets")
        }
        found += violations(of: stage.rollout, where: "stage \(stage.name)")
        return found
    }

    private static func violations(of function: ResolvedFunction, project: String, in stage: Stage) -> [String] {
        var found: [String] = []
        let place = "function \(function.name) in \(stage.name)"
        if function.image.region != stage.region { found.append("\(place): image in \(function.image.region)") }
        if !(128...10240).contains(function.memoryMiB) { found.append("\(place): memory \(function.memoryMiB)") }
        if !((.seconds(1))...(.seconds(900))).contains(function.timeout) { found.append("\(place): timeout") }
        let lambdaName = "\(project)-\(stage.name)-\(function.name)"
        let lambdaCharacters = lambdaName.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
        if lambdaName.count > 64 || !lambdaCharacters { found.append("\(place): Lambda name \(lambdaName)") }
        for name in function.environment.keys where reservedEnvironment.contains(name) {
            found.append("\(place): reserved environment variable \(name)")
        }
        found += violations(of: function.rollout, where: place)
        return found
    }

    private static func violations(of rollout: RolloutStrategy, where place: String) -> [String] {
        switch rollout {
        case .allAtOnce:
            return []
        case .canary(let percent, let step), .linear(let percent, let step):
            var found: [String] = []
            if !(1...99).contains(percent) { found.append("\(place): rollout percent \(percent)") }
            if !stepRange.contains(step) { found.append("\(place): rollout step \(step)") }
            return found
        }
    }
}
