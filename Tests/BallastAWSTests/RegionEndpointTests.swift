import BallastAWS
import Foundation
import Testing

@Suite("region and endpoint resolution")
struct RegionEndpointTests {
    static let shared = SharedConfiguration(
        config: SharedConfigFile(
            parsing: """
                [default]
                region = ap-northeast-1
                [profile dev]
                region = eu-central-1
                endpoint_url = http://profile.local:1
                services = local
                [profile quiet]
                endpoint_url = http://profile.local:1
                ignore_configured_endpoint_urls = true
                [services local]
                sts =
                  endpoint_url = http://services.local:2
                cloudwatch =
                  endpoint_url = http://services.local:3
                """,
            kind: .config))

    private func region(_ variables: [String: String]) throws -> String? {
        try RegionResolver.region(environment: AWSEnvironment(variables: variables), shared: Self.shared)
    }

    @Test("AWS_REGION beats AWS_DEFAULT_REGION beats the profile's region")
    func regionPrecedence() throws {
        #expect(
            try region(["AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "us-east-2", "AWS_PROFILE": "dev"])
                == "us-west-2")
        #expect(try region(["AWS_DEFAULT_REGION": "us-east-2", "AWS_PROFILE": "dev"]) == "us-east-2")
        #expect(try region(["AWS_PROFILE": "dev"]) == "eu-central-1")
        #expect(try region([:]) == "ap-northeast-1")
        #expect(
            try RegionResolver.region(environment: AWSEnvironment(variables: [:]), shared: SharedConfiguration()) == nil
        )
    }

    @Test("no region anywhere is an error saying where to set one")
    func noRegion() {
        let configuration = AWSConfiguration(environment: AWSEnvironment(variables: [:]))
        let error = #expect(throws: ConfigurationError.self) { try configuration.requiredRegion() }
        #expect(error?.description.contains("AWS_REGION") == true)
    }

    @Test("AWS_PROFILE naming a missing profile is an error once the profile is needed")
    func missingProfile() throws {
        #expect(try region(["AWS_PROFILE": "ghost", "AWS_REGION": "us-west-2"]) == "us-west-2")
        let error = #expect(throws: ConfigurationError.self) { try region(["AWS_PROFILE": "ghost"]) }
        #expect(error?.kind == .profileNotFound(profile: "ghost"))
    }

    @Test(
        "AWS_ENDPOINT_URL_<SERVICE> is the service id upper-cased, spaces and hyphens made underscores",
        arguments: [
            (AWSService.cloudFormation, "AWS_ENDPOINT_URL_CLOUDFORMATION"),
            (.sts, "AWS_ENDPOINT_URL_STS"),
            (.cloudWatch, "AWS_ENDPOINT_URL_CLOUDWATCH"),
            (.lambda, "AWS_ENDPOINT_URL_LAMBDA"),
            (.ecr, "AWS_ENDPOINT_URL_ECR"),
            (.s3, "AWS_ENDPOINT_URL_S3"),
            (AWSService(serviceId: "API Gateway", endpointPrefix: "apigateway"), "AWS_ENDPOINT_URL_API_GATEWAY"),
            (
                AWSService(serviceId: "Elastic Load Balancing v2", endpointPrefix: "elasticloadbalancing"),
                "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2"
            ),
            (
                AWSService(serviceId: "Resource Groups Tagging API", endpointPrefix: "tagging"),
                "AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API"
            ),
        ])
    func serviceVariable(service: AWSService, variable: String) throws {
        #expect(service.endpointVariable == variable)
        let environment = AWSEnvironment(variables: [
            variable: "http://127.0.0.1:9000", "AWS_ENDPOINT_URL": "http://global:1",
        ])
        let url = try EndpointResolver.endpoint(for: service, region: "us-east-1", environment: environment)
        #expect(url.absoluteString == "http://127.0.0.1:9000")
    }

