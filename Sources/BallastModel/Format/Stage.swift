/// One environment: a branch deployed to a region with its own network, database sizing,
/// alarm e-mail and rollout policy (`stages.<name>` in `ballast.yaml`).
public struct Stage: Sendable, Hashable {
    /// The stage name (`dev`, `prod`).
    public var name: String
    /// The Git branch this stage deploys from.
    public var branch: String
    /// The AWS region.
    public var region: String
    /// The VPC.
    public var network: NetworkSettings
    /// Sizing and protection of every database in this stage.
    public var database: DatabaseSettings
    /// Where alarms notify.
    public var monitoring: MonitoringSettings
    /// The default rollout of a new handler image or configuration.
    public var rollout: RolloutStrategy
    /// What rollouts do when the new version gets no traffic during a step, unless the
    /// function's rollout says otherwise.
    public var onNoTraffic: NoTrafficPolicy
    /// The time between probes with `onNoTraffic: probe`, unless the function's rollout says
    /// otherwise; nil: the default.
    public var probeEvery: Duration?
    /// Where the stage's `onNoTraffic` was written, for errors about it.
    public var onNoTrafficPosition: SourcePosition?
    /// Whether a plan is applied at once or waits for `ballast approve`.
    public var approval: Approval
    /// Whether stacks that are no longer desired are deleted (otherwise only reported).
    public var prune: Bool
    /// Whether a branch that moved to a non-descendant commit (a force push) is applied.
    public var allowRewind: Bool
    /// The IAM role CloudFormation assumes to create, update and delete the stage's stacks
    /// (`RoleARN` of every change set); nil: CloudFormation acts with Ballast's own credentials.
    public var cloudFormationRole: String?
    /// Where the stage was declared.
    public var position: SourcePosition?

    /// How plans of a stage are approved.
    public enum Approval: String, Sendable, Hashable, CaseIterable {
        /// Applied as soon as the plan is computed.
        case auto
        /// Applied only after `ballast approve --stage S --commit SHA`.
        case manual
    }

    /// Creates a stage.
    public init(
        name: String, branch: String, region: String, network: NetworkSettings, database: DatabaseSettings,
        monitoring: MonitoringSettings, rollout: RolloutStrategy, approval: Approval = .auto,
        prune: Bool = false, allowRewind: Bool = false, onNoTraffic: NoTrafficPolicy = .proceed,
        cloudFormationRole: String? = nil, position: SourcePosition? = nil, probeEvery: Duration? = nil,
        onNoTrafficPosition: SourcePosition? = nil
    ) {
        self.onNoTraffic = onNoTraffic
        self.probeEvery = probeEvery
        self.onNoTrafficPosition = onNoTrafficPosition
        self.name = name
        self.branch = branch
        self.region = region
        self.network = network
        self.database = database
        self.monitoring = monitoring
        self.rollout = rollout
        self.approval = approval
        self.prune = prune
        self.allowRewind = allowRewind
        self.cloudFormationRole = cloudFormationRole
        self.position = position
    }
}

/// The stage's VPC (`network:`).
public struct NetworkSettings: Sendable, Hashable {
    /// The VPC's CIDR block.
    public var cidr: IPv4Block
    /// How many availability zones the subnets span (1–6).
    public var availabilityZones: Int
    /// NAT gateways (0 means no internet egress from the private subnets).
    public var natGateways: Int
    /// Subnet blocks per tier, one per availability zone, in zone order.
    public var subnets: SubnetLayout

    /// Creates network settings.
    public init(cidr: IPv4Block, availabilityZones: Int, natGateways: Int, subnets: SubnetLayout) {
        self.cidr = cidr
        self.availabilityZones = availabilityZones
        self.natGateways = natGateways
        self.subnets = subnets
    }
}

/// The subnets of a VPC, one per availability zone in each tier.
public struct SubnetLayout: Sendable, Hashable {
    /// Lambda subnets (egress through NAT when there is one).
    public var `private`: [IPv4Block]
    /// Database subnets, no route out of the VPC.
    public var isolated: [IPv4Block]
    /// Public subnets for NAT gateways (used only when `natGateways > 0`).
    public var `public`: [IPv4Block]

    /// Creates a layout.
    public init(private: [IPv4Block], isolated: [IPv4Block], public: [IPv4Block]) {
        self.private = `private`
        self.isolated = isolated
        self.public = `public`
    }

    /// The layout Ballast derives when none is written: the VPC is cut into 32 equal blocks,
    /// zone `z` of tier `t` (private 0, isolated 1, public 2) taking block `t * 8 + z`. The slot
    /// of a subnet never depends on how many zones or tiers exist, so adding a zone or a NAT
    /// gateway later never changes (and so never replaces) an existing subnet. Nil when the
    /// VPC is too small (blocks would be smaller than /28).
    public static func derived(from vpc: IPv4Block, zones: Int) -> SubnetLayout? {
        let prefix = vpc.prefixLength + 5
        guard prefix <= 28 else { return nil }
        func tier(_ t: Int) -> [IPv4Block] {
            (0..<zones).compactMap { vpc.subnet(prefixLength: prefix, index: t * 8 + $0) }
        }
        return SubnetLayout(private: tier(0), isolated: tier(1), public: tier(2))
    }
}

/// Size and protection of the stage's databases (`database:`).
public struct DatabaseSettings: Sendable, Hashable {
    /// The RDS instance class, e.g. `db.t4g.micro`.
    public var instanceClass: String
    /// Allocated storage in GiB.
    public var storageGiB: Int
    /// A standby in a second availability zone.
    public var multiAz: Bool
    /// RDS deletion protection; also turns on stack termination protection and a stack policy.
    public var deletionProtection: Bool

    /// Creates database settings.
    public init(instanceClass: String, storageGiB: Int, multiAz: Bool, deletionProtection: Bool) {
        self.instanceClass = instanceClass
        self.storageGiB = storageGiB
        self.multiAz = multiAz
        self.deletionProtection = deletionProtection
    }
}

/// Where the stage's alarms notify (`monitoring:`).
public struct MonitoringSettings: Sendable, Hashable {
    /// The e-mail address subscribed to the stage's alarm topic.
    public var email: String

    /// Creates monitoring settings.
    public init(email: String) {
        self.email = email
    }
}
