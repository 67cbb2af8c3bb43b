import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which container credentials URLs may be called, as the AWS SDKs allow them: `https` to any
/// host; `http` only to loopback (`127.0.0.0/8`, `::1`, `localhost`), the ECS agent
/// (`169.254.170.2`) and the EKS Pod Identity agent (`169.254.170.23`, `fd00:ec2::23`).
///
/// Host names other than `localhost` are not resolved: a name is allowed over `http` only if it
/// is one of those addresses written out.
public enum ContainerEndpointPolicy {
    /// Why `url` may not be called, or `nil` when it may.
    public static func refusal(for url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return "only http and https URLs are allowed"
        }
        guard var host = url.host, !host.isEmpty else { return "the URL has no host" }
        if scheme == "https" { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return isAllowedForHTTP(host: host)
            ? nil
            : "http is allowed only to loopback, 169.254.170.2, 169.254.170.23 and fd00:ec2::23; use https"
    }

    /// Whether `host` (no brackets) is one of the addresses plain `http` may go to.
    static func isAllowedForHTTP(host: String) -> Bool {
        if host.lowercased() == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            let bytes = withUnsafeBytes(of: v4) { Array($0) }
            return bytes[0] == 127 || bytes == [169, 254, 170, 2] || bytes == [169, 254, 170, 23]
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            let bytes = withUnsafeBytes(of: v6) { Array($0) }
            let loopback: [UInt8] = Array(repeating: 0, count: 15) + [1]
            let eksAgent: [UInt8] = [0xfd, 0x00, 0x0e, 0xc2] + Array(repeating: 0, count: 11) + [0x23]
            return bytes == loopback || bytes == eksAgent
        }
        return false
    }
}
