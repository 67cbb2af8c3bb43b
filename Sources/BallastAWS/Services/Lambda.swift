import BallastHTTP
import Foundation

/// AWS Lambda over REST-JSON: the function reads, versions, aliases and tags a rollout needs.
///
/// Reads of something that may not exist (`getFunction`, `getFunctionConfiguration`,
/// `getAlias`) return `nil` for `ResourceNotFoundException`; every other failure is an
/// `AWSError` whose `lambdaErrorCode` tells the ones Ballast acts on apart.
public struct Lambda: AWSServiceClient {
    /// The API version of the function operations' paths.
    public static let functionsVersion = "2015-03-31"
    /// The API version of the tag operations' paths.
    public static let tagsVersion = "2017-03-31"
    /// AWS Lambda's names.
    public static let service = AWSService.lambda

    /// Where and how requests go.
    public var connection: ServiceConnection

    /// A client over `connection`, whose service should be `.lambda`.
    public init(connection: ServiceConnection) {
        self.connection = connection
    }

    // MARK: Functions

    /// The configuration, code location and tags of `functionName` (`qualifier`: a version or
    /// alias; `$LATEST` when `nil`), or `nil` when there is no such function or qualifier.
    ///
    /// Throws `AWSError`, `CredentialsError`, `RequestEncodingError` or `ResponseDecodingError`.
    public func getFunction(_ functionName: String, qualifier: String? = nil) async throws -> GetFunctionOutput? {
        try await nilIfNotFound {
            try await call(
                "GetFunction",
                RESTJSONRequest(
                    method: "GET", pathTemplate: "/\(Self.functionsVersion)/functions/{FunctionName}",
                    labels: ["FunctionName": functionName], query: Self.qualifierQuery(qualifier)))
        }
    }

    /// The configuration of `functionName` (`qualifier`: a version or alias; `$LATEST` when
    /// `nil`), or `nil` when there is no such function or qualifier.
    ///
    /// Throws `AWSError`, `CredentialsError`, `RequestEncodingError` or `ResponseDecodingError`.
    public func getFunctionConfiguration(
        _ functionName: String, qualifier: String? = nil
    ) async throws -> FunctionConfiguration? {
        try await nilIfNotFound {
            try await call(
                "GetFunctionConfiguration",
                RESTJSONRequest(
                    method: "GET", pathTemplate: "/\(Self.functionsVersion)/functions/{FunctionName}/configuration",
                    labels: ["FunctionName": functionName], query: Self.qualifierQuery(qualifier)))
        }
    }

    // MARK: Invocation

    /// Invokes `functionName` synchronously (`RequestResponse`) with `payload` (a JSON
    /// document) and returns its answer; `qualifier` is a version or alias (`$LATEST` when
    /// `nil`). A function that fails is an answer too (`functionError` set), not a throw.
    ///
    /// Throws `AWSError` (`ResourceNotFoundException` for a missing function or qualifier,
    /// `RequestTooLargeException`, `TooManyRequestsException`, …), `CredentialsError` or
    /// `RequestEncodingError`.
    public func invoke(_ functionName: String, qualifier: String? = nil, payload: Data) async throws -> InvokeOutput {
        var request = RESTJSONRequest(
            method: "POST", pathTemplate: "/\(Self.functionsVersion)/functions/{FunctionName}/invocations",
            labels: ["FunctionName": functionName], query: Self.qualifierQuery(qualifier),
            headers: [HTTPHeader("X-Amz-Invocation-Type", "RequestResponse")])
        request.body = payload
        let response = try await send("Invoke", request)
        return InvokeOutput(
            statusCode: response.status, functionError: response.headers.value(for: "X-Amz-Function-Error"),
            executedVersion: response.headers.value(for: "X-Amz-Executed-Version"), payload: response.body)
    }

    // MARK: Versions

