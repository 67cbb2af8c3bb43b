import Foundation

/// Finds a service's endpoint as the AWS SDKs do.
///
/// Configured endpoints first, in this order: `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`,
/// the service's `endpoint_url` in the `[services]` section the profile names, the profile's own
/// `endpoint_url`. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or the profile's
/// `ignore_configured_endpoint_urls = true` when the variable is unset) skips all four. Then the
/// default: `https://<prefix>.<region>.amazonaws.com` (`.amazonaws.com.cn` in China), and the
/// global `https://sts.amazonaws.com` for STS when there is no region.
public enum EndpointResolver {
    /// The endpoint of `service` in `region`.
    ///
    /// Throws `ConfigurationError.invalidEndpoint` when a configured endpoint is not an
    /// `http`/`https` URL with a host, `.noRegion` when nothing is configured and the default
    /// needs a region, and `.profileNotFound` when `AWS_PROFILE` names a missing profile.
    public static func endpoint(
        for service: AWSService,
        region: String?,
        environment: AWSEnvironment,
        shared: SharedConfiguration = SharedConfiguration()
    ) throws(ConfigurationError) -> URL {
        if let configured = try configuredEndpoint(for: service, environment: environment, shared: shared) {
            return configured
        }
        guard let url = defaultEndpoint(for: service, region: region) else {
            throw ConfigurationError(.noRegion(profile: environment.profileName))
        }
        return url
    }

    /// The endpoint set by environment or shared config, or `nil` when none is (or configured
    /// endpoints are ignored).
    public static func configuredEndpoint(
        for service: AWSService,
        environment: AWSEnvironment,
        shared: SharedConfiguration
    ) throws(ConfigurationError) -> URL? {
        let ignoreVariable = environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased()
        if ignoreVariable == "true" { return nil }
        let profile = try shared.selectedProfile(in: environment)
        if ignoreVariable == nil, profile?["ignore_configured_endpoint_urls"]?.lowercased() == "true" { return nil }
        if let value = environment[service.endpointVariable] {
            return try validated(value, setting: service.endpointVariable)
        }
        if let value = environment["AWS_ENDPOINT_URL"] {
            return try validated(value, setting: "AWS_ENDPOINT_URL")
        }
        guard let profile else { return nil }
        if let servicesName = profile["services"], let section = shared.config.services[servicesName],
            let value = section.subProperties[service.configKey]?["endpoint_url"], !value.isEmpty
        {
            return try validated(value, setting: "endpoint_url for \(service.configKey) in [services \(servicesName)]")
        }
        if let value = profile["endpoint_url"] {
            return try validated(value, setting: "endpoint_url in profile \(profile.name)")
        }
        return nil
    }

    /// `https://<prefix>.<region>.<dns suffix>`, or `https://sts.amazonaws.com` for STS without
    /// a region (or in `aws-global`); `nil` for any other service without a region.
    public static func defaultEndpoint(for service: AWSService, region: String?) -> URL? {
        guard let region, region != "aws-global" else {
            return service == .sts ? URL(string: "https://sts.amazonaws.com") : nil
        }
        return URL(string: "https://\(service.endpointPrefix).\(region).\(dnsSuffix(region: region))")
    }

    /// The DNS suffix of `region`'s partition: `amazonaws.com.cn` for `cn-*`, the ISO
    /// partitions' own, `amazonaws.com` for the rest (GovCloud included).
    public static func dnsSuffix(region: String) -> String {
        if region.hasPrefix("cn-") { return "amazonaws.com.cn" }
        if region.hasPrefix("us-isob-") { return "sc2s.sgov.gov" }
        if region.hasPrefix("us-iso-") { return "c2s.ic.gov" }
        return "amazonaws.com"
    }

    private static func validated(_ value: String, setting: String) throws(ConfigurationError) -> URL {
        guard let url = URL(string: value), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw ConfigurationError(.invalidEndpoint(setting: setting, value: value))
        }
        return url
    }
}
