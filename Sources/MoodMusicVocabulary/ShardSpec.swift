/// Which part of the catalog one recommender worker scans: track i belongs to shard
/// `i mod count == index` (every `count`-th track, starting at `index`). The worker's `--shard`,
/// its READY's `shard` and the gateway's shard pools all speak it, as "I/N".
public struct ShardSpec: Sendable, Hashable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// nil unless 0 ≤ index < count ≤ 1024.
    public init?(index: Int, count: Int) {
        guard count >= 1, count <= 1024, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses "I/N", e.g. "0/2".
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: i, count: n)
    }

    public func contains(_ track: Int) -> Bool { track % count == index }

    public var description: String { "\(index)/\(count)" }
}
