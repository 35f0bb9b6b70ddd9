import ByteTables
import Synchronization

/// One lock's worth of series. The store spreads series over shards by the hash of their identity so ingest
/// threads rarely contend, and a scrape holds one shard at a time.
final class Shard: Sendable {
    /// Everything behind the shard's lock. Series are found through an open-addressing table (linear probing, at
    /// most three quarters full, backward-shift deletion) of slot numbers, keyed by family number and encoded labels.
    struct State: Sendable {
        var slots: [SeriesSlot] = []
        var freeSlots: [UInt32] = []
        /// Encoded label sets (``LabelKey``) of the slots, back to back.
        var keys: [UInt8] = []
        /// Bytes of ``keys`` that belong to freed slots; reclaimed once they are half the arena.
        var garbage = 0
        /// Slot number + 1 per entry; 0 is empty. A power of two, at most three quarters full.
        var table: [UInt32] = Array(repeating: 0, count: 16)
        var live = 0
        var summaries: [SummaryState] = []
        var freeSummaries: [UInt32] = []
        var histograms: [HistogramState] = []
        var freeHistograms: [UInt32] = []
        /// The distinct TTLs of the shard's series, in nanoseconds; entry 0 is 0 (no TTL).
        var ttls: [UInt64] = [0]
        /// TTLs of series whose TTL did not fit ``ttls`` (more than 65,535 distinct values), by slot.
        var overflowTTLs: [UInt32: UInt64] = [:]
        /// The store's hash seed.
        let seed: UInt64

        init(seed: UInt64) {
            self.seed = seed
        }

        /// The slot of the series with this identity, if any.
        func find(family: UInt32, key: UnsafeRawBufferPointer, hash: UInt64) -> UInt32? {
            let mask = self.table.count &- 1
            var position = Int(truncatingIfNeeded: hash) & mask
            while true {
                let entry = self.table[position]
                if entry == 0 { return nil }
                let slot = entry &- 1
                if self.matches(slot, family: family, key: key) { return slot }
                position = (position &+ 1) & mask
            }
        }

        private func matches(_ slot: UInt32, family: UInt32, key: UnsafeRawBufferPointer) -> Bool {
            let candidate = self.slots[Int(slot)]
            guard candidate.family == family, Int(candidate.keyCount) == key.count else { return false }
            return self.keys.withUnsafeBytes { keys in
                ByteOrder.equal(UnsafeRawBufferPointer(rebasing: keys[Int(candidate.keyStart)..<Int(candidate.keyStart &+ candidate.keyCount)]), key)
            }
        }

        /// The TTL of `slot`, in nanoseconds; 0 for none.
        func ttl(of slot: Int) -> UInt64 {
            let index = self.slots[slot].ttl
            return index == UInt16.max ? self.overflowTTLs[UInt32(slot)] ?? 0 : self.ttls[Int(index)]
        }

        /// Sets the TTL of `slot`.
        mutating func setTTL(_ nanoseconds: UInt64, of slot: Int) {
            if self.slots[slot].ttl == UInt16.max {
                self.overflowTTLs[UInt32(slot)] = nil
            }
            if let index = self.ttls.firstIndex(of: nanoseconds) {
                self.slots[slot].ttl = UInt16(index)
            } else if self.ttls.count < Int(UInt16.max) {
                self.ttls.append(nanoseconds)
                self.slots[slot].ttl = UInt16(self.ttls.count - 1)
            } else {
                self.slots[slot].ttl = UInt16.max
                self.overflowTTLs[UInt32(slot)] = nanoseconds
            }
        }

        /// The identity hash of `slot`, recomputed from its family and key.
        func hash(of slot: UInt32) -> UInt64 {
            let series = self.slots[Int(slot)]
            return self.keys.withUnsafeBytes { keys in
                ByteHash.hash(
                    UnsafeRawBufferPointer(rebasing: keys[Int(series.keyStart)..<Int(series.keyStart &+ series.keyCount)]),
                    seed: ByteHash.seed(self.seed, with: series.family)
                )
            }
        }

        /// Stores `series` (its key already in ``keys``) in a free slot and indexes it.
        mutating func insert(_ series: SeriesSlot, hash: UInt64) -> (slot: UInt32, generation: UInt32) {
            var series = series
            let index: UInt32
            if let free = self.freeSlots.popLast() {
                index = free
                series.generation = self.slots[Int(free)].generation
                self.slots[Int(free)] = series
            } else {
                index = UInt32(self.slots.count)
                self.slots.append(series)
            }
            self.live &+= 1
            if self.live &* 4 > self.table.count &* 3 {
                self.rebuildTable(size: self.table.count &* 2)
            } else {
                self.place(index, hash: hash)
            }
            return (index, series.generation)
        }

