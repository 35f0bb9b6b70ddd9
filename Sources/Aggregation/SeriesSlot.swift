/// The state of one series inside a shard: 48 bytes, no references. A freed slot is reused by the next series born in
/// the shard.
///
/// The series' identity is its family number and its encoded label set (``LabelKey``), which sits in the shard's key
/// arena. Summaries and histograms keep their windows and buckets in the shard's side tables, at ``observer``.
struct SeriesSlot: Sendable {
    /// The counter or gauge value; the cumulative sum for observers.
    var value: Double = 0
    var lastUpdateNanoseconds: UInt64 = 0
    /// When the series was born (monotonic), for the created timestamp of counters, summaries and histograms.
    var createdNanoseconds: UInt64 = 0
    /// ``free`` while the slot is free.
    var family: UInt32 = Self.free
    /// Bumped whenever the slot is freed, so cached handles to the old series go stale.
    var generation: UInt32 = 0
    var keyStart: UInt32 = 0
    var keyCount: UInt32 = 0
    /// Index into the shard's summaries or histograms.
    var observer: UInt32 = 0
    /// Index into the shard's distinct TTLs (``Shard/State/ttl(of:)``); series share the few TTLs mapping rules give.
    var ttl: UInt16 = 0
    var kind: SeriesKind = .counter

    static let free = UInt32.max

    var isLive: Bool { self.family != Self.free }
}

/// A summary series' window and observation count.
struct SummaryState: Sendable {
    var count: UInt64 = 0
    var window: SummaryWindow
}

/// A histogram series' buckets and observation count.
struct HistogramState: Sendable {
    var count: UInt64 = 0
    /// The family's upper bounds; one array shared by every series of the family.
    var upperBounds: [Double]
    /// Non-cumulative counts per upper bound; observations above the last bound are only in `count`.
    var bucketCounts: [UInt64]
    /// The native buckets, when the family has them.
    var native: NativeBuckets? = nil
    /// The family's native bucket limit; 0 is none.
    var nativeMaxBuckets: UInt32 = 0

    /// Counts `value` `times` times in its classic bucket (none when above every bound or NaN) and, when there
    /// are native buckets, in its native one.
    @inline(__always)
    mutating func observe(_ value: Double, times: UInt64) {
        if let bucket = self.upperBounds.firstIndex(where: { value <= $0 }) {
            self.bucketCounts[bucket] &+= times
        }
        if self.native != nil {
            self.native!.observe(value, times: times, maxBuckets: self.nativeMaxBuckets)
        }
    }
}