    /// One page of the versions of `functionName`, `$LATEST` first: up to `maxItems` (1 to
    /// 10,000; AWS's default is 50) after `marker`.
    ///
    /// Throws `AWSError` (`ResourceNotFoundException` for a missing function), `CredentialsError`,
    /// `RequestEncodingError` or `ResponseDecodingError`.
    public func listVersionsByFunction(
        _ functionName: String, marker: String? = nil, maxItems: Int? = nil
    ) async throws -> ListVersionsByFunctionOutput {
        var query: [WireRequest.QueryItem] = []
        if let marker { query.append(.init("Marker", marker)) }
        if let maxItems { query.append(.init("MaxItems", String(maxItems))) }
        return try await call(
            "ListVersionsByFunction",
            RESTJSONRequest(
                method: "GET", pathTemplate: "/\(Self.functionsVersion)/functions/{FunctionName}/versions",
                labels: ["FunctionName": functionName], query: query))
    }

    /// Every version of `functionName`, following `NextMarker` page by page (`pageSize` items a
    /// page; AWS's default when `nil`).
    ///
    /// Throws as `listVersionsByFunction`, and `ResponseDecodingError` when a page hands back a
    /// marker already seen (a loop).
    public func allVersions(of functionName: String, pageSize: Int? = nil) async throws -> [FunctionConfiguration] {
        var versions: [FunctionConfiguration] = []
        var markers = PageTokens(service: Self.serviceName, operation: "ListVersionsByFunction", path: "NextMarker")
        var marker: String?
        repeat {
            let page = try await listVersionsByFunction(functionName, marker: marker, maxItems: pageSize)
            versions += page.versions
            marker = try markers.next(page.nextMarker)
        } while marker != nil
        return versions
    }

    /// Publishes `$LATEST` as a new version and returns it. When nothing changed since the last
    /// version, AWS returns that version instead of making a duplicate.
    ///
    /// Throws `AWSError` (`PreconditionFailedException` when `revisionId` or `codeSha256` no
    /// longer match, `ResourceConflictException` while an update is in progress),
    /// `CredentialsError`, `RequestEncodingError` or `ResponseDecodingError`.
    public func publishVersion(_ input: PublishVersionInput) async throws -> FunctionConfiguration {
        try await call(
            "PublishVersion",
            RESTJSONRequest(
                method: "POST", pathTemplate: "/\(Self.functionsVersion)/functions/{FunctionName}/versions",
                labels: ["FunctionName": input.functionName], input: input.body))
    }

    /// Deletes one published version of `functionName` (never `$LATEST`, never the whole
    /// function: `version` must be a version number).
    ///
    /// Throws `AWSError` (`ResourceConflictException` when an alias points at the version,
    /// `ResourceNotFoundException` when it does not exist), `CredentialsError` or
    /// `RequestEncodingError`.
    public func deleteVersion(_ functionName: String, version: String) async throws {
        guard !version.isEmpty, version.allSatisfy(\.isNumber) else {
            throw RequestEncodingError(
                reason: "DeleteFunction: '\(version)' is not a version number; only published versions are deleted")
        }
        try await send(
            "DeleteFunction",
            RESTJSONRequest(
                method: "DELETE", pathTemplate: "/\(Self.functionsVersion)/functions/{FunctionName}",
                labels: ["FunctionName": functionName], query: Self.qualifierQuery(version)))
    }

    // MARK: Aliases

    /// The alias `name` of `functionName`, or `nil` when the alias (or the function) does not
    /// exist.
    ///
    /// Throws `AWSError`, `CredentialsError`, `RequestEncodingError` or `ResponseDecodingError`.
    public func getAlias(functionName: String, name: String) async throws -> FunctionAlias? {
        try await nilIfNotFound {
            try await call(
                "GetAlias",
                RESTJSONRequest(
                    method: "GET", pathTemplate: "/\(Self.functionsVersion)/functions/{FunctionName}/aliases/{Name}",
                    labels: ["FunctionName": functionName, "Name": name]))
        }
    }

    /// Every alias of `functionName`, following `NextMarker` page by page.
    ///
    /// Throws `AWSError` (`ResourceNotFoundException` for a missing function), `CredentialsError`,
    /// `RequestEncodingError`, or `ResponseDecodingError` (also when a marker comes back twice).
    public func allAliases(of functionName: String) async throws -> [FunctionAlias] {
        var aliases: [FunctionAlias] = []
        var marker: String?
        var seen: Set<String> = []
        repeat {
            let page: ListAliasesOutput = try await call(
                "ListAliases",
                RESTJSONRequest(
                    method: "GET", pathTemplate: "/\(Self.functionsVersion)/functions/{FunctionName}/aliases",
                    labels: ["FunctionName": functionName], query: marker.map { [.init("Marker", $0)] } ?? []))
            aliases += page.aliases
            marker = page.nextMarker.flatMap { $0.isEmpty ? nil : $0 }
            if let marker, !seen.insert(marker).inserted {
                throw ResponseDecodingError(
                    service: Self.serviceName, operation: "ListAliases", path: "NextMarker",
                    reason: "the same marker came back twice")
            }
        } while marker != nil
        return aliases
    }