        /// Frees `slot`: unindexes it, releases its observer state and marks its key bytes as garbage.
        mutating func remove(_ slot: UInt32) {
            let series = self.slots[Int(slot)]
            self.unplace(slot, hash: self.hash(of: slot))
            switch series.kind {
            case .summary:
                self.summaries[Int(series.observer)] = SummaryState(window: .released)
                self.freeSummaries.append(series.observer)
            case .histogram:
                self.histograms[Int(series.observer)] = HistogramState(upperBounds: [], bucketCounts: [])
                self.freeHistograms.append(series.observer)
            case .counter, .gauge:
                break
            }
            self.garbage &+= Int(series.keyCount)
            if series.ttl == UInt16.max {
                self.overflowTTLs[slot] = nil
            }
            self.slots[Int(slot)] = SeriesSlot(generation: series.generation &+ 1)
            self.freeSlots.append(slot)
            self.live &-= 1
        }

        /// Rewrites ``keys`` without the bytes of freed slots, when they are half of it.
        mutating func compactKeysIfWorthwhile() {
            guard self.garbage > 4096, self.garbage &* 2 > self.keys.count else { return }
            var compacted: [UInt8] = []
            compacted.reserveCapacity(self.keys.count &- self.garbage)
            for index in self.slots.indices where self.slots[index].isLive {
                let series = self.slots[index]
                let start = UInt32(compacted.count)
                compacted.append(contentsOf: self.keys[Int(series.keyStart)..<Int(series.keyStart &+ series.keyCount)])
                self.slots[index].keyStart = start
            }
            self.keys = compacted
            self.garbage = 0
        }

        /// A new summary state's index.
        mutating func addSummary(_ state: SummaryState) -> UInt32 {
            if let free = self.freeSummaries.popLast() {
                self.summaries[Int(free)] = state
                return free
            }
            self.summaries.append(state)
            return UInt32(self.summaries.count &- 1)
        }

        /// A new histogram state's index.
        mutating func addHistogram(_ state: HistogramState) -> UInt32 {
            if let free = self.freeHistograms.popLast() {
                self.histograms[Int(free)] = state
                return free
            }
            self.histograms.append(state)
            return UInt32(self.histograms.count &- 1)
        }

        /// Applies one observation to live `slot`. Matches client_golang: a NaN observation lands in no finite bucket
        /// and makes the sum NaN; a counter only grows (negative values were rejected before).
        /// - Complexity: O(1) for counters and gauges; does not allocate once a summary's buffers have grown.
        mutating func apply(_ observation: Observation, to slot: Int, now: UInt64) {
            self.slots[slot].lastUpdateNanoseconds = now
            switch self.slots[slot].kind {
            case .counter:
                self.slots[slot].value += observation.value
            case .gauge:
                self.slots[slot].value =
                    observation.isRelative ? self.slots[slot].value + observation.value : observation.value
            case .summary:
                let times = observation.repeatCount
                guard times > 0 else { return }
                let state = Int(self.slots[slot].observer)
                for _ in 0..<times {
                    self.summaries[state].window.observe(observation.value, now: now)
                    self.slots[slot].value += observation.value
                }
                self.summaries[state].count &+= UInt64(times)
            case .histogram:
                let times = observation.repeatCount
                guard times > 0 else { return }
                let state = Int(self.slots[slot].observer)
                if let bucket = self.histograms[state].upperBounds.firstIndex(where: { observation.value <= $0 }) {
                    self.histograms[state].bucketCounts[bucket] &+= UInt64(times)
                }
                for _ in 0..<times {
                    self.slots[slot].value += observation.value
                }
                self.histograms[state].count &+= UInt64(times)
            }
        }

        private mutating func place(_ slot: UInt32, hash: UInt64) {
            let mask = self.table.count &- 1
            var position = Int(truncatingIfNeeded: hash) & mask
            while self.table[position] != 0 {
                position = (position &+ 1) & mask
            }
            self.table[position] = slot &+ 1
        }

        /// Removes `slot` from the table, shifting later entries of its probe run back (no tombstones).
        private mutating func unplace(_ slot: UInt32, hash: UInt64) {
            let mask = self.table.count &- 1
            var position = Int(truncatingIfNeeded: hash) & mask
            while self.table[position] != slot &+ 1 {
                position = (position &+ 1) & mask
            }
            self.table[position] = 0
            var hole = position
            var next = (position &+ 1) & mask
            while self.table[next] != 0 {
                let home = Int(truncatingIfNeeded: self.hash(of: self.table[next] &- 1)) & mask
                // Move the entry back when its home is not in (hole, next], cyclically.
                let distanceToHome = (next &- home) & mask
                let distanceToHole = (next &- hole) & mask
                if distanceToHome >= distanceToHole {
                    self.table[hole] = self.table[next]
                    self.table[next] = 0
                    hole = next
                }
                next = (next &+ 1) & mask
            }
        }

        private mutating func rebuildTable(size: Int) {
            self.table = Array(repeating: 0, count: size)
            for index in self.slots.indices where self.slots[index].isLive {
                self.place(UInt32(index), hash: self.hash(of: UInt32(index)))
            }
        }
    }

    let state: Mutex<State>

    init(seed: UInt64) {
        self.state = Mutex(State(seed: seed))
    }
}
