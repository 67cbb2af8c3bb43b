import BallastTestSupport
import Foundation

/// An IAM policy document from `controller/`, its `${Placeholder}`s filled, asked whether it
/// allows an action on a resource the way IAM matches them: actions case-insensitively,
/// resources case-sensitively, `*` and `?` as wildcards. Conditions are not evaluated (a
/// statement with one counts as allowing), and there are no Deny statements to honour.
struct IAMPolicy {
    struct Statement {
        var sid: String
        var actions: [String]
        var resources: [String]
    }

    let statements: [Statement]

    /// Reads `controller/<name>` and replaces every `${Key}` of `values`.
    init(_ name: String, values: [String: String]) throws {
        var text = try String(
            contentsOf: LoopbackPeer.repositoryRoot.appendingPathComponent("controller/\(name)"), encoding: .utf8)
        for (key, value) in values {
            text = text.replacingOccurrences(of: "${\(key)}", with: value)
        }
        let document = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        func list(_ value: Any?) -> [String] { (value as? [String]) ?? (value as? String).map { [$0] } ?? [] }
        statements = (document["Statement"] as? [[String: Any]] ?? []).map {
            Statement(sid: $0["Sid"] as? String ?? "", actions: list($0["Action"]), resources: list($0["Resource"]))
        }
    }

    /// Whether some statement allows `action` on `resource` ("*": a call that names no resource).
    func allows(_ action: String, on resource: String) -> Bool {
        statements.contains { statement in
            statement.actions.contains { Self.matches($0.lowercased(), action.lowercased()) }
                && statement.resources.contains { Self.matches($0, resource) }
        }
    }

    /// Whether some statement allows `action` on any resource.
    func allows(_ action: String) -> Bool {
        statements.contains { $0.actions.contains { Self.matches($0.lowercased(), action.lowercased()) } }
    }

    /// IAM's wildcard match: `*` any run of characters, `?` any one.
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let expression = NSRegularExpression.escapedPattern(for: pattern)
            .replacingOccurrences(of: "\\*", with: ".*").replacingOccurrences(of: "\\?", with: ".")
        return text.range(of: "^\(expression)$", options: .regularExpression) != nil
    }
}

/// One AWS request the recording proxy saw, as IAM authorizes it: the action and the ARN of the
/// resource it acts on ("*" when it names none, or none that IAM can scope).
struct AuthorizedRequest: CustomStringConvertible {
    var action: String
    var resource: String
    /// The role the request hands to CloudFormation (`RoleARN`), which needs `iam:PassRole`.
    var passedRole: String?

    var description: String { "\(action) on \(resource)" }

    /// Nil for requests that need no permission (`sts:GetCallerIdentity`, web identity).
    init?(entry: [String: Any], account: String) {
        let service = entry["service"] as? String ?? "?"
        let operation = entry["operation"] as? String ?? "?"
        let region = entry["region"] as? String ?? "*"
        let params = entry["params"] as? [String: Any] ?? [:]
        let path = (entry["path"] as? String ?? "").split(separator: "?").first.map(String.init) ?? ""
        let segments = path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        switch service {
        case "STS":
            return nil
        case "CloudFormation":
            action = "cloudformation:\(operation)"
            if let stack = params["StackName"] as? String {
                resource =
                    stack.hasPrefix("arn:") ? stack : "arn:aws:cloudformation:\(region):\(account):stack/\(stack)/id"
            } else {
                resource = "*"
            }
            passedRole = params["RoleARN"] as? String
        case "Lambda":
            action = "lambda:\(operation)"
            if segments.count >= 3, segments[1] == "tags" {
                resource = segments[2...].joined(separator: "/")
            } else if segments.count >= 3, segments[1] == "functions" {
                resource = "arn:aws:lambda:\(region):\(account):function:\(segments[2])"
            } else {
                resource = "*"
            }
        case "CloudWatch":
            action = "cloudwatch:\(operation)"
            resource =
                (params["AlarmName"] as? String).map { "arn:aws:cloudwatch:\(region):\(account):alarm:\($0)" } ?? "*"
        case "ECR":
            action = "ecr:\(operation)"
            resource =
                (params["repositoryName"] as? String).map { "arn:aws:ecr:\(region):\(account):repository/\($0)" }
                ?? "*"
        case "S3":
            let method = entry["method"] as? String ?? ""
            let query = (entry["path"] as? String ?? "").split(separator: "?").dropFirst().first ?? ""
            resource = "arn:aws:s3:::" + segments.joined(separator: "/")
            switch (method, segments.count) {
            case ("PUT", 1): action = query.hasPrefix("versioning") ? "s3:PutBucketVersioning" : "s3:CreateBucket"
            case ("PUT", _): action = "s3:PutObject"
            default: action = "s3:GetObject"
            }
        default:
            action = "\(service.lowercased()):\(operation)"
            resource = "*"
        }
    }
}

