import BallastAWS
import Foundation
import Testing

@Suite("the AWS JSON 1.0/1.1 and REST-JSON protocols")
struct JSONProtocolTests {
    struct DescribeImagesInput: Encodable {
        struct ImageId: Encodable { var imageTag: String }
        var repositoryName: String
        var imageIds: [ImageId]
        var registryId: String?
    }

    struct Output: Decodable, Equatable {
        var name: String
        var lastModified: Date
        var sizes: [Int]
    }

    @Test("JSON 1.1: X-Amz-Target, content type, sorted keys, nil members left out")
    func jsonRPC() throws {
        let request = try JSONRPCRequest(
            targetPrefix: "AmazonEC2ContainerRegistry_V20150921", operation: "DescribeImages", version: .v1_1,
            input: DescribeImagesInput(repositoryName: "orders", imageIds: [.init(imageTag: "1.4.2")]))
        let wire = request.wireRequest
        #expect(wire.method == "POST")
        #expect(wire.path == "/")
        #expect(wire.headers.value(for: "X-Amz-Target") == "AmazonEC2ContainerRegistry_V20150921.DescribeImages")
        #expect(wire.headers.value(for: "Content-Type") == "application/x-amz-json-1.1")
        #expect(
            String(decoding: wire.body, as: UTF8.self)
                == #"{"imageIds":[{"imageTag":"1.4.2"}],"repositoryName":"orders"}"#)
    }

    @Test("JSON 1.0 differs in the content type; an empty input is {}")
    func jsonRPC10() throws {
        let request = try JSONRPCRequest(
            targetPrefix: "DynamoDB_20120810", operation: "ListTables", version: .v1_0, input: EmptyInput())
        #expect(request.wireRequest.headers.value(for: "Content-Type") == "application/x-amz-json-1.0")
        #expect(String(decoding: request.body, as: UTF8.self) == "{}")
    }

    @Test("REST-JSON: labels are escaped, a greedy label keeps its slashes, the query is kept in order")
    func restJSON() throws {
        let request = try RESTJSONRequest(
            method: "PUT", pathTemplate: "/2015-03-31/functions/{FunctionName}/aliases/{Name}",
            labels: ["FunctionName": "arn:aws:lambda:eu-central-1:1:function:orders", "Name": "live now"],
            query: [.init("Qualifier", "$LATEST"), .init("tag", "a"), .init("tag", "b")],
            input: ["FunctionVersion": "7"])
        let wire = try request.wireRequest()
        #expect(
            wire.path
                == "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-central-1%3A1%3Afunction%3Aorders/aliases/live%20now")
        #expect(wire.headers.value(for: "Content-Type") == "application/json")
        #expect(String(decoding: wire.body, as: UTF8.self) == #"{"FunctionVersion":"7"}"#)
        let endpoint = try #require(URL(string: "https://lambda.eu-central-1.amazonaws.com"))
        let url = try #require(wire.url(endpoint: endpoint))
        #expect(url.absoluteString.hasSuffix("/aliases/live%20now?Qualifier=%24LATEST&tag=a&tag=b"))

        let greedy = RESTJSONRequest(
            method: "GET", pathTemplate: "/{Bucket}/{Key+}", labels: ["Bucket": "b", "Key": "dir/a b.json"])
        #expect(try greedy.path() == "/b/dir/a%20b.json")
        #expect(try greedy.wireRequest().headers.isEmpty)
    }

    @Test("an empty or missing path label is an error naming the label")
    func emptyLabel() {
        let request = RESTJSONRequest(
            method: "GET", pathTemplate: "/2015-03-31/functions/{FunctionName}", labels: ["FunctionName": ""])
        let error = #expect(throws: RequestEncodingError.self) { try request.path() }
        #expect(error?.description.contains("{FunctionName}") == true)
    }

    @Test("responses decode with epoch-second timestamps; a bad member is named by its key path")
    func decoding() throws {
        let output = try AWSJSONCoding.decode(
            Output.self, from: Data(#"{"name":"a","lastModified":1700000000.5,"sizes":[1,2]}"#.utf8))
        #expect(output == Output(name: "a", lastModified: Date(timeIntervalSince1970: 1_700_000_000.5), sizes: [1, 2]))

        let missing = #expect(throws: ResponseDecodingError.self) {
            try AWSJSONCoding.decode(Output.self, from: Data(#"{"name":"a","sizes":[]}"#.utf8))
        }
        #expect(missing?.path == "lastModified")
        let mismatch = #expect(throws: ResponseDecodingError.self) {
            try AWSJSONCoding.decode(
                Output.self, from: Data(#"{"name":"a","lastModified":1,"sizes":[1,"secret-value"]}"#.utf8))
        }
        #expect(mismatch?.path == "sizes[1]")
        #expect(mismatch?.description.contains("secret-value") == false)
    }
}
