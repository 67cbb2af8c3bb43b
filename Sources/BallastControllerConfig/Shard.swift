import BallastModel

/// Which applications one controller replica reconciles when several share them, as Argo CD's
/// application controller shards by StatefulSet ordinal: application `name` belongs to shard
/// `FNV-1a-32(name) mod count`, a hash that never changes between versions or machines, so
/// every replica agrees on the owner of every application without talking to the others.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// This replica's shard, from 0.
    public let index: Int
    /// How many shards there are.
    public let count: Int

    /// Shard `index` of `count`; nil unless `0 <= index < count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, (0..<count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// One replica for everything.
    public static let only = Shard(index: 0, count: 1)!

    /// The shard application `name` belongs to among `count`.
    public static func index(of application: String, count: Int) -> Int {
        Int(fnv1a32(application) % UInt32(max(count, 1)))
    }

    /// Whether this shard reconciles application `name`.
    public func owns(_ application: String) -> Bool {
        Self.index(of: application, count: count) == index
    }

    /// The ordinal at the end of a StatefulSet pod's hostname: `ballast-2` → 2,
    /// `ballast-prod-0.ballast-prod-headless` → 0; nil for a hostname without one.
    public static func ordinal(ofHostname hostname: String) -> Int? {
        let name = hostname.split(separator: ".", maxSplits: 1).first.map(String.init) ?? hostname
        guard let dash = name.lastIndex(of: "-") else { return nil }
        let digits = name[name.index(after: dash)...]
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            return nil
        }
        return Int(digits)
    }

    /// `2/3`: shard 2 of 3.
    public var description: String { "\(index)/\(count)" }

    /// The 32-bit FNV-1a hash of the UTF-8 bytes of `text`.
    static func fnv1a32(_ text: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return hash
    }
}
