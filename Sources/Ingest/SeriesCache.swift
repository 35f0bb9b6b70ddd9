import Aggregation
import ByteTables

/// A pipeline-local map from a sample's raw identity (event class, name bytes and tag bytes, exactly as received)
/// to what mapping and the store decided for it, so a known series is updated without building a `String`.
///
/// Owned by one pipeline on one event loop: no locks. It is an open-addressing table (linear probing, at most three
/// quarters full) of 32-bit entry numbers; an entry is 28 bytes (where its key sits in one shared arena, and a trivially
/// copyable ``Outcome``), because every series a pipeline has seen costs one. A lookup hashes the key once and
/// compares bytes; it neither allocates nor retains. Inserting appends the key to the arena, when a series is born.
struct SeriesCache {
    /// What to do with a sample of a cached key: 20 bytes, no references. The rare parts (a `scale`, a refusal's
    /// epoch, a conflicting name) sit in the cache's ``Extra`` table, at ``extra``.
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
        /// Index + 1 into the cache's extras; 0 when there is none (no scale, not refused, no conflict).
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
    }

    private struct Entry {
        var keyStart: UInt32
        var keyCount: UInt32
        var outcome: Outcome
    }

    /// Entries beyond which the cache starts over, bounding its memory under unbounded cardinality.
    private let capacity: Int
    /// Slot `i` holds an entry number plus one; 0 is empty. The count is a power of two, at most three quarters full.
    private var slots: [UInt32]
    private var entries: [Entry] = []
    private var arena: [UInt8] = []
    private var extras: [Extra] = []
    /// Per-process random seed, so the table cannot be flooded with keys chosen to collide.
    let seed: UInt64

    init(capacity: Int = 1 << 18, seed: UInt64 = ByteHash.randomSeed()) {
        self.capacity = max(capacity, 1)
        self.slots = Array(repeating: 0, count: 64)
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
        self.find(key, hash: hash).map { self.entries[$0].outcome }
    }

    /// Stores `outcome` with its rare parts for `key`, replacing what was there (in place, rare parts included, so
    /// replacing never leaves garbage); starts over first when the cache is full.
    /// - Returns: the outcome as stored, whose rare parts ``extra(of:)`` finds.
    @discardableResult
    mutating func store(_ outcome: Outcome, extra: Extra?, for key: UnsafeRawBufferPointer, hash: UInt64) -> Outcome {
        var outcome = outcome
        outcome.extra = 0
        if let found = self.find(key, hash: hash) {
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
        if (self.entries.count &+ 1) &* 4 > self.slots.count &* 3 {
            self.grow()
        }
        let start = UInt32(truncatingIfNeeded: self.arena.count)
        self.arena.append(contentsOf: key)
        self.entries.append(Entry(keyStart: start, keyCount: UInt32(key.count), outcome: outcome))
        self.place(entry: self.entries.count &- 1, hash: hash)
        return outcome
    }

    mutating func removeAll() {
        self.entries.removeAll(keepingCapacity: true)
        self.arena.removeAll(keepingCapacity: true)
        self.extras.removeAll(keepingCapacity: true)
        for index in self.slots.indices {
            self.slots[index] = 0
        }
    }

    private func find(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        let mask = self.slots.count &- 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return self.slots.withUnsafeBufferPointer { slots in
            self.entries.withUnsafeBufferPointer { entries in
                self.arena.withUnsafeBytes { arena in
                    while true {
                        let number = slots[slot]
                        if number == 0 { return nil }
                        let index = Int(number &- 1)
                        let entry = entries[index]
                        if Int(entry.keyCount) == key.count,
                            Self.equal(arena.baseAddress! + Int(entry.keyStart), key.baseAddress!, count: key.count)
                        {
                            return index
                        }
                        slot = (slot &+ 1) & mask
                    }
                }
            }
        }
    }

    /// Whether `count` bytes at `lhs` and `rhs` are equal; eight at a time.
    @inline(__always)
    private static func equal(_ lhs: UnsafeRawPointer, _ rhs: UnsafeRawPointer, count: Int) -> Bool {
        var offset = 0
        while offset &+ 8 <= count {
            if lhs.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != rhs.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            {
                return false
            }
            offset &+= 8
        }
        while offset < count {
            if lhs.load(fromByteOffset: offset, as: UInt8.self) != rhs.load(fromByteOffset: offset, as: UInt8.self) {
                return false
            }
            offset &+= 1
        }
        return true
    }

    private mutating func place(entry: Int, hash: UInt64) {
        let mask = self.slots.count &- 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while self.slots[slot] != 0 {
            slot = (slot &+ 1) & mask
        }
        self.slots[slot] = UInt32(entry &+ 1)
    }

    /// Doubles the table, rehashing every key from the arena.
    private mutating func grow() {
        self.slots = Array(repeating: 0, count: self.slots.count &* 2)
        for index in self.entries.indices {
            let entry = self.entries[index]
            let hash = self.arena.withUnsafeBytes {
                ByteHash.hash(
                    UnsafeRawBufferPointer(rebasing: $0[Int(entry.keyStart)..<Int(entry.keyStart &+ entry.keyCount)]),
                    seed: self.seed
                )
            }
            self.place(entry: index, hash: hash)
        }
    }
}
