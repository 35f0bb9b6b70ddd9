/// The slots of an open-addressing hash table: entry numbers placed by hash, probed linearly, at most three quarters
/// full, for a table that keeps its entries and their key bytes in arrays of its own.
///
/// Every table of the package that is keyed on bytes (the series cache, the store's shards, the family registry, the
/// glob matcher's edges, the tag de-duplication) does its probing here, so probing, growth and deletion are written
/// and tested once.
///
/// A slot is 4 bytes, an entry number plus one (0 is empty); the index stores neither keys nor hashes, because these
/// tables hold an entry per series and memory per series is what users pay for. The caller therefore supplies what
/// the index cannot know: whether an entry's key is the key being looked up (``find(hash:matches:)``), and an entry's
/// hash when the index grows or closes the gap a removal leaves (the `rehash` closures). Removal shifts the rest of the
/// probe run back instead of leaving tombstones, so lookups do not slow down as series come and go.
///
/// The slot count is a power of two and a hash's low bits pick the home slot, so hashes must be well mixed in their
/// low bits (``ByteHash`` is). Entry numbers go up to `UInt32.max - 1`. The index is a value with no locks; a table
/// guards it as it guards its entries.
///
/// `public`, not `package` (an exception to the house rule): Swift 6.3.1 does not inline `@inlinable` members of a
/// `package` type into another module, even with `@inline(__always)` (checked with `-emit-assembly`), and the ingest
/// path calls these per sample from other modules. Only the members that must inline are `public`.
public struct HashIndex: Sendable {
    /// Entry number + 1 per slot; 0 is empty. The count is a power of two.
    @usableFromInline var slots: [UInt32]
    /// How many entries are indexed.
    @usableFromInline var storedCount: Int

    /// The slots of an index that has never held an entry: one empty slot, shared, so an empty index allocates
    /// nothing and a lookup needs no special case (it finds the empty slot at once).
    static let unallocated: [UInt32] = [0]

    /// The fewest slots an index allocates.
    @usableFromInline static var minimumSlotCount: Int { 16 }

    /// An empty index; it allocates on its first ``insert(_:hash:rehash:)``.
    package init() {
        self.slots = Self.unallocated
        self.storedCount = 0
    }

    /// An empty index with room for `minimumCapacity` entries before it grows.
    package init(minimumCapacity: Int) {
        self.slots =
            minimumCapacity > 0 ? Array(repeating: 0, count: Self.slotCount(for: minimumCapacity)) : Self.unallocated
        self.storedCount = 0
    }

    /// How many entries are indexed.
    @inlinable
    public var count: Int { self.storedCount }

    /// Whether no entry is indexed.
    @inlinable
    public var isEmpty: Bool { self.storedCount == 0 }

    /// How many entries fit before the next insertion grows the index.
    package var capacity: Int { self.slots.count == 1 ? 0 : self.slots.count / 4 * 3 }

    /// The first entry on `hash`'s probe run for which `matches` is true.
    ///
    /// `matches` gets candidate entry numbers in probe order and compares the candidate's key with the key being
    /// looked up; it is called only for entries that share the run, most of which have the same hash.
    /// - Parameters:
    ///   - hash: the key's hash, as it was given to ``insert(_:hash:rehash:)``.
    ///   - matches: whether the entry with this number has the key being looked up.
    /// - Returns: the matching entry's number, or `nil` when the run ends first.
    /// - Complexity: O(1) expected probes; does not allocate. Always inlined, so `matches` is inlined into the probe
    ///   loop instead of being called through a closure context for every candidate.
    @inlinable @inline(__always)
    public func find(hash: UInt64, matches: (UInt32) -> Bool) -> UInt32? {
        self.slots.withUnsafeBufferPointer { slots in
            let mask = slots.count &- 1
            var position = Int(truncatingIfNeeded: hash) & mask
            while true {
                let stored = slots[position]
                if stored == 0 { return nil }
                if matches(stored &- 1) { return stored &- 1 }
                position = (position &+ 1) & mask
            }
        }
    }

