/// How `HTTPTransport` connects: timeouts, TLS trust, proxy, limits.
///
/// TLS peer and host verification are always on; there is no switch to turn them off.
public struct TransportConfiguration: Sendable, Hashable {
    /// Where requests go through a proxy.
    public enum Proxy: Sendable, Hashable {
        /// libcurl's own reading of the environment when each transfer starts: `http_proxy`
        /// (lower case only) for `http`, `https_proxy`/`HTTPS_PROXY` for `https`,
        /// `all_proxy`/`ALL_PROXY` for both, and `no_proxy`/`NO_PROXY` for the hosts that bypass
        /// it. Ballast sets nothing itself. Checked with libcurl 7.88: with `http_proxy` set a
        /// loopback request goes to the proxy; adding `no_proxy=127.0.0.1` sends it direct.
        case environment
        /// No proxy, whatever the environment says.
        case none
        /// This proxy URL (`http://proxy.internal:3128`) for every request.
        case url(String)
    }

    /// How long establishing a connection (TCP and TLS) may take.
    public var connectTimeout: Duration
    /// How long a whole request may take, connecting included.
    public var timeout: Duration
    /// A PEM file of trusted CA certificates; `nil` uses the system bundle.
    public var caBundlePath: String?
    /// The proxy; `.environment` by default.
    public var proxy: Proxy
    /// The longest response body accepted; a longer one fails with `.responseTooLarge`.
    public var maximumResponseBytes: Int
    /// How many connections to one host may be open at once; more requests wait their turn.
    public var maximumConnectionsPerHost: Int

    /// A configuration; the defaults suit AWS API calls.
    public init(
        connectTimeout: Duration = .seconds(10),
        timeout: Duration = .seconds(60),
        caBundlePath: String? = nil,
        proxy: Proxy = .environment,
        maximumResponseBytes: Int = 64 << 20,
        maximumConnectionsPerHost: Int = 16
    ) {
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.caBundlePath = caBundlePath
        self.proxy = proxy
        self.maximumResponseBytes = maximumResponseBytes
        self.maximumConnectionsPerHost = maximumConnectionsPerHost
    }
}

extension Duration {
    /// The duration in whole milliseconds, at least 1 so that it never means "no limit" to curl.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int(max(1, milliseconds))
    }
}
