import Aggregation

#if canImport(Glibc)
import Glibc
#endif

/// A pipeline-local map from a sample's raw identity (event class, name bytes and tag bytes, exactly as received)
/// to what mapping and the store decided for it, so a known series is updated without building a `String`.
///
/// Owned by one pipeline on one event loop: no locks. It is an open-addressing table (linear probing, at most half
/// full) of 32-bit entry numbers; each entry holds the key's seeded 64-bit hash, where its bytes sit in one shared
/// arena, and a trivially copyable ``Outcome``. A lookup hashes the key once, compares the hash and then the bytes,
/// and copies no reference: it neither allocates nor retains. Inserting appends the key to the arena, when a series
/// is born.
struct SeriesCache {
    /// What to do with a sample of a cached key. A plain value (no references), so a hit copies a few words.
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
            /// The store's series limit refused the series; worth retrying once series have expired (``epoch``
            /// moved).
            case refused
            /// The name is locked to another type; ``conflictName`` indexes the cache's conflicting names.
            case conflict
        }

        var kind: Kind
        /// Whether a mapping rule matched (for the action and unmapped counters).
        var mapped: Bool
        var eventType: EventType
        var handle: SeriesHandle
        /// The mapping's `scale`, 1 without one (multiplying by 1 changes no value, NaN and infinities included).
        var scale: Double
        /// For ``Kind/refused``: the store's expiry epoch when the series was refused.
        var epoch: UInt64
        /// For ``Kind/conflict``.
        var conflictName: UInt32

        init(
            _ kind: Kind,
            mapped: Bool = false,
            eventType: EventType = .counter,
            handle: SeriesHandle = SeriesHandle(shard: 0, slot: 0, generation: 0),
            scale: Double? = nil,
            epoch: UInt64 = 0,
            conflictName: UInt32 = 0
        ) {
            self.kind = kind
            self.mapped = mapped
            self.eventType = eventType
            self.handle = handle
            self.scale = scale ?? 1
            self.epoch = epoch
            self.conflictName = conflictName
        }
    }

    private struct Entry {
        var hash: UInt64
        var keyStart: UInt32
        var keyCount: UInt32
        var outcome: Outcome
    }

    /// Entries beyond which the cache starts over, bounding its memory under unbounded cardinality.
    private let capacity: Int
    /// Slot `i` holds an entry number plus one; 0 is empty. The count is a power of two, at least twice the entries.
    private var slots: [UInt32]
    private var entries: [Entry] = []
    private var arena: [UInt8] = []
    /// Metric names of ``Outcome/Kind/conflict`` outcomes.
    private(set) var conflictNames: [String] = []
    /// Per-process random seed, so the table cannot be flooded with keys chosen to collide.
    let seed: UInt64

    init(capacity: Int = 1 << 18, seed: UInt64 = UInt64.random(in: 0...UInt64.max)) {
        self.capacity = max(capacity, 1)
        self.slots = Array(repeating: 0, count: 64)
        self.seed = seed
    }

    var count: Int { self.entries.count }

    /// The outcome stored for `key`, if any.
    /// - Parameters:
    ///   - key: the raw identity bytes.
    ///   - hash: ``RawKeyHash/hash(_:seed:)`` of `key` with this cache's ``seed``.
    /// - Complexity: O(key length) expected; does not allocate.
    func outcome(for key: UnsafeRawBufferPointer, hash: UInt64) -> Outcome? {
        self.find(key, hash: hash).map { self.entries[$0.entry].outcome }
    }

    /// Stores `outcome` for `key`, replacing what was there; starts over first when the cache is full.
    mutating func store(_ outcome: Outcome, for key: UnsafeRawBufferPointer, hash: UInt64) {
        if let found = self.find(key, hash: hash) {
            self.entries[found.entry].outcome = outcome
            return
        }
        if self.entries.count >= self.capacity {
            self.removeAll()
        }
        if (self.entries.count &+ 1) &* 2 > self.slots.count {
            self.grow()
        }
        let start = UInt32(truncatingIfNeeded: self.arena.count)
        self.arena.append(contentsOf: key)
        self.entries.append(Entry(hash: hash, keyStart: start, keyCount: UInt32(key.count), outcome: outcome))
        self.place(entry: self.entries.count &- 1, hash: hash)
    }

    /// Remembers a conflicting metric name and returns its number for ``Outcome/conflictName``.
    mutating func internConflictName(_ name: String) -> UInt32 {
        self.conflictNames.append(name)
        return UInt32(self.conflictNames.count &- 1)
    }

    mutating func removeAll() {
        self.entries.removeAll(keepingCapacity: true)
        self.arena.removeAll(keepingCapacity: true)
        self.conflictNames.removeAll(keepingCapacity: true)
        for index in self.slots.indices {
            self.slots[index] = 0
        }
    }

    private func find(_ key: UnsafeRawBufferPointer, hash: UInt64) -> (slot: Int, entry: Int)? {
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
                        if entry.hash == hash, Int(entry.keyCount) == key.count,
                            key.count == 0
                                || memcmp(arena.baseAddress! + Int(entry.keyStart), key.baseAddress!, key.count) == 0
                        {
                            return (slot, index)
                        }
                        slot = (slot &+ 1) & mask
                    }
                }
            }
        }
    }

    private mutating func place(entry: Int, hash: UInt64) {
        let mask = self.slots.count &- 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while self.slots[slot] != 0 {
            slot = (slot &+ 1) & mask
        }
        self.slots[slot] = UInt32(entry &+ 1)
    }

    private mutating func grow() {
        let size = self.slots.count &* 2
        self.slots = Array(repeating: 0, count: size)
        for index in self.entries.indices {
            self.place(entry: index, hash: self.entries[index].hash)
        }
    }
}

/// A seeded 64-bit hash of byte strings for the ingest caches (after wyhash's multiply-fold mixing): 8 bytes per
/// step, so a typical 40–80-byte key hashes in a few nanoseconds.
///
/// Not a cryptographic hash. With a random per-process seed, keys that collide cannot be chosen from outside.
enum RawKeyHash {
    private static let prime0: UInt64 = 0xA076_1D64_78BD_642F
    private static let prime1: UInt64 = 0xE703_7ED1_A0B4_28DB
    private static let prime2: UInt64 = 0x8EBC_6AF0_9C88_C6E3

    @inline(__always)
    private static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// The hash of `bytes` under `seed`.
    /// - Complexity: O(*n*); does not allocate.
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let count = bytes.count
        var state = seed ^ Self.fold(UInt64(truncatingIfNeeded: count) ^ Self.prime0, Self.prime1)
        guard let base = bytes.baseAddress, count > 0 else { return Self.fold(state, Self.prime2) }
        var offset = 0
        while offset &+ 8 <= count {
            let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            state = Self.fold(state ^ word, Self.prime1)
            offset &+= 8
        }
        if offset < count {
            var tail: UInt64 = 0
            if count >= 8 {
                // The last 8 bytes, overlapping what was already mixed: one load instead of a byte loop.
                tail = base.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            } else {
                var shift: UInt64 = 0
                while offset < count {
                    tail |= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) &<< shift
                    shift &+= 8
                    offset &+= 1
                }
            }
            state = Self.fold(state ^ tail, Self.prime2)
        }
        return Self.fold(state, Self.prime0 ^ Self.prime2)
    }
}
