import BallastModel

/// The stage's VPC: per availability zone a private subnet (Lambdas) and an isolated subnet
/// (databases), each with its own route table; public subnets, an internet gateway and NAT
/// gateways only when asked for; the three security groups; the Secrets Manager interface
/// endpoint (so handlers reach their secret with no NAT gateway).
struct Network {
    let naming: Naming
    let settings: NetworkSettings

    /// Values other stacks import.
    enum Export: String, CaseIterable {
        case vpcId = "VpcId"
        case privateSubnetIds = "PrivateSubnetIds"
        case isolatedSubnetIds = "IsolatedSubnetIds"
        case lambdaSecurityGroupId = "LambdaSecurityGroupId"
        case databaseSecurityGroupId = "DatabaseSecurityGroupId"
    }

    static func exportName(_ naming: Naming, _ export: Export) -> String {
        naming.exportName("network", export.rawValue)
    }

    func build() -> Template {
        var template = Template(
            description: "Ballast \(naming.prefix): network (VPC \(settings.cidr), \(settings.availabilityZones) AZs)")
        template.add(
            "Vpc",
            Resource(
                "AWS::EC2::VPC",
                [
                    "CidrBlock": .string(settings.cidr.description), "EnableDnsHostnames": true,
                    "EnableDnsSupport": true, "Tags": nameTag(naming.prefix),
                ]))
        let zones = 0..<settings.availabilityZones
        let hasNat = settings.natGateways > 0
        if hasNat { addInternetAccess(to: &template) }
        for zone in zones {
            addSubnet(tier: "Private", zone: zone, block: settings.subnets.private[zone], to: &template)
            addSubnet(tier: "Isolated", zone: zone, block: settings.subnets.isolated[zone], to: &template)
            if hasNat {
                // Private subnets reach the internet through a NAT gateway, spread over the zones.
                let natZone = zone % settings.natGateways
                template.add(
                    "PrivateSubnet\(zone + 1)DefaultRoute",
                    Resource(
                        "AWS::EC2::Route",
                        [
                            "RouteTableId": .ref("PrivateSubnet\(zone + 1)RouteTable"),
                            "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": .ref("NatGateway\(natZone + 1)"),
                        ]))
            }
        }
        addSecurityGroups(to: &template)
        template.add(
            "SecretsManagerEndpoint",
            Resource(
                "AWS::EC2::VPCEndpoint",
                [
                    "ServiceName": .sub("com.amazonaws.${AWS::Region}.secretsmanager"),
                    "VpcEndpointType": "Interface", "VpcId": .ref("Vpc"), "PrivateDnsEnabled": true,
                    "SubnetIds": .array(zones.map { .ref("PrivateSubnet\($0 + 1)") }),
                    "SecurityGroupIds": [.getAtt("EndpointSecurityGroup", "GroupId")],
                ]))
        func export(_ export: Export, _ value: JSONValue, _ description: String) {
            template.output(export.rawValue, value, export: Self.exportName(naming, export), description: description)
        }
        export(.vpcId, .ref("Vpc"), "The VPC")
        export(
            .privateSubnetIds, .join(",", zones.map { .ref("PrivateSubnet\($0 + 1)") }),
            "Lambda subnets, comma-separated")
        export(
            .isolatedSubnetIds, .join(",", zones.map { .ref("IsolatedSubnet\($0 + 1)") }),
            "Database subnets, comma-separated")
        export(.lambdaSecurityGroupId, .getAtt("LambdaSecurityGroup", "GroupId"), "Security group of the handlers")
        export(.databaseSecurityGroupId, .getAtt("DatabaseSecurityGroup", "GroupId"), "Security group of the databases")
        return template
    }

    private func nameTag(_ name: String) -> JSONValue {
        [["Key": "Name", "Value": .string(name)]]
    }

