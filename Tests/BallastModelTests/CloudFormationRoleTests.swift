import BallastModel
import Foundation
import Testing

@Suite("stages.<name>.cloudFormationRole")
struct CloudFormationRoleTests {
    static func load(role: String?) throws -> DesiredState {
        let line = role.map { "    cloudFormationRole: \($0)\n" } ?? ""
        let project = """
            project: shop
            stages:
              dev:
                branch: dev
                region: us-east-1
            \(line)    network: { cidr: 10.10.0.0/16, azs: 2 }
                monitoring: { email: dev@example.com }

            """
        return try DesiredStateLoader.load(DesiredTree(files: ["ballast.yaml": project]))
    }

    @Test("absent: CloudFormation acts with Ballast's own credentials")
    func absent() throws {
        #expect(try Self.load(role: nil).stage(named: "dev")?.cloudFormationRole == nil)
    }

    @Test(
        "an IAM role ARN is read as written",
        arguments: [
            "arn:aws:iam::123456789012:role/ballast-cloudformation",
            "arn:aws:iam::123456789012:role/service-role/cfn-exec_1+=,.@",
            "arn:aws-us-gov:iam::123456789012:role/cfn",
        ])
    func valid(role: String) throws {
        #expect(try Self.load(role: role).stage(named: "dev")?.cloudFormationRole == role)
    }

    @Test(
        "anything but an IAM role ARN is an error at its line, saying what is allowed",
        arguments: [
            "ballast-cloudformation",
            "arn:aws:iam::123456789012:user/ballast",
            "arn:aws:iam::12345:role/ballast",
            "arn:aws:iam:us-east-1:123456789012:role/ballast",
            "arn:aws:sts::123456789012:role/ballast",
            "arn:aws:iam::123456789012:role/",
            "arn:aws:iam::123456789012:role/has space",
        ])
    func invalid(role: String) throws {
        do {
            _ = try Self.load(role: "'\(role)'")
            Issue.record("'\(role)' was accepted")
        } catch let errors as DesiredStateErrors {
            let error = try #require(errors.errors.first)
            #expect(errors.errors.count == 1, "\(errors)")
            #expect(error.file == "ballast.yaml" && error.line == 6, "\(error)")
            #expect(error.message.contains("must be an IAM role ARN such as arn:aws:iam::123456789012:role/"))
        }
    }
}
