import BallastAWS
import BallastHTTP
import Foundation
import Testing

@Suite("the AWS query protocol: form encoding and XML responses")
struct QueryProtocolTests {
    private func names(_ value: QueryValue, _ prefix: String) -> [String] {
        value.flattened(prefix: prefix).map { "\($0.name)=\($0.value)" }
    }

    @Test("a list of structures is numbered under member, fields in name order")
    func listOfStructures() {
        let tags = QueryValue.list([
            .structure(["Key": .string("team"), "Value": .string("core")]),
            .structure(["Key": .string("env"), "Value": .string("dev")]),
        ])
        #expect(
            names(tags, "Tags") == [
                "Tags.member.1.Key=team", "Tags.member.1.Value=core",
                "Tags.member.2.Key=env", "Tags.member.2.Value=dev",
            ])
    }

    @Test("a flattened list is numbered without member")
    func flattenedList() {
        #expect(names(.flattenedList([.string("a"), .string("b")]), "Names") == ["Names.1=a", "Names.2=b"])
    }

    @Test("a map is entry.N.key and entry.N.value, with replaceable names")
    func maps() {
        let attributes = QueryValue.map([
            QueryMapEntry("DisplayName", .string("Ops")), QueryMapEntry("Policy", .string("{}")),
        ])
        #expect(
            names(attributes, "Attributes") == [
                "Attributes.entry.1.key=DisplayName", "Attributes.entry.1.value=Ops",
                "Attributes.entry.2.key=Policy", "Attributes.entry.2.value={}",
            ])
        let renamed = QueryValue.map([QueryMapEntry("k", .string("v"))], keyName: "Name", valueName: "Value")
        #expect(names(renamed, "M") == ["M.entry.1.Name=k", "M.entry.1.Value=v"])
    }

    @Test("an empty list is sent as Name= so AWS sees it was given")
    func emptyList() {
        #expect(names(.list([]), "NotificationARNs") == ["NotificationARNs="])
        #expect(names(.flattenedList([]), "Ids") == ["Ids="])
    }

    @Test("lists nest inside structures inside lists")
    func nesting() {
        let value = QueryValue.list([.structure(["Dimensions": .list([.structure(["Name": .string("F")])])])])
        #expect(names(value, "Metrics") == ["Metrics.member.1.Dimensions.member.1.Name=F"])
    }

    @Test("scalars: integers, booleans, ISO 8601 timestamps")
    func scalars() {
        #expect(names(.int(900), "DurationSeconds") == ["DurationSeconds=900"])
        #expect(names(.bool(true), "Flag") == ["Flag=true"])
        #expect(names(.timestamp(Date(timeIntervalSince1970: 1_700_000_000)), "T") == ["T=2023-11-14T22:13:20Z"])
    }

    @Test("the body starts with Action and Version, then parameters in name order, percent-encoded")
    func body() {
        let request = QueryRequest(
            action: "AssumeRoleWithWebIdentity", version: "2011-06-15",
            parameters: ["RoleSessionName": .string("a b"), "RoleArn": .string("arn:aws:iam::1:role/x+y")])
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == "Action=AssumeRoleWithWebIdentity&Version=2011-06-15"
                + "&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx%2By&RoleSessionName=a%20b")
        let wire = request.wireRequest
        #expect(wire.method == "POST")
        #expect(wire.path == "/")
        #expect(wire.headers.value(for: "content-type") == "application/x-www-form-urlencoded; charset=utf-8")
    }

    @Test("the URL keeps the endpoint's own path and encodes the query as SigV4 does")
    func url() throws {
        let wire = WireRequest(method: "GET", path: "/2015-03-31/functions", query: [.init("Marker", "a/b c")])
        let endpoint = try #require(URL(string: "http://127.0.0.1:4566/base/"))
        let url = try #require(wire.url(endpoint: endpoint))
        #expect(url.absoluteString == "http://127.0.0.1:4566/base/2015-03-31/functions?Marker=a%2Fb%20c")
        let file = try #require(URL(string: "file:///tmp"))
        #expect(WireRequest(method: "GET").url(endpoint: file) == nil)
    }

    static let callerIdentity = """
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <GetCallerIdentityResult>
            <Arn>arn:aws:sts::123456789012:assumed-role/ballast/s1</Arn>
            <UserId>ARO123EXAMPLE123:s1</UserId>
            <Account>123456789012</Account>
          </GetCallerIdentityResult>
          <ResponseMetadata><RequestId>01234567-89ab</RequestId></ResponseMetadata>
        </GetCallerIdentityResponse>
        """

    @Test("a query response is read by path into a typed output")
    func decodeCallerIdentity() throws {
        let body = Data(Self.callerIdentity.utf8)
        let output = try QueryResponse.decode(GetCallerIdentityOutput.self, action: "GetCallerIdentity", from: body)
        #expect(output.account == "123456789012")
        #expect(output.arn == "arn:aws:sts::123456789012:assumed-role/ballast/s1")
        #expect(output.userId == "ARO123EXAMPLE123:s1")
        #expect(QueryResponse.requestId(in: body) == "01234567-89ab")
        let root = try XMLTree.parse(body)
        #expect(root.text(at: "GetCallerIdentityResult/Account") == "123456789012")
    }

    @Test("a missing element is an error naming its path")
    func missingElement() {
        let body = Data(
            "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>a</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>"
                .utf8)
        let error = #expect(throws: ResponseDecodingError.self) {
            try QueryResponse.decode(GetCallerIdentityOutput.self, action: "GetCallerIdentity", from: body)
        }
        #expect(error?.path == "GetCallerIdentityResult/Account")
        #expect(error?.reason == "missing")
    }

    @Test("a response to another action, or not XML at all, is an error")
    func wrongRoot() {
        #expect(throws: ResponseDecodingError.self) {
            try QueryResponse.result(of: "GetCallerIdentity", in: Data("<OtherResponse/>".utf8))
        }
        let error = #expect(throws: ResponseDecodingError.self) {
            try XMLTree.parse(Data("<a><b></a>".utf8))
        }
        #expect(error?.reason.hasPrefix("malformed XML") == true)
    }

    @Test("elements nested 100,000 deep are an error, not a stack overflow")
    func deepNesting() async throws {
        func nested(_ depth: Int) -> Data {
            Data((String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)).utf8)
        }
        // On a concurrency thread, as the controller reads answers.
        let error = await Task.detached { () -> ResponseDecodingError? in
            do throws(ResponseDecodingError) {
                _ = try XMLTree.parse(nested(100_000))
                return nil
            } catch {
                return error
            }
        }.value
        #expect(error?.reason.contains("nested deeper than 100 levels") == true)
        var tree = try XMLTree.parse(nested(100))
        var depth = 1
        while let child = tree.children.first {
            tree = child
            depth += 1
        }
        #expect(depth == 100)
    }

    @Test("a processing instruction whose target is not UTF-8 is an error, not a trap (found by fuzzing)")
    func processingInstructionNotUTF8() {
        let body = Data("<?x".utf8) + Data([0xD8]) + Data("ml version=\"1.0\"?><ErrorResponse/>".utf8)
        let error = #expect(throws: ResponseDecodingError.self) { try XMLTree.parse(body) }
        #expect(error?.reason == "malformed XML: not UTF-8")
        let failure = AWSError(
            service: "CloudFormation", operation: "DescribeStacks",
            response: HTTPResponse(status: 400, headers: [], body: body))
        #expect(failure.code == nil)
        #expect(failure.message.hasPrefix("unrecognised error body"))
    }

    @Test("a processing instruction is an error, not a null dereference (found by fuzzing)")
    func processingInstruction() throws {
        for body in ["<?x?><ErrorResponse/>", "<a><?pi data?></a>", "<!DOCTYPE a [<?pi?>]><a/>"] {
            let error = #expect(throws: ResponseDecodingError.self) { try XMLTree.parse(Data(body.utf8)) }
            #expect(error?.reason == "malformed XML: a processing instruction (<?…?>)", "\(body)")
            let failure = AWSError(
                service: "CloudFormation", operation: "DescribeStacks",
                response: HTTPResponse(status: 400, headers: [], body: Data(body.utf8)))
            #expect(failure.code == nil)
        }
        let declared =
            #"<?xml version="1.0" encoding="UTF-8"?>"#
            + "<a><!-- <?not one?> --><b><![CDATA[<?php echo 1; ?>]]></b></a>"
        #expect(try XMLTree.parse(Data(declared.utf8)).text(at: "b") == "<?php echo 1; ?>")
    }

    @Test("lists of members, CDATA and typed scalars read from the tree")
    func treeAccess() throws {
        let xml = """
            <DescribeStacksResponse><DescribeStacksResult><Stacks>
              <member><StackName>a</StackName><EnableTerminationProtection>true</EnableTerminationProtection></member>
              <member><StackName><![CDATA[b<c]]></StackName><Count>7</Count></member>
            </Stacks></DescribeStacksResult></DescribeStacksResponse>
            """
        let result = try QueryResponse.result(of: "DescribeStacks", in: Data(xml.utf8))
        let members = result.elements(at: "Stacks/member")
        #expect(members.map { $0.text(at: "StackName") } == ["a", "b<c"])
        #expect(try members[0].bool(at: "EnableTerminationProtection") == true)
        #expect(try members[1].int(at: "Count") == 7)
        #expect(try members[1].bool(at: "Nothing") == nil)
        #expect(throws: ResponseDecodingError.self) { try members[0].int(at: "StackName") }
        #expect(result.elements(at: "Nothing/member").isEmpty)
    }

    @Test(
        "ISO 8601 timestamps with and without fractions and offsets",
        arguments: [
            ("2026-11-26T07:12:24Z", 1_795_677_144.0),
            ("2026-11-26T07:12:24.082579Z", 1_795_677_144.082579),
            ("2026-11-26T07:12:24.5+01:00", 1_795_673_544.5),
            ("2026-11-26t07:12:24z", 1_795_677_144.0),
        ])
    func timestamps(text: String, seconds: Double) throws {
        let date = try #require(ISO8601Timestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_01)
    }

    @Test(
        "malformed timestamps are refused",
        arguments: [
            "", "2026-11-26", "2026-11-26T07:12:24", "2026-13-01T00:00:00Z", "2026-11-26T07:12:24.Z",
            "2026-11-26T07:12:24Zjunk",
        ])
    func badTimestamps(text: String) {
        #expect(ISO8601Timestamp.parse(text) == nil)
    }
}