    /// Creates an alias and returns it.
    ///
    /// Throws `AWSError` (`ResourceConflictException` when it exists), `CredentialsError`,
    /// `RequestEncodingError` or `ResponseDecodingError`.
    public func createAlias(_ input: CreateAliasInput) async throws -> FunctionAlias {
        try await call(
            "CreateAlias",
            RESTJSONRequest(
                method: "POST", pathTemplate: "/\(Self.functionsVersion)/functions/{FunctionName}/aliases",
                labels: ["FunctionName": input.functionName], input: input.body))
    }

    /// Changes an alias's version, weights or description and returns it with its new
    /// `revisionId`.
    ///
    /// Throws `AWSError` (`PreconditionFailedException`, see `isStaleLambdaRevision`, when
    /// `input.revisionId` is not the current one), `CredentialsError`, `RequestEncodingError` or
    /// `ResponseDecodingError`.
    public func updateAlias(_ input: UpdateAliasInput) async throws -> FunctionAlias {
        try await call(
            "UpdateAlias",
            RESTJSONRequest(
                method: "PUT", pathTemplate: "/\(Self.functionsVersion)/functions/{FunctionName}/aliases/{Name}",
                labels: ["FunctionName": input.functionName, "Name": input.name], input: input.body))
    }

    // MARK: Tags

    /// The tags of the function `arn` (unqualified).
    ///
    /// Throws `AWSError`, `CredentialsError`, `RequestEncodingError` or `ResponseDecodingError`.
    public func listTags(resourceArn arn: String) async throws -> [String: String] {
        let output: ListTagsOutput = try await call(
            "ListTags",
            RESTJSONRequest(
                method: "GET", pathTemplate: "/\(Self.tagsVersion)/tags/{ARN}", labels: ["ARN": arn]))
        return output.tags
    }

    /// Adds `tags` to the function `arn`, replacing the values of keys it has.
    ///
    /// Throws `AWSError`, `CredentialsError` or `RequestEncodingError`.
    public func tagResource(resourceArn arn: String, tags: [String: String]) async throws {
        try await send(
            "TagResource",
            RESTJSONRequest(
                method: "POST", pathTemplate: "/\(Self.tagsVersion)/tags/{ARN}", labels: ["ARN": arn],
                input: TagResourceBody(tags: tags)))
    }

    /// Removes the tags `keys` from the function `arn`; keys it does not have are ignored.
    ///
    /// Throws `AWSError`, `CredentialsError` or `RequestEncodingError`.
    public func untagResource(resourceArn arn: String, keys: [String]) async throws {
        try await send(
            "UntagResource",
            RESTJSONRequest(
                method: "DELETE", pathTemplate: "/\(Self.tagsVersion)/tags/{ARN}", labels: ["ARN": arn],
                query: keys.map { WireRequest.QueryItem("tagKeys", $0) }))
    }

    // MARK: Sending

    private static func qualifierQuery(_ qualifier: String?) -> [WireRequest.QueryItem] {
        qualifier.map { [WireRequest.QueryItem("Qualifier", $0)] } ?? []
    }

    @discardableResult
    private func send(_ operation: String, _ request: RESTJSONRequest) async throws -> HTTPResponse {
        try await connection.send(operation: operation, request.wireRequest())
    }

    private func call<Output: Decodable>(_ operation: String, _ request: RESTJSONRequest) async throws -> Output {
        try await connection.send(operation: operation, request.wireRequest()) { response in
            try decoding(operation) { try AWSJSONCoding.decode(Output.self, from: response.body) }
        }
    }

    private func nilIfNotFound<Output>(_ read: () async throws -> Output) async throws -> Output? {
        do {
            return try await read()
        } catch let error as AWSError where error.lambdaErrorCode == .resourceNotFound {
            return nil
        }
    }
}
