import BallastModel

/// The edge REST API: one resource path per handler and Lambda proxy integrations to each
/// handler's alias `live`, with the permission for API Gateway to invoke that alias. The API
/// itself lives in the first part; further parts (`-api-2`, …) add routes to it. Its
/// deployment and stage live in their own stack, deployed after every route exists (see
/// `ApiStage`).
struct Api {
    let naming: Naming
    /// The part this template is (1 holds the REST API itself).
    let part: Int
    /// The route groups placed in this part.
    let groups: [RouteGroup]

    /// Values other stacks import.
    enum Export: String {
        case restApiId = "RestApiId"
        case rootResourceId = "RootResourceId"
    }

    static func exportName(_ naming: Naming, _ export: Export) -> String {
        naming.exportName("api", export.rawValue)
    }

    /// The REST API's name, also the `ApiName` dimension of its metrics.
    static func restApiName(_ naming: Naming) -> String { naming.prefix }

    var restApiId: JSONValue { part == 1 ? .ref("RestApi") : .importValue(Self.exportName(naming, .restApiId)) }
    var rootResourceId: JSONValue {
        part == 1 ? .getAtt("RestApi", "RootResourceId") : .importValue(Self.exportName(naming, .rootResourceId))
    }

    func build() -> Template {
        var template = Template(description: "Ballast \(naming.prefix): API routes (part \(part))")
        if part == 1 {
            template.add(
                "RestApi",
                Resource(
                    "AWS::ApiGateway::RestApi",
                    [
                        "Name": .string(Self.restApiName(naming)),
                        "Description": .string("\(naming.prefix) REST API, managed by Ballast"),
                        "EndpointConfiguration": ["Types": ["EDGE"]],
                    ]))
            template.output(
                "RestApiId", .ref("RestApi"), export: Self.exportName(naming, .restApiId), description: "The REST API")
            template.output(
                "RootResourceId", .getAtt("RestApi", "RootResourceId"),
                export: Self.exportName(naming, .rootResourceId),
                description: "The REST API's root resource")
            template.output(
                "Url", .sub("https://${RestApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/\(naming.stage)"),
                description: "The API's invoke URL (once the stage is deployed)")
        }
        for group in groups {
            add(group, to: &template)
        }
        return template
    }

    /// The resources of one group: path resources shared by its routes, a method per route
    /// and method, a permission per handler.
    func add(_ group: RouteGroup, to template: inout Template) {
        for route in group.routes {
            let resourceId = ensurePath(route.path, in: &template)
            for method in route.methods {
                template.add(
                    "\(Self.routeId(route.path))\(method.prefix(1))\(method.dropFirst().lowercased())",
                    Resource(
                        "AWS::ApiGateway::Method",
                        [
                            "RestApiId": restApiId, "ResourceId": resourceId, "HttpMethod": .string(method),
                            "AuthorizationType": "NONE",
                            "Integration": [
                                "Type": "AWS_PROXY", "IntegrationHttpMethod": "POST",
                                "Uri": .sub(
                                    "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:\(naming.functionName(route.function)):\(Naming.liveAlias)/invocations"
                                ),
                            ],
                        ]))
            }
            template.add(
                Naming.LogicalId.invokePermission(route.function),
                Resource(
                    "AWS::Lambda::Permission",
                    [
                        "Action": "lambda:InvokeFunction",
                        "FunctionName": Function.liveAliasArn(naming, route.function),
                        "Principal": "apigateway.amazonaws.com",
                        "SourceArn": .sub(
                            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${RestApiId}/*/*\(Self.sourceArnPath(route.path))",
                            ["RestApiId": restApiId]),
                    ]))
        }
    }

    /// Adds the resources of every segment of `path` not yet in the template; returns the id
    /// of the last one (the root resource for `/`).
    private func ensurePath(_ path: String, in template: inout Template) -> JSONValue {
        var parent = rootResourceId
        var current = ""
        for segment in path.split(separator: "/") {
            current += "/" + segment
            let id = Self.routeId(current) + "Resource"
            if template.resources[id] == nil {
                template.add(
                    id,
                    Resource(
                        "AWS::ApiGateway::Resource",
                        ["RestApiId": restApiId, "ParentId": parent, "PathPart": .string(String(segment))]))
            }
            parent = .ref(id)
        }
        return parent
    }

    /// `Route` + the path's readable form + a hash of the exact path: readable in reviews, and
    /// never the same for two paths whose readable forms collide (`/a-b`, `/ab`).
    static func routeId(_ path: String) -> String {
        let readable = path.split(separator: "/").map { segment in
            let letters = segment.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
            return letters.prefix(1).uppercased() + letters.dropFirst()
        }.joined()
        return "Route\(readable.prefix(40))\(Naming.shortHash(path))"
    }

    /// The resource path of an execute-api ARN: `{parameters}` match any segment.
    static func sourceArnPath(_ path: String) -> String {
        guard path != "/" else { return "/" }
        return path.split(separator: "/").map { $0.hasPrefix("{") ? "*" : String($0) }
            .reduce("") { $0 + "/" + $1 }
    }
}

/// The routes sharing a first path segment: the unit placed in one API part, since they
/// share path resources.
struct RouteGroup: Sendable, Hashable {
    /// The first path segment (`orders`), or `/` for the root.
    let key: String
    /// The routes, by function name.
    let routes: [Route]

    struct Route: Sendable, Hashable {
        let function: String
        let path: String
        let methods: [String]
    }

    /// Groups the API routes of `functions`, sorted by key.
    static func groups(of functions: [ResolvedFunction]) -> [RouteGroup] {
        var byKey: [String: [Route]] = [:]
        for function in functions {
            guard let api = function.api else { continue }
            let key = api.path.split(separator: "/").first.map(String.init) ?? "/"
            byKey[key, default: []].append(Route(function: function.name, path: api.path, methods: api.methods))
        }
        return byKey.keys.sorted().map { RouteGroup(key: $0, routes: byKey[$0]!.sorted { $0.function < $1.function }) }
    }
}

/// The API's deployment and stage, in a stack of their own deployed after every route part:
/// a deployment snapshots the routes that exist when it is created. Its logical id carries a
/// hash of all routes, so any route change creates a new deployment and moves the stage.
struct ApiStage {
    let naming: Naming
    let groups: [RouteGroup]

    func build() -> Template {
        var template = Template(description: "Ballast \(naming.prefix): API deployment and stage")
        let fingerprint = groups.flatMap(\.routes).map {
            "\($0.methods.joined(separator: ",")) \($0.path) \($0.function)"
        }
        .sorted().joined(separator: "\n")
        let deployment = "Deployment\(Naming.shortHash(fingerprint))"
        let restApiId = JSONValue.importValue(Api.exportName(naming, .restApiId))
        template.add(
            deployment,
            Resource(
                "AWS::ApiGateway::Deployment",
                ["RestApiId": restApiId, "Description": .string("Routes \(Naming.shortHash(fingerprint))")]))
        template.add(
            "Stage",
            Resource(
                "AWS::ApiGateway::Stage",
                [
                    "RestApiId": restApiId, "DeploymentId": .ref(deployment), "StageName": .string(naming.stage),
                    "Description": .string("\(naming.prefix), managed by Ballast"),
                    // Per-method metrics, which the per-handler API alarms watch.
                    "MethodSettings": [["ResourcePath": "/*", "HttpMethod": "*", "MetricsEnabled": true]],
                    // X-Ray traces of sampled requests (AWS's default sampling rule).
                    "TracingEnabled": true,
                ]))
        return template
    }
}
