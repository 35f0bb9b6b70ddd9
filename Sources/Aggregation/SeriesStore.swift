import Synchronization

/// The lock-sharded store of every live series.
///
/// Ingest resolves a series once (``resolve(_:now:)``, the slow path that takes the family lock) and then updates it
/// through its ``SeriesHandle`` (``apply(_:to:now:)``), which takes only the series' shard lock for a few
/// nanoseconds. A scrape (``snapshot(now:)``) copies one shard at a time, so it never blocks ingest for long.
package final class SeriesStore: Sendable {
    private let shards: [Shard]
    private let registry = Mutex(FamilyRegistry())
    /// Most live series allowed; 0 allows any number.
    private let maxSeries: Int
    private let liveSeries = Atomic<Int>(0)
    private let expiries = Atomic<UInt64>(0)

    /// - Parameters:
    ///   - shardCount: how many independently locked shards to spread series over.
    ///   - maxSeries: most live series (`--statsd.max-series`); a new series beyond it is refused. 0 is unlimited.
    package init(shardCount: Int = 64, maxSeries: Int = 0) {
        precondition(shardCount > 0 && shardCount <= Int(UInt32.max), "shardCount must be positive")
        self.shards = (0..<shardCount).map { _ in Shard() }
        self.maxSeries = maxSeries
    }

    /// How many series are live now.
    package var seriesCount: Int { self.liveSeries.load(ordering: .relaxed) }

    /// Moves on whenever series expire: a refusal for the series limit is only worth remembering until then.
    package var expiryEpoch: UInt64 { self.expiries.load(ordering: .acquiring) }

    /// Finds the series `descriptor` names, creating it (and its family) when it does not exist.
    ///
    /// An existing series takes the descriptor's TTL, so a TTL changed by a reload applies from its next sample,
    /// as in statsd_exporter.
    /// - Returns: the series' handle, or ``ResolveOutcome/conflict`` when its name is locked to another type.
    package func resolve(_ descriptor: SeriesDescriptor, now: UInt64) -> ResolveOutcome {
        let identity = SeriesIdentity(name: descriptor.name, labels: descriptor.labels)
        let shardIndex = UInt32(truncatingIfNeeded: UInt(bitPattern: identity.hashValue) % UInt(self.shards.count))
        let shard = self.shards[Int(shardIndex)]
        if let found = shard.state.withLock({ Self.find(identity, kind: descriptor.kind, ttl: descriptor.ttlNanoseconds, in: &$0) }) {
            return found.map { .series(SeriesHandle(shard: shardIndex, slot: $0.slot, generation: $0.generation)) } ?? .conflict
        }
        guard let family = self.registry.withLock({ $0.admit(descriptor) }) else { return .conflict }
        if self.maxSeries > 0 {
            guard self.liveSeries.add(1, ordering: .relaxed).newValue <= self.maxSeries else {
                self.liveSeries.subtract(1, ordering: .relaxed)
                self.registry.withLock { $0.release(descriptor.name) }
                return .limitReached
            }
        } else {
            self.liveSeries.add(1, ordering: .relaxed)
        }
        let created: (slot: UInt32, generation: UInt32, isNew: Bool)? = shard.state.withLock { state in
            if let raced = Self.find(identity, kind: descriptor.kind, ttl: descriptor.ttlNanoseconds, in: &state) {
                return raced.map { ($0.slot, $0.generation, false) }
            }
            var slot = SeriesSlot()
            slot.identity = identity
            slot.kind = descriptor.kind
            slot.lastUpdateNanoseconds = now
            slot.ttlNanoseconds = descriptor.ttlNanoseconds
            switch family.observer {
            case .histogram(let buckets)?:
                slot.upperBounds = buckets
                slot.bucketCounts = Array(repeating: 0, count: buckets.count)
            case .summary(let quantiles, let maxAge, let ageBuckets, let bufCap)?:
                slot.window = SummaryWindow(
                    objectives: quantiles.map { (quantile: $0.quantile, error: $0.error) },
                    maxAge: maxAge,
                    ageBuckets: ageBuckets,
                    bufCap: bufCap,
                    now: now
                )
            case nil:
                break
            }
            let index: UInt32
            if let free = state.freeSlots.popLast() {
                index = free
                slot.generation = state.slots[Int(free)].generation
                state.slots[Int(free)] = slot
            } else {
                index = UInt32(state.slots.count)
                state.slots.append(slot)
            }
            state.index[identity] = index
            return (index, slot.generation, true)
        }
        guard let created, created.isNew else {
            self.liveSeries.subtract(1, ordering: .relaxed)
            self.registry.withLock { $0.release(descriptor.name) }
            guard let created else { return .conflict }
            return .series(SeriesHandle(shard: shardIndex, slot: created.slot, generation: created.generation))
        }
        return .series(SeriesHandle(shard: shardIndex, slot: created.slot, generation: created.generation))
    }

    /// Applies `observation` to the series behind `handle`.
    /// - Returns: `false` when the handle is stale (the series expired); resolve it again.
    /// - Complexity: O(1) for counters and gauges; does not allocate.
    package func apply(_ observation: Observation, to handle: SeriesHandle, now: UInt64) -> Bool {
        self.shards[Int(handle.shard)].state.withLock { state in
            let slot = Int(handle.slot)
            guard slot < state.slots.count, state.slots[slot].generation == handle.generation,
                state.slots[slot].identity != nil
            else { return false }
            state.slots[slot].apply(observation, now: now)
            return true
        }
    }

    /// Removes every series whose TTL has passed since its last update.
    /// - Returns: how many series were removed.
    @discardableResult
    package func removeExpired(now: UInt64) -> Int {
        var removed = 0
        for shard in self.shards {
            let names: [String] = shard.state.withLock { state in
                var names: [String] = []
                for index in state.slots.indices {
                    let slot = state.slots[index]
                    guard let identity = slot.identity, slot.ttlNanoseconds > 0,
                        now &- slot.lastUpdateNanoseconds >= slot.ttlNanoseconds,
                        now >= slot.lastUpdateNanoseconds
                    else { continue }
                    state.index[identity] = nil
                    state.slots[index] = SeriesSlot(generation: slot.generation &+ 1)
                    state.freeSlots.append(UInt32(index))
                    names.append(identity.name)
                }
                return names
            }
            guard !names.isEmpty else { continue }
            removed += names.count
            self.liveSeries.subtract(names.count, ordering: .relaxed)
            self.expiries.add(1, ordering: .releasing)
            self.registry.withLock { registry in
                for name in names { registry.release(name) }
            }
        }
        return removed
    }

    /// Every family with at least one live series, sorted by name, series sorted by label values.
    package func snapshot(now: UInt64) -> [MetricFamilySnapshot] {
        let families = self.registry.withLock { $0.families }
        var seriesByFamily: [String: [SeriesSnapshot]] = [:]
        for shard in self.shards {
            shard.state.withLock { state in
                for index in state.slots.indices {
                    guard let identity = state.slots[index].identity else { continue }
                    let observer = families[identity.name]?.observer
                    let value = state.slots[index].snapshot(now: now, observer: observer)
                    seriesByFamily[identity.name, default: []].append(SeriesSnapshot(labels: identity.labels, value: value))
                }
            }
        }
        var result: [MetricFamilySnapshot] = []
        result.reserveCapacity(seriesByFamily.count)
        for (name, series) in seriesByFamily {
            guard let family = families[name] else { continue }
            result.append(
                MetricFamilySnapshot(name: name, help: family.help, kind: family.kind, series: series.sorted(by: Self.precedes))
            )
        }
        result.sort { $0.name < $1.name }
        return result
    }

    /// How many families of each kind have at least one live series: `statsd_exporter_metrics_total{type}`.
    package func liveFamilyCounts() -> [SeriesKind: Int] {
        self.registry.withLock { registry in
            var counts: [SeriesKind: Int] = [:]
            for family in registry.families.values where family.liveSeries > 0 {
                counts[family.kind, default: 0] += 1
            }
            return counts
        }
    }

    /// Looks `identity` up in a shard: `nil` when absent, `.some(nil)` when present with another kind.
    private static func find(
        _ identity: SeriesIdentity,
        kind: SeriesKind,
        ttl: UInt64,
        in state: inout Shard.State
    ) -> (slot: UInt32, generation: UInt32)?? {
        guard let index = state.index[identity] else { return nil }
        guard state.slots[Int(index)].kind == kind else { return .some(nil) }
        state.slots[Int(index)].ttlNanoseconds = ttl
        return .some((index, state.slots[Int(index)].generation))
    }

    /// client_golang's order: label values compared pair by pair, then the shorter label set first.
    private static func precedes(_ lhs: SeriesSnapshot, _ rhs: SeriesSnapshot) -> Bool {
        for (left, right) in zip(lhs.labels, rhs.labels) where left != right {
            return left.name != right.name ? left.name < right.name : left.value < right.value
        }
        return lhs.labels.count < rhs.labels.count
    }
}