/// The IAM actions CloudFormation calls, with the stage's service role, to create, update and
/// delete each resource type Ballast synthesizes, written after the `handlers.*.permissions` of
/// CloudFormation's resource provider schemas (which cfn-lint's copies leave out, so the list
/// cannot be generated here, and the emulator does not check permissions). A type missing here fails the policy test: whoever adds a type to the synthesizer must say
/// what deploying it takes, and `controller/cloudformation-execution-policy.json` must allow it.
enum ResourceTypePermissions {
    static let ec2Tags = ["ec2:CreateTags", "ec2:DeleteTags"]
    static let apiGateway = [
        "apigateway:GET", "apigateway:POST", "apigateway:PATCH", "apigateway:PUT", "apigateway:DELETE",
    ]

    static let byType: [String: [String]] = [
        "AWS::EC2::VPC": [
            "ec2:CreateVpc", "ec2:ModifyVpcAttribute", "ec2:DescribeVpcs", "ec2:DescribeVpcAttribute",
            "ec2:DeleteVpc",
        ] + ec2Tags,
        "AWS::EC2::Subnet": [
            "ec2:CreateSubnet", "ec2:ModifySubnetAttribute", "ec2:DescribeSubnets",
            "ec2:DescribeAvailabilityZones", "ec2:DeleteSubnet",
        ] + ec2Tags,
        "AWS::EC2::RouteTable": ["ec2:CreateRouteTable", "ec2:DescribeRouteTables", "ec2:DeleteRouteTable"] + ec2Tags,
        "AWS::EC2::SubnetRouteTableAssociation": [
            "ec2:AssociateRouteTable", "ec2:DisassociateRouteTable",
            "ec2:DescribeRouteTables",
        ],
        "AWS::EC2::Route": ["ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DeleteRoute", "ec2:DescribeRouteTables"],
        "AWS::EC2::SecurityGroup": [
            "ec2:CreateSecurityGroup", "ec2:DescribeSecurityGroups",
            "ec2:DescribeSecurityGroupRules", "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
            "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:DeleteSecurityGroup",
        ] + ec2Tags,
        "AWS::EC2::SecurityGroupIngress": [
            "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress",
            "ec2:DescribeSecurityGroupRules", "ec2:DescribeSecurityGroups",
        ],
        "AWS::EC2::SecurityGroupEgress": [
            "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupEgress",
            "ec2:DescribeSecurityGroupRules", "ec2:DescribeSecurityGroups",
        ],
        "AWS::EC2::VPCEndpoint": [
            "ec2:CreateVpcEndpoint", "ec2:ModifyVpcEndpoint", "ec2:DescribeVpcEndpoints",
            "ec2:DeleteVpcEndpoints", "route53:AssociateVPCWithHostedZone",
        ] + ec2Tags,
        "AWS::EC2::InternetGateway": [
            "ec2:CreateInternetGateway", "ec2:DescribeInternetGateways",
            "ec2:DeleteInternetGateway",
        ] + ec2Tags,
        "AWS::EC2::VPCGatewayAttachment": [
            "ec2:AttachInternetGateway", "ec2:DetachInternetGateway",
            "ec2:DescribeInternetGateways",
        ],
        "AWS::EC2::EIP": [
            "ec2:AllocateAddress", "ec2:ReleaseAddress", "ec2:DescribeAddresses",
            "ec2:DisassociateAddress",
        ] + ec2Tags,
        "AWS::EC2::NatGateway": ["ec2:CreateNatGateway", "ec2:DescribeNatGateways", "ec2:DeleteNatGateway"] + ec2Tags,
        "AWS::RDS::DBSubnetGroup": [
            "rds:CreateDBSubnetGroup", "rds:ModifyDBSubnetGroup", "rds:DescribeDBSubnetGroups",
            "rds:DeleteDBSubnetGroup", "rds:AddTagsToResource", "rds:RemoveTagsFromResource",
        ],
        "AWS::RDS::DBParameterGroup": [
            "rds:CreateDBParameterGroup", "rds:ModifyDBParameterGroup",
            "rds:DescribeDBParameterGroups", "rds:DescribeDBParameters", "rds:DescribeEngineDefaultParameters",
            "rds:DeleteDBParameterGroup", "rds:AddTagsToResource", "rds:RemoveTagsFromResource",
        ],
        "AWS::RDS::DBInstance": [
            "rds:CreateDBInstance", "rds:ModifyDBInstance", "rds:DescribeDBInstances",
            "rds:DescribeDBEngineVersions", "rds:DeleteDBInstance", "rds:CreateDBSnapshot", "rds:DescribeDBSnapshots",
            "rds:AddTagsToResource", "rds:RemoveTagsFromResource", "iam:PassRole", "kms:CreateGrant",
            "kms:DescribeKey", "secretsmanager:GetSecretValue",
        ],
        "AWS::SecretsManager::Secret": [
            "secretsmanager:CreateSecret", "secretsmanager:GetRandomPassword",
            "secretsmanager:DescribeSecret", "secretsmanager:UpdateSecret", "secretsmanager:DeleteSecret",
            "secretsmanager:TagResource", "secretsmanager:UntagResource",
        ],
        "AWS::SecretsManager::SecretTargetAttachment": [
            "secretsmanager:GetSecretValue",
            "secretsmanager:PutSecretValue", "secretsmanager:DescribeSecret", "rds:DescribeDBInstances",
        ],
        "AWS::IAM::Role": [
            "iam:CreateRole", "iam:GetRole", "iam:UpdateRole", "iam:UpdateRoleDescription",
            "iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy",
            "iam:ListRolePolicies", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:ListAttachedRolePolicies",
            "iam:TagRole", "iam:UntagRole", "iam:DeleteRole",
        ],
        "AWS::Logs::LogGroup": [
            "logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy",
            "logs:DescribeLogGroups", "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource",
            "logs:DeleteLogGroup",
        ],
        "AWS::Lambda::Function": [
            "lambda:CreateFunction", "lambda:GetFunction", "lambda:GetFunctionConfiguration",
            "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:TagResource",
            "lambda:UntagResource", "lambda:ListTags", "lambda:DeleteFunction", "iam:PassRole", "ecr:BatchGetImage",
            "ecr:GetDownloadUrlForLayer", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs",
        ],
        "AWS::Lambda::Permission": ["lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy"],
        "AWS::ApiGateway::RestApi": apiGateway,
        "AWS::ApiGateway::Resource": apiGateway,
        "AWS::ApiGateway::Method": apiGateway,
        "AWS::ApiGateway::Deployment": apiGateway,
        "AWS::ApiGateway::Stage": apiGateway,
        "AWS::CloudWatch::Alarm": [
            "cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms",
            "cloudwatch:TagResource", "cloudwatch:UntagResource", "cloudwatch:ListTagsForResource",
        ],
        "AWS::SNS::Topic": [
            "sns:CreateTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:DeleteTopic",
            "sns:TagResource", "sns:UntagResource", "sns:ListTagsForResource", "sns:ListTopics",
        ],
        "AWS::SNS::Subscription": [
            "sns:Subscribe", "sns:Unsubscribe", "sns:GetSubscriptionAttributes",
            "sns:ListSubscriptionsByTopic",
        ],
        // The example's raw template (desired/templates/assets.yaml).
        "AWS::S3::Bucket": [
            "s3:CreateBucket", "s3:PutBucketVersioning", "s3:PutEncryptionConfiguration",
            "s3:PutBucketPublicAccessBlock", "s3:PutBucketTagging", "s3:GetBucketTagging", "s3:DeleteBucket",
        ],
    ]
}
