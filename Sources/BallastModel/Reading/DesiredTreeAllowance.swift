/// How much one desired state may hold, counted by the readers as they go so that a commit or
/// folder of many large files is refused before it fills memory: each file may hold 1 MiB, so
/// without a bound over the whole, 10,000 files would ask for 10 GiB.
public struct DesiredTreeAllowance: Sendable {
    /// At most this many entries (files, links and whatever else is in the tree).
    public static let maximumEntries = 10_000
    /// At most this many bytes of files in all.
    public static let maximumTotalBytes = 64 << 20

    /// Entries counted so far.
    public private(set) var entries = 0
    /// Bytes of files admitted so far.
    public private(set) var bytes = 0

    /// An allowance with nothing spent.
    public init() {}

    /// Counts one more entry; false once there are more than ``maximumEntries`` (the reader
    /// then stops walking and records ``tooManyEntriesMessage``).
    public mutating func admitEntry() -> Bool {
        entries += 1
        return entries <= Self.maximumEntries
    }

    /// Admits a file of `size` bytes; the reason to reject it (without reading it) when it would
    /// take the total past ``maximumTotalBytes``.
    public mutating func admitFile(size: Int) -> String? {
        guard bytes + size <= Self.maximumTotalBytes else {
            return
                "the desired state holds more than \(Self.maximumTotalBytes) bytes (64 MiB) of files with this one; keep only desired-state files in it"
        }
        bytes += size
        return nil
    }

    /// Why walking stopped at a folder.
    public static let tooManyEntriesMessage =
        "the desired state holds more than \(maximumEntries) files and folders; keep only desired-state files in it"
}
