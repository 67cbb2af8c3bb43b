import BallastAWS
import BallastHTTP
import Foundation

/// Fuzzes the reading of CloudFormation's query-protocol answers: the XML tree, the output of
/// whichever action the root element names (`DescribeStacksResponse`, …), and the same bytes as
/// an error body (`ErrorResponse`, an HTML page, JSON), which AWS may send with any status.
public enum CloudFormationXMLFuzzing {
    /// The decoder of each CloudFormation action whose answer Ballast reads.
    static let decoders: [String: @Sendable (XMLTree) throws -> String] = [
        "CreateStack": { try "\(StackIdOutput(queryResult: $0))" },
        "UpdateStack": { try "\(StackIdOutput(queryResult: $0))" },
        "UpdateTerminationProtection": { try "\(StackIdOutput(queryResult: $0))" },
        "DescribeStacks": { try "\(DescribeStacksOutput(queryResult: $0))" },
        "DescribeStackEvents": { try "\(DescribeStackEventsOutput(queryResult: $0))" },
        "DescribeStackResources": { try "\(DescribeStackResourcesOutput(queryResult: $0))" },
        "GetTemplate": { try "\(GetTemplateOutput(queryResult: $0))" },
        "GetStackPolicy": { try "\(GetStackPolicyOutput(queryResult: $0))" },
        "ListExports": { try "\(ListExportsOutput(queryResult: $0))" },
        "CreateChangeSet": { try "\(CreateChangeSetOutput(queryResult: $0))" },
        "DescribeChangeSet": { try "\(ChangeSet(queryResult: $0))" },
    ]

    /// Reads `bytes` as an error body, then as the answer its root element names.
    public static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        let body = Data(bytes)
        let failure = AWSError(
            service: CloudFormation.serviceName, operation: "DescribeStacks",
            response: HTTPResponse(status: 400, headers: [], body: body))
        _ = failure.description
        _ = RetryClassifier.standard.reason(toRetry: failure)
        _ = QueryResponse.requestId(in: body)
        do {
            let root = try XMLTree.parse(body)
            let action = root.name.hasSuffix("Response") ? String(root.name.dropLast("Response".count)) : root.name
            guard let decode = decoders[action] else {
                return .rejected("no CloudFormation action \(action); read as an error: \(failure.code ?? "no code")")
            }
            return .accepted(try decode(try QueryResponse.result(of: action, in: body)))
        } catch {
            return .rejected("\(error)")
        }
    }
}
