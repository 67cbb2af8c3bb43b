import BallastModel
import Foundation
import Testing

@Suite("stages.<name>.cloudFormationRole")
struct CloudFormationRoleTests {
    /// The example's `ballast.yaml` with `cloudFormationRole: <role>` added to dev, right after
    /// its branch (on line `roleLine`).
    static func load(role: String?) throws -> DesiredState {
        let files = try ExampleFiles.read()
        var project = String(decoding: files.data["ballast.yaml"] ?? Data(), as: UTF8.self)
        if let role {
            project = project.replacingOccurrences(
                of: "    branch: dev\n", with: "    branch: dev\n    cloudFormationRole: \(role)\n")
        }
        return try DesiredStateLoader.load(files.tree(replacing: "ballast.yaml", with: Data(project.utf8)))
    }

    /// The line the role is written on.
    static var roleLine: Int {
        get throws {
            let project = String(decoding: try ExampleFiles.read().data["ballast.yaml"] ?? Data(), as: UTF8.self)
            let lines = project.split(separator: "\n", omittingEmptySubsequences: false)
            return (lines.firstIndex { $0 == "    branch: dev" } ?? 0) + 2
        }
    }

    @Test("absent: CloudFormation acts with Ballast's own credentials")
    func absent() throws {
        let state = try Self.load(role: nil)
        #expect(state.stages.allSatisfy { $0.cloudFormationRole == nil })
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
            let line = try Self.roleLine
            #expect(error.file == "ballast.yaml" && error.line == line, "\(error)")
            #expect(error.message.contains("must be an IAM role ARN such as arn:aws:iam::123456789012:role/"))
        }
    }
}
