import BallastModel

/// One handler: an execution role allowed exactly its logs, VPC networking and its database
/// secret; a log group with retention; the function from its container image in the private
/// subnets. No alias: Ballast itself creates and moves `live`.
struct Function {
    let naming: Naming
    let function: ResolvedFunction
    let database: DatabaseSpec?
    /// The image to deploy (pinned to a digest when one was resolved).
    let image: ImageReference
    let logRetentionDays: Int

    var id: String { Naming.logicalId(function.name) }

    func add(to template: inout Template) {
        let role = "\(id)Role"
        let logGroup = "\(id)LogGroup"
        let functionName = naming.functionName(function.name)
        var policies: [JSONValue] = [
            policy(
                "logs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resource: .getAtt(logGroup, "Arn")),
            policy(
                "vpc-networking",
                actions: [
                    "ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
                    "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses",
                ],
                resource: "*"),
        ]
        var environment = function.environment.mapValues(JSONValue.string)
        if let database {
            let secretArn = JSONValue.importValue(Database.exportName(naming, database: database.name, .secretArn))
            policies.append(policy("database-secret", actions: ["secretsmanager:GetSecretValue"], resource: secretArn))
            environment["DB_SECRET_ARN"] = secretArn
            environment["DB_HOST"] = .importValue(Database.exportName(naming, database: database.name, .endpoint))
            environment["DB_PORT"] = .importValue(Database.exportName(naming, database: database.name, .port))
            environment["DB_NAME"] = .string(database.databaseName)
        }
        template.add(
            role,
            Resource(
                "AWS::IAM::Role",
                [
                    "Description": .string("Execution role of \(functionName)"),
                    "AssumeRolePolicyDocument": ServiceTrust.policy("lambda.amazonaws.com"),
                    "Policies": .array(policies),
                ]))
        template.add(
            logGroup,
            Resource(
                "AWS::Logs::LogGroup",
                ["LogGroupName": .string("/aws/lambda/\(functionName)"), "RetentionInDays": .integer(logRetentionDays)])
        )
        var properties: [String: JSONValue] = [
            "FunctionName": .string(functionName),
            "PackageType": "Image",
            "Code": ["ImageUri": .string(image.description)],
            "MemorySize": .integer(function.memoryMiB),
            "Timeout": .integer(function.timeoutSeconds),
            "Role": .getAtt(role, "Arn"),
            "VpcConfig": [
                "SubnetIds": .split(",", .importValue(Network.exportName(naming, .privateSubnetIds))),
                "SecurityGroupIds": [.importValue(Network.exportName(naming, .lambdaSecurityGroupId))],
            ],
        ]
        if !environment.isEmpty { properties["Environment"] = ["Variables": .object(environment)] }
        // The log group first, or Lambda creates it on first invocation and the stack cannot.
        template.add(
            Naming.LogicalId.function(function.name),
            Resource("AWS::Lambda::Function", properties, dependsOn: [logGroup]))
    }

    private func policy(_ name: String, actions: [String], resource: JSONValue) -> JSONValue {
        [
            "PolicyName": .string(name),
            "PolicyDocument": [
                "Version": "2012-10-17",
                "Statement": [
                    ["Effect": "Allow", "Action": .array(actions.map(JSONValue.string)), "Resource": resource]
                ],
            ],
        ]
    }

    /// The qualified ARN of the function's alias `live`, which API Gateway invokes.
    static func liveAliasArn(_ naming: Naming, _ name: String) -> JSONValue {
        .sub(
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:\(naming.functionName(name)):\(Naming.liveAlias)"
        )
    }
}