    private func addSubnet(tier: String, zone: Int, block: IPv4Block, to template: inout Template) {
        let id = "\(tier)Subnet\(zone + 1)"
        template.add(
            id,
            Resource(
                "AWS::EC2::Subnet",
                [
                    "VpcId": .ref("Vpc"), "CidrBlock": .string(block.description),
                    "AvailabilityZone": .select(zone, .availabilityZones),
                    "MapPublicIpOnLaunch": .bool(tier == "Public"),
                    "Tags": nameTag("\(naming.prefix)-\(tier.lowercased())-\(zone + 1)"),
                ]))
        template.add(
            "\(id)RouteTable",
            Resource(
                "AWS::EC2::RouteTable",
                ["VpcId": .ref("Vpc"), "Tags": nameTag("\(naming.prefix)-\(tier.lowercased())-\(zone + 1)")]))
        template.add(
            "\(id)RouteTableAssociation",
            Resource(
                "AWS::EC2::SubnetRouteTableAssociation",
                ["SubnetId": .ref(id), "RouteTableId": .ref("\(id)RouteTable")]))
    }

    private func addInternetAccess(to template: inout Template) {
        template.add("InternetGateway", Resource("AWS::EC2::InternetGateway", ["Tags": nameTag(naming.prefix)]))
        template.add(
            "InternetGatewayAttachment",
            Resource(
                "AWS::EC2::VPCGatewayAttachment", ["VpcId": .ref("Vpc"), "InternetGatewayId": .ref("InternetGateway")]))
        for zone in 0..<settings.availabilityZones {
            addSubnet(tier: "Public", zone: zone, block: settings.subnets.public[zone], to: &template)
            template.add(
                "PublicSubnet\(zone + 1)DefaultRoute",
                Resource(
                    "AWS::EC2::Route",
                    [
                        "RouteTableId": .ref("PublicSubnet\(zone + 1)RouteTable"), "DestinationCidrBlock": "0.0.0.0/0",
                        "GatewayId": .ref("InternetGateway"),
                    ],
                    dependsOn: ["InternetGatewayAttachment"]))
        }
        for nat in 0..<settings.natGateways {
            template.add(
                "NatGateway\(nat + 1)Address",
                Resource(
                    "AWS::EC2::EIP", ["Domain": "vpc", "Tags": nameTag("\(naming.prefix)-nat-\(nat + 1)")],
                    dependsOn: ["InternetGatewayAttachment"]))
            template.add(
                "NatGateway\(nat + 1)",
                Resource(
                    "AWS::EC2::NatGateway",
                    [
                        "AllocationId": .getAtt("NatGateway\(nat + 1)Address", "AllocationId"),
                        "SubnetId": .ref("PublicSubnet\(nat + 1)"), "Tags": nameTag("\(naming.prefix)-nat-\(nat + 1)"),
                    ]))
        }
    }

    private func addSecurityGroups(to template: inout Template) {
        template.add(
            "LambdaSecurityGroup",
            Resource(
                "AWS::EC2::SecurityGroup",
                [
                    "GroupDescription": .string("\(naming.prefix) handlers: egress only"), "VpcId": .ref("Vpc"),
                    "SecurityGroupEgress": [["IpProtocol": "-1", "CidrIp": "0.0.0.0/0", "Description": "All egress"]],
                    "Tags": nameTag("\(naming.prefix)-lambda"),
                ]))
        template.add(
            "DatabaseSecurityGroup",
            Resource(
                "AWS::EC2::SecurityGroup",
                [
                    "GroupDescription": .string("\(naming.prefix) databases: Postgres from the handlers only"),
                    "VpcId": .ref("Vpc"),
                    "SecurityGroupIngress": [
                        [
                            "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
                            "SourceSecurityGroupId": .getAtt("LambdaSecurityGroup", "GroupId"),
                            "Description": "Postgres from the handlers",
                        ]
                    ],
                    "Tags": nameTag("\(naming.prefix)-database"),
                ]))
        template.add(
            "EndpointSecurityGroup",
            Resource(
                "AWS::EC2::SecurityGroup",
                [
                    "GroupDescription": .string("\(naming.prefix) interface endpoints: HTTPS from the handlers only"),
                    "VpcId": .ref("Vpc"),
                    "SecurityGroupIngress": [
                        [
                            "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                            "SourceSecurityGroupId": .getAtt("LambdaSecurityGroup", "GroupId"),
                            "Description": "HTTPS from the handlers",
                        ]
                    ],
                    "Tags": nameTag("\(naming.prefix)-endpoints"),
                ]))
    }
}
