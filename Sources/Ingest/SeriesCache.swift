import Aggregation
import ByteTables

/// A pipeline-local map from a sample's raw identity (event class, name bytes and tag bytes, exactly as received)
/// to what mapping and the store decided for it, so a known series is updated without building a `String`.
///
/// Owned by one pipeline on one event loop: no locks. Entries are found through a ``HashIndex`` of 32-bit entry
/// numbers; an entry is 28 bytes (where its key sits in one shared arena, and a trivially copyable ``Outcome``),
/// because every series a pipeline has seen costs one. A lookup hashes the key once and compares bytes; it neither
/// allocates nor retains. Inserting appends the key to the arena, when a series is born. The cache only grows until
/// it starts over, so entries are never removed one by one.
struct SeriesCache {
    /// What to do with a sample of a cached key: 20 bytes, no references. The rare parts (a `scale`, a refusal's
    /// epoch, a conflicting name, dropped tags) sit in the cache's ``Extra`` table, at ``extra``.
    struct Outcome {
        enum Kind: UInt8 {
            /// Apply to ``handle``.
            case series
            /// A drop rule matched.
            case dropped
            /// A mapping produced an empty name.
            case emptyName
            /// A counter sample whose (scaled) value is negative; never stored, so the series is not created.
            case negativeCounter
            /// The store's series limit refused the series; worth retrying once series have expired.
            case refused
            /// The name is locked to another type.
            case conflict
        }

        var handle: SeriesHandle
        var kind: Kind
        /// Whether a mapping rule matched (for the action and unmapped counters).
        var mapped: Bool
        var eventType: EventType
        /// Index + 1 into the cache's extras; 0 when there is none (no scale, not refused, no conflict, no dropped
        /// tag).
        var extra: UInt32
    }

    /// The rare parts of an outcome.
    struct Extra {
        /// The mapping's `scale`, 1 without one (multiplying by 1 changes no value, NaN and infinities included).
        var scale: Double = 1
        /// For refusals: the store's expiry epoch when the series was refused.
        var epoch: UInt64 = 0
        /// For conflicts: the metric name locked to another type.
        var conflictName: String = ""
        /// Tags left out of the series (reserved label names, or the observer's own label), each a tag error on
        /// every line that carries them, as a tag the parser refuses is.
        var droppedTags: UInt32 = 0
    }

    private struct Entry {
        var keyStart: UInt32
        var keyCount: UInt32
        var outcome: Outcome
    }

    /// Entries beyond which the cache starts over, bounding its memory under unbounded cardinality.
    private let capacity: Int
    private var index = HashIndex()
    private var entries: [Entry] = []
    private var arena: [UInt8] = []
    private var extras: [Extra] = []
    /// Per-process random seed, so the table cannot be flooded with keys chosen to collide.
    let seed: UInt64

    init(capacity: Int = 1 << 18, seed: UInt64 = ByteHash.randomSeed()) {
        self.capacity = max(capacity, 1)
        self.seed = seed
    }

    var count: Int { self.entries.count }

    /// An outcome for `kind`, without rare parts; ``store(_:extra:for:hash:)`` adds them.
    static func outcome(
        _ kind: Outcome.Kind,
        mapped: Bool = false,
        eventType: EventType = .counter,
        handle: SeriesHandle = SeriesHandle(shard: 0, slot: 0, generation: 0)
    ) -> Outcome {
        Outcome(handle: handle, kind: kind, mapped: mapped, eventType: eventType, extra: 0)
    }

    /// The rare parts of `outcome`.
    @inline(__always)
    func extra(of outcome: Outcome) -> Extra {
        outcome.extra == 0 ? Extra() : self.extras[Int(outcome.extra &- 1)]
    }

    /// The scale of `outcome`; 1 without one.
    @inline(__always)
    func scale(of outcome: Outcome) -> Double {
        outcome.extra == 0 ? 1 : self.extras[Int(outcome.extra &- 1)].scale
    }

    /// The outcome stored for `key`, if any.
    /// - Parameters:
    ///   - key: the raw identity bytes.
    ///   - hash: ``ByteHash/hash(_:seed:)`` of `key` with this cache's ``seed``.
    /// - Complexity: O(key length) expected; does not allocate.
    func outcome(for key: UnsafeRawBufferPointer, hash: UInt64) -> Outcome? {
        self.find(key, hash: hash).map { self.entries[Int($0)].outcome }
    }

    /// Stores `outcome` with its rare parts for `key`, replacing what was there (in place, rare parts included, so
    /// replacing never leaves garbage); starts over first when the cache is full.
    /// - Returns: the outcome as stored, whose rare parts ``extra(of:)`` finds.
    @discardableResult
    mutating func store(_ outcome: Outcome, extra: Extra?, for key: UnsafeRawBufferPointer, hash: UInt64) -> Outcome {
        var outcome = outcome
        outcome.extra = 0
        if let found = self.find(key, hash: hash).map({ Int($0) }) {
            let old = self.entries[found].outcome.extra
            if old != 0 {
                self.extras[Int(old &- 1)] = extra ?? Extra()
                outcome.extra = old
            } else if let extra {
                self.extras.append(extra)
                outcome.extra = UInt32(self.extras.count)
            }
            self.entries[found].outcome = outcome
            return outcome
        }
        if self.entries.count >= self.capacity {
            self.removeAll()
        }
        if let extra {
            self.extras.append(extra)
            outcome.extra = UInt32(self.extras.count)
        }
        let start = UInt32(truncatingIfNeeded: self.arena.count)
        self.arena.append(contentsOf: key)
        self.entries.append(Entry(keyStart: start, keyCount: UInt32(key.count), outcome: outcome))
        self.index.insert(UInt32(self.entries.count &- 1), hash: hash) {
            [entries = self.entries, arena = self.arena, seed = self.seed] entry in
            Self.hash(of: entries[Int(entry)], in: arena, seed: seed)
        }
        return outcome
    }

    mutating func removeAll() {
        self.entries.removeAll(keepingCapacity: true)
        self.arena.removeAll(keepingCapacity: true)
        self.extras.removeAll(keepingCapacity: true)
        self.index.removeAll(keepingCapacity: true)
    }

    /// The number of the entry whose key is `key`.
    @inline(__always)
    private func find(_ key: UnsafeRawBufferPointer, hash: UInt64) -> UInt32? {
        self.entries.withUnsafeBufferPointer { entries in
            self.arena.withUnsafeBytes { arena in
                self.index.find(hash: hash) { number in
                    let entry = entries[Int(number)]
                    // Every key starts with the sample's metric class byte, so neither buffer is empty here.
                    return Int(entry.keyCount) == key.count
                        && ByteOrder.equal(arena.baseAddress! + Int(entry.keyStart), key.baseAddress!, count: key.count)
                }
            }
        }
    }

    /// The hash of `entry`'s key, which ``store(_:extra:for:hash:)`` was given, recomputed from the arena.
    private static func hash(of entry: Entry, in arena: [UInt8], seed: UInt64) -> UInt64 {
        arena.withUnsafeBytes {
            ByteHash.hash(
                UnsafeRawBufferPointer(rebasing: $0[Int(entry.keyStart)..<Int(entry.keyStart &+ entry.keyCount)]),
                seed: seed
            )
        }
    }
}
