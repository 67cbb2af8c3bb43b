import BallastModel

/// A `host:port` to listen on: a host name, an IPv4 address, or an IPv6 address in brackets
/// (`[::1]:8080`, as in URLs), and a port from 0 to 65535 (0: any free one).
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host name or address, without brackets (`::1`, `127.0.0.1`, `localhost`).
    public var host: String
    /// The port (0: any free one).
    public var port: Int

    /// What ``init(_:)`` accepts, for error messages.
    public static let allowedForms = "host:port or [IPv6]:port with a port from 0 to 65535"

    /// Creates an address from its parts.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` or `[IPv6]:port`; nil when it is neither. A bare IPv6 address
    /// (`::1:8080`) is refused: without brackets its port cannot be told from the address.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port), colon != text.startIndex
        else { return nil }
        let hostPart = text[..<colon]
        let host: Substring
        if hostPart.hasPrefix("[") {
            guard hostPart.hasSuffix("]"), hostPart.count > 2 else { return nil }
            host = hostPart.dropFirst().dropLast()
            guard host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." || $0 == "%" || $0.isLetter }),
                host.contains(":")
            else { return nil }
        } else {
            guard !hostPart.contains(":"), !hostPart.contains("]"), !hostPart.contains(where: \.isWhitespace)
            else { return nil }
            host = hostPart
        }
        self.host = String(host)
        self.port = port
    }

    /// Whether the host is an IPv6 address (written in brackets).
    public var isIPv6: Bool { host.contains(":") }

    /// `host:port`, the host in brackets when it is an IPv6 address.
    public var description: String {
        isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The address with another port (the one actually bound when the port was 0).
    public func with(port: Int) -> ListenAddress {
        ListenAddress(host: host, port: port)
    }
}
