import Aggregation

/// A pipeline-local map from a sample's raw identity (event class, name bytes and tag bytes, exactly as received)
/// to what mapping and the store decided for it, so a known series is updated without building a `String`.
///
/// Owned by one pipeline on one event loop: no locks. Lookups hash the key bytes and compare them; they do not
/// allocate. Inserting copies the key once, when a series is born.
struct SeriesCache {
    enum Outcome {
        /// Apply to this series; `mapped` says whether a mapping rule matched (for the action/unmapped counters).
        case series(SeriesHandle, scale: Double?, mapped: Bool, eventType: EventType)
        /// A drop rule matched.
        case dropped
        /// A mapping produced an empty name.
        case emptyName
        /// A counter sample whose (scaled) value is negative; never stored, so the series is not created.
        case negativeCounter(mapped: Bool)
        /// The store's series limit refused the series; worth retrying once series have expired (`epoch` moved).
        case refused(epoch: UInt64, mapped: Bool)
        /// The name is locked to another type.
        case conflict(metricName: String, scale: Double?, mapped: Bool, eventType: EventType)
    }

    private struct Entry {
        var key: [UInt8]
        var outcome: Outcome
    }

    /// Entries beyond which the cache starts over, bounding its memory under unbounded cardinality.
    private let capacity: Int
    private var buckets: [Int: [Entry]] = [:]
    private(set) var count = 0

    init(capacity: Int = 1 << 18) {
        self.capacity = capacity
    }

    /// The outcome stored for `key`, if any.
    /// - Complexity: O(key length); does not allocate.
    func outcome(for key: [UInt8], hash: Int) -> Outcome? {
        guard let entries = self.buckets[hash] else { return nil }
        for entry in entries where entry.key == key {
            return entry.outcome
        }
        return nil
    }

    mutating func store(_ outcome: Outcome, for key: [UInt8], hash: Int) {
        if self.count >= self.capacity {
            self.removeAll()
        }
        if let index = self.buckets[hash]?.firstIndex(where: { $0.key == key }) {
            self.buckets[hash]![index].outcome = outcome
            return
        }
        self.buckets[hash, default: []].append(Entry(key: key, outcome: outcome))
        self.count += 1
    }

    mutating func removeAll() {
        self.buckets.removeAll(keepingCapacity: true)
        self.count = 0
    }
}
