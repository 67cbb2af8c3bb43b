/// An IPv4 CIDR block such as `10.10.0.0/16`.
public struct IPv4Block: Sendable, Hashable, CustomStringConvertible {
    /// The network address as a 32-bit number.
    public let address: UInt32
    /// The prefix length, 0–32.
    public let prefixLength: Int

    /// Parses `a.b.c.d/n`; nil when malformed or when host bits are set (`10.0.0.1/16`).
    public init?(_ text: String) {
        guard let (address, prefix) = Self.parts(of: text), address & ~Self.mask(prefix) == 0 else { return nil }
        self.address = address
        self.prefixLength = prefix
    }

    /// The block that contains the address written in `a.b.c.d/n`, host bits cleared
    /// (`10.0.0.1/16` gives `10.0.0.0/16`); nil when malformed. For "did you mean" messages.
    public init?(networkOf text: String) {
        guard let (address, prefix) = Self.parts(of: text) else { return nil }
        self.address = address & Self.mask(prefix)
        self.prefixLength = prefix
    }

    private static func parts(of text: String) -> (address: UInt32, prefix: Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let prefix = Int(parts[1]), (0...32).contains(prefix),
            parts[1].allSatisfy(\.isNumber)
        else { return nil }
        let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var address: UInt32 = 0
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy(\.isNumber), let value = UInt8(octet),
                octet == "0" || !octet.hasPrefix("0")
            else { return nil }
            address = address << 8 | UInt32(value)
        }
        return (address, prefix)
    }

    /// A block from its parts; the address must have no host bits.
    public init(address: UInt32, prefixLength: Int) {
        precondition(address & ~Self.mask(prefixLength) == 0, "host bits set in CIDR block")
        self.address = address
        self.prefixLength = prefixLength
    }

    private static func mask(_ prefix: Int) -> UInt32 {
        prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix)
    }

    /// The last address in the block.
    public var lastAddress: UInt32 { address | ~Self.mask(prefixLength) }

    /// Whether the two blocks share any address.
    public func overlaps(_ other: IPv4Block) -> Bool {
        address <= other.lastAddress && other.address <= lastAddress
    }

    /// Whether `other` lies entirely inside this block.
    public func contains(_ other: IPv4Block) -> Bool {
        other.address >= address && other.lastAddress <= lastAddress
    }

    /// The `index`-th block of prefix length `prefix` inside this one, nil when out of range.
    public func subnet(prefixLength prefix: Int, index: Int) -> IPv4Block? {
        guard prefix >= prefixLength, prefix <= 32, index >= 0 else { return nil }
        let count = 1 << (prefix - prefixLength)
        guard index < count else { return nil }
        return IPv4Block(address: address + UInt32(index) << UInt32(32 - prefix), prefixLength: prefix)
    }

    public var description: String {
        let octets = [24, 16, 8, 0].map { String((address >> UInt32($0)) & 0xff) }
        return octets.joined(separator: ".") + "/\(prefixLength)"
    }
}