    /// Indexes `entry` under `hash`, growing the index first when it would be more than three quarters full.
    ///
    /// The entry must not be indexed already (look it up with ``find(hash:matches:)`` first).
    /// - Parameters:
    ///   - entry: the entry's number, below `UInt32.max`.
    ///   - hash: the hash of the entry's key.
    ///   - rehash: the hash of an already indexed entry, by number; called only when the index grows, once for each
    ///     entry. It must not reach the table that owns this index through a mutable access: capture what it reads
    ///     (`{ [entries = self.entries] in … }`).
    /// - Complexity: O(1) amortized; allocates only when it grows. Always inlined, like ``find(hash:matches:)``;
    ///   growing is not.
    @inlinable @inline(__always)
    public mutating func insert(_ entry: UInt32, hash: UInt64, rehash: (UInt32) -> UInt64) {
        precondition(entry < UInt32.max, "HashIndex entry numbers stop at UInt32.max - 1")
        if (self.storedCount &+ 1) &* 4 > self.slots.count &* 3 {
            self.grow(rehash: rehash)
        }
        Self.place(entry &+ 1, hash: hash, in: &self.slots)
        self.storedCount &+= 1
    }

    /// Unindexes `entry`, then moves later entries of its probe run back so that no lookup passes an empty slot
    /// before reaching its entry (backward-shift deletion: no tombstones).
    /// - Parameters:
    ///   - entry: an indexed entry.
    ///   - hash: the hash `entry` was inserted with.
    ///   - rehash: the hash of another indexed entry, by number, for the entries after it on the run.
    /// - Complexity: O(1) expected; does not allocate.
    package mutating func remove(_ entry: UInt32, hash: UInt64, rehash: (UInt32) -> UInt64) {
        let mask = self.slots.count &- 1
        let target = entry &+ 1
        var position = Int(truncatingIfNeeded: hash) & mask
        while self.slots[position] != target {
            precondition(self.slots[position] != 0, "HashIndex.remove: the entry is not indexed under this hash")
            position = (position &+ 1) & mask
        }
        self.slots.withUnsafeMutableBufferPointer { slots in
            slots[position] = 0
            var hole = position
            var next = (position &+ 1) & mask
            while slots[next] != 0 {
                let home = Int(truncatingIfNeeded: rehash(slots[next] &- 1)) & mask
                // The entry at `next` may fill the hole unless its home lies cyclically in (hole, next]: then the
                // hole is before its home and a lookup would never probe it.
                if (next &- home) & mask >= (next &- hole) & mask {
                    slots[hole] = slots[next]
                    slots[next] = 0
                    hole = next
                }
                next = (next &+ 1) & mask
            }
        }
        self.storedCount &-= 1
    }

    /// Unindexes every entry.
    /// - Parameter keepingCapacity: whether to keep the slots (zeroing them) rather than release them.
    /// - Complexity: O(slot count) when keeping capacity.
    package mutating func removeAll(keepingCapacity: Bool = false) {
        if !keepingCapacity {
            self.slots = Self.unallocated
        } else if self.storedCount > 0 {
            self.slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        self.storedCount = 0
    }

    /// Unindexes every entry and makes room for `minimumCapacity` entries, for an index refilled from scratch over
    /// and over (the tag de-duplication of one line).
    ///
    /// Keeps the slots when they fit and are at most four times what is needed, so refilling with entry counts of
    /// similar size neither allocates nor clears more slots than the entries need.
    /// - Complexity: O(slots needed).
    package mutating func removeAll(reservingCapacity minimumCapacity: Int) {
        let needed = Self.slotCount(for: minimumCapacity)
        if self.slots.count >= needed && self.slots.count <= needed &* 4 {
            if self.storedCount > 0 {
                self.slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            }
        } else {
            self.slots = Array(repeating: 0, count: needed)
        }
        self.storedCount = 0
    }

    /// The slot count that holds `entries` at most three quarters full.
    @usableFromInline
    static func slotCount(for entries: Int) -> Int {
        var count = Self.minimumSlotCount
        while count / 4 * 3 < entries {
            count &*= 2
        }
        return count
    }

    /// Stores `stored` (entry number + 1) in the first empty slot of `hash`'s run.
    @inlinable @inline(__always)
    static func place(_ stored: UInt32, hash: UInt64, in slots: inout [UInt32]) {
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count &- 1
            var position = Int(truncatingIfNeeded: hash) & mask
            while slots[position] != 0 {
                position = (position &+ 1) & mask
            }
            slots[position] = stored
        }
    }

    /// Doubles the slots and places every entry again.
    @usableFromInline
    mutating func grow(rehash: (UInt32) -> UInt64) {
        var grown = [UInt32](repeating: 0, count: max(Self.minimumSlotCount, self.slots.count &* 2))
        for stored in self.slots where stored != 0 {
            Self.place(stored, hash: rehash(stored &- 1), in: &grown)
        }
        self.slots = grown
    }
}
