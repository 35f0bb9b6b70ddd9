import ByteTables
import Synchronization

/// One lock's worth of series. The store spreads series over shards by the hash of their identity so ingest
/// threads rarely contend, and a scrape holds one shard at a time.
final class Shard: Sendable {
    /// Everything behind the shard's lock. Series are found through a ``HashIndex`` of slot numbers, keyed by family
    /// number and encoded labels; a freed slot is unindexed at once (backward-shift deletion, no tombstones).
    struct State: Sendable {
        var slots: [SeriesSlot] = []
        var freeSlots: [UInt32] = []
        /// Encoded label sets (``LabelKey``) of the slots, back to back.
        var keys: [UInt8] = []
        /// Bytes of ``keys`` that belong to freed slots; reclaimed once they are half the arena.
        var garbage = 0
        /// Live slots by identity hash.
        var index = HashIndex()
        var summaries: [SummaryState] = []
        var freeSummaries: [UInt32] = []
        var histograms: [HistogramState] = []
        /// The fractional part of counters that were ever given a non-whole increment, by slot; see
        /// ``apply(_:to:now:)``.
        /// Most counters only count whole events, so they pay nothing for it.
        var counterFractions: [UInt32: Double] = [:]
        var freeHistograms: [UInt32] = []
        /// The distinct TTLs of the shard's series, in nanoseconds; entry 0 is 0 (no TTL).
        var ttls: [UInt64] = [0]
        /// TTLs of series whose TTL did not fit ``ttls`` (more than 65,535 distinct values), by slot.
        var overflowTTLs: [UInt32: UInt64] = [:]
        /// The store's hash seed.
        let seed: UInt64
        /// Series removed from this shard so far: a scrape that copies the shard in several lock holds checks it to
        /// know whether a series may have moved to another slot in between.
        private(set) var removals: UInt64 = 0

        init(seed: UInt64) {
            self.seed = seed
        }

        /// The slot of the series with this identity, if any.
        func find(family: UInt32, key: UnsafeRawBufferPointer, hash: UInt64) -> UInt32? {
            self.keys.withUnsafeBytes { keys in
                self.index.find(hash: hash) { slot in
                    let candidate = self.slots[Int(slot)]
                    return candidate.family == family
                        && ByteOrder.equal(Self.key(of: candidate, in: keys), key)
                }
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
            Self.hash(of: slot, slots: self.slots, keys: self.keys, seed: self.seed)
        }

        /// The identity hash of `slot`, for ``index``'s `rehash` closures, which may not read `self` while the index
        /// is being changed.
        private static func hash(of slot: UInt32, slots: [SeriesSlot], keys: [UInt8], seed: UInt64) -> UInt64 {
            let series = slots[Int(slot)]
            return keys.withUnsafeBytes {
                ByteHash.hash(Self.key(of: series, in: $0), seed: ByteHash.seed(seed, with: series.family))
            }
        }

        /// The encoded labels of `series`.
        @inline(__always)
        private static func key(of series: SeriesSlot, in keys: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: keys[Int(series.keyStart)..<Int(series.keyStart &+ series.keyCount)])
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
            self.index.insert(index, hash: hash) { [slots = self.slots, keys = self.keys, seed = self.seed] slot in
                Self.hash(of: slot, slots: slots, keys: keys, seed: seed)
            }
            return (index, series.generation)
        }

        /// Frees `slot`: unindexes it, releases its observer state and marks its key bytes as garbage.
        mutating func remove(_ slot: UInt32) {
            let series = self.slots[Int(slot)]
            self.index.remove(slot, hash: self.hash(of: slot)) {
                [slots = self.slots, keys = self.keys, seed = self.seed] slot in
                Self.hash(of: slot, slots: slots, keys: keys, seed: seed)
            }
            switch series.kind {
            case .summary:
                self.summaries[Int(series.observer)] = SummaryState(window: .released)
                self.freeSummaries.append(series.observer)
            case .histogram:
                self.histograms[Int(series.observer)] = HistogramState(upperBounds: [], bucketCounts: [])
                self.freeHistograms.append(series.observer)
            case .counter:
                self.counterFractions[slot] = nil
            case .gauge:
                break
            }
            self.garbage &+= Int(series.keyCount)
            if series.ttl == UInt16.max {
                self.overflowTTLs[slot] = nil
            }
            self.slots[Int(slot)] = SeriesSlot(generation: series.generation &+ 1)
            self.freeSlots.append(slot)
            self.removals &+= 1
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

        /// The value `slot` shows: for a counter its fractional part plus its whole part, in client_golang's order.
        func value(of slot: Int) -> Double {
            let series = self.slots[slot]
            guard series.kind == .counter, let fraction = self.counterFractions[UInt32(slot)] else {
                return series.value
            }
            return fraction + series.value
        }

        /// Applies one observation to live `slot`. Matches client_golang: a NaN observation lands in no finite or
        /// native bucket and makes the sum NaN; a native histogram halves its resolution when an observation leaves it
        /// over its bucket limit; a counter only grows (negative values were rejected before), its whole and
        /// fractional increments summed apart.
        /// - Complexity: O(1) for counters and gauges; does not allocate once a summary's buffers have grown.
        mutating func apply(_ observation: Observation, to slot: Int, now: UInt64) {
            self.slots[slot].lastUpdateNanoseconds = now
            switch self.slots[slot].kind {
            case .counter:
                // client_golang keeps whole increments (exact, in a uint64) apart from fractional ones and adds the two
                // only when read, so `100`, `0.001`, `0.001` reads 100.002, not 100.00200000000001.
                if observation.value >= 0, observation.value < 0x1p64,
                    observation.value.rounded(.towardZero) == observation.value
                {
                    self.slots[slot].value += observation.value
                } else {
                    self.counterFractions[UInt32(slot), default: 0] += observation.value
                }
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
                self.histograms[state].observe(observation.value, times: UInt64(times))
                for _ in 0..<times {
                    self.slots[slot].value += observation.value
                }
                self.histograms[state].count &+= UInt64(times)
            }
        }
    }

    let state: Mutex<State>

    init(seed: UInt64) {
        self.state = Mutex(State(seed: seed))
    }
}