    @Test("precedence: service variable, AWS_ENDPOINT_URL, [services] section, profile endpoint_url, default")
    func endpointPrecedence() throws {
        func endpoint(_ service: AWSService, _ variables: [String: String]) throws -> String {
            try EndpointResolver.endpoint(
                for: service, region: "eu-central-1", environment: AWSEnvironment(variables: variables),
                shared: Self.shared
            ).absoluteString
        }
        let dev = ["AWS_PROFILE": "dev"]
        #expect(
            try endpoint(
                .sts, dev.merging(["AWS_ENDPOINT_URL_STS": "http://a:1", "AWS_ENDPOINT_URL": "http://b:1"]) { $1 })
                == "http://a:1")
        #expect(try endpoint(.sts, dev.merging(["AWS_ENDPOINT_URL": "http://b:1"]) { $1 }) == "http://b:1")
        #expect(try endpoint(.sts, dev) == "http://services.local:2")
        #expect(try endpoint(.cloudWatch, dev) == "http://services.local:3")
        #expect(try endpoint(.lambda, dev) == "http://profile.local:1")
        #expect(try endpoint(.lambda, [:]) == "https://lambda.eu-central-1.amazonaws.com")
    }

    @Test(
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true, or the profile's setting when the variable is unset, turns them off")
    func ignoreConfigured() throws {
        func endpoint(_ variables: [String: String]) throws -> String {
            try EndpointResolver.endpoint(
                for: .lambda, region: "us-west-2", environment: AWSEnvironment(variables: variables),
                shared: Self.shared
            ).absoluteString
        }
        let defaultURL = "https://lambda.us-west-2.amazonaws.com"
        #expect(
            try endpoint(["AWS_ENDPOINT_URL": "http://x:1", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"])
                == defaultURL)
        #expect(
            try endpoint(["AWS_ENDPOINT_URL_LAMBDA": "http://x:1", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "TRUE"])
                == defaultURL)
        #expect(try endpoint(["AWS_PROFILE": "dev", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) == defaultURL)
        #expect(try endpoint(["AWS_PROFILE": "quiet", "AWS_ENDPOINT_URL": "http://x:1"]) == defaultURL)
        #expect(
            try endpoint(["AWS_PROFILE": "quiet", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false"])
                == "http://profile.local:1")
        #expect(
            try endpoint(["AWS_ENDPOINT_URL": "http://x:1", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false"])
                == "http://x:1")
    }

    @Test(
        "default endpoints: regional hosts, the partition's DNS suffix, the global STS endpoint without a region",
        arguments: [
            (AWSService.sts, "eu-central-1", "https://sts.eu-central-1.amazonaws.com"),
            (.sts, "us-east-1", "https://sts.us-east-1.amazonaws.com"),
            (.cloudFormation, "us-east-1", "https://cloudformation.us-east-1.amazonaws.com"),
            (.cloudWatch, "eu-central-1", "https://monitoring.eu-central-1.amazonaws.com"),
            (.ecr, "eu-central-1", "https://api.ecr.eu-central-1.amazonaws.com"),
            (.s3, "eu-central-1", "https://s3.eu-central-1.amazonaws.com"),
            (.lambda, "cn-north-1", "https://lambda.cn-north-1.amazonaws.com.cn"),
            (.sts, "cn-northwest-1", "https://sts.cn-northwest-1.amazonaws.com.cn"),
            (.lambda, "us-gov-west-1", "https://lambda.us-gov-west-1.amazonaws.com"),
            (.lambda, "us-iso-east-1", "https://lambda.us-iso-east-1.c2s.ic.gov"),
            (.sts, "aws-global", "https://sts.amazonaws.com"),
        ])
    func defaults(service: AWSService, region: String, expected: String) throws {
        let url = try EndpointResolver.endpoint(
            for: service, region: region, environment: AWSEnvironment(variables: [:]))
        #expect(url.absoluteString == expected)
    }

    @Test("without a region STS goes global and any other service is an error")
    func noRegionDefaults() throws {
        let empty = AWSEnvironment(variables: [:])
        #expect(
            try EndpointResolver.endpoint(for: .sts, region: nil, environment: empty).absoluteString
                == "https://sts.amazonaws.com")
        #expect(throws: ConfigurationError.self) {
            try EndpointResolver.endpoint(for: .lambda, region: nil, environment: empty)
        }
    }

    @Test("a configured endpoint that is not an http(s) URL with a host is an error naming the setting")
    func invalidEndpoint() {
        let environment = AWSEnvironment(variables: ["AWS_ENDPOINT_URL_STS": "localhost:4566"])
        let error = #expect(throws: ConfigurationError.self) {
            try EndpointResolver.endpoint(for: .sts, region: "us-east-1", environment: environment)
        }
        #expect(error?.kind == .invalidEndpoint(setting: "AWS_ENDPOINT_URL_STS", value: "localhost:4566"))
    }
}
