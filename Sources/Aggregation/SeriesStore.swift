import ByteTables
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lock-sharded store of every live series.
///
/// Ingest resolves a series once (``resolve(_:now:)``, the slow path that takes the family lock) and then updates it
/// through its ``SeriesHandle`` (``apply(_:to:now:)``), which takes only the series' shard lock for a few
/// nanoseconds. A scrape (``exposition(now:)``) copies one shard at a time, so it never blocks ingest for long.
///
/// Memory per series is kept small because cardinality is what users pay for: a counter or gauge costs a 40-byte
/// slot, its share of a hash table and its encoded labels; its family (name, type lock) is stored once.
package final class SeriesStore: Sendable {
    /// Internal, not private, so tests can look inside a shard.
    let shards: [Shard]
    private let registry = Mutex(FamilyRegistry())
    /// Most live series allowed; 0 allows any number.
    private let maxSeries: Int
    private let liveSeries = Atomic<Int>(0)
    private let expiries = Atomic<UInt64>(0)
    private let seed = ByteHash.randomSeed()
    /// Unix time minus monotonic time, in nanoseconds, read once: series are born at monotonic times, and their
    /// created timestamps are shown as Unix times.
    private let monotonicToUnix: Int64 = {
        var wall = timespec()
        var monotonic = timespec()
        clock_gettime(CLOCK_REALTIME, &wall)
        clock_gettime(CLOCK_MONOTONIC, &monotonic)
        return (Int64(wall.tv_sec) &- Int64(monotonic.tv_sec)) &* 1_000_000_000
            &+ (Int64(wall.tv_nsec) &- Int64(monotonic.tv_nsec))
    }()

    /// - Parameters:
    ///   - shardCount: how many independently locked shards to spread series over.
    ///   - maxSeries: most live series (`--statsd.max-series`); a new series beyond it is refused. 0 is unlimited.
    package init(shardCount: Int = 64, maxSeries: Int = 0) {
        precondition(shardCount > 0 && shardCount <= Int(UInt32.max), "shardCount must be positive")
        let seed = self.seed
        self.shards = (0..<shardCount).map { _ in Shard(seed: seed) }
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
        let key = LabelKey.encode(descriptor.labels)
        if let known = self.registry.withLock({ $0.number(of: descriptor.name) }) {
            let (shardIndex, hash) = self.place(family: known, key: key)
            let found = self.shards[shardIndex].state.withLock { state in
                key.withUnsafeBytes {
                    Self.find(family: known, key: $0, hash: hash, descriptor: descriptor, in: &state)
                }
            }
            if let found {
                return found.map {
                    .series(SeriesHandle(shard: UInt32(shardIndex), slot: $0.slot, generation: $0.generation))
                }
                    ?? .conflict
            }
        }
        let admitted: (family: UInt32, observer: ObserverSettings?, objectives: [(quantile: Double, error: Double)])? =
            self.registry.withLock { registry in
                guard let family = registry.admit(descriptor) else { return nil }
                let observer = registry.families[Int(family)].observer
                guard observer != FamilyRegistry.noObserver else { return (family, nil, []) }
                return (family, registry.observers[Int(observer)], registry.objectives[Int(observer)])
            }
        guard let admitted else { return .conflict }
        if self.maxSeries > 0 {
            guard self.liveSeries.add(1, ordering: .relaxed).newValue <= self.maxSeries else {
                self.liveSeries.subtract(1, ordering: .relaxed)
                self.registry.withLock { $0.release(admitted.family) }
                return .limitReached
            }
        } else {
            self.liveSeries.add(1, ordering: .relaxed)
        }
        let (shardIndex, hash) = self.place(family: admitted.family, key: key)
        let created: (slot: UInt32, generation: UInt32, isNew: Bool)? = self.shards[shardIndex].state.withLock {
            state in
            key.withUnsafeBytes { key in
                if let raced = Self.find(
                    family: admitted.family,
                    key: key,
                    hash: hash,
                    descriptor: descriptor,
                    in: &state
                ) {
                    return raced.map { ($0.slot, $0.generation, false) }
                }
                var slot = SeriesSlot()
                slot.family = admitted.family
                slot.kind = descriptor.kind
                slot.lastUpdateNanoseconds = now
                slot.createdNanoseconds = now
                slot.keyStart = UInt32(state.keys.count)
                slot.keyCount = UInt32(key.count)
                state.keys.append(contentsOf: key)
                switch admitted.observer {
                case .histogram(let buckets, let native)?:
                    slot.observer = state.addHistogram(
                        HistogramState(
                            upperBounds: buckets,
                            bucketCounts: Array(repeating: 0, count: buckets.count),
                            native: native.map { NativeBuckets(schema: $0.schema) },
                            nativeMaxBuckets: native?.maxBuckets ?? 0
                        )
                    )
                case .summary(_, let maxAge, let ageBuckets, let bufCap)?:
                    let window = SummaryWindow(
                        objectives: admitted.objectives,
                        maxAge: maxAge,
                        ageBuckets: ageBuckets,
                        bufCap: bufCap,
                        now: now,
                        stagger: hash
                    )
                    slot.observer = state.addSummary(SummaryState(window: window))
                case nil:
                    break
                }
                let inserted = state.insert(slot, hash: hash)
                state.setTTL(descriptor.ttlNanoseconds, of: Int(inserted.slot))
                return (inserted.slot, inserted.generation, true)
            }
        }
        guard let created, created.isNew else {
            self.liveSeries.subtract(1, ordering: .relaxed)
            self.registry.withLock { $0.release(admitted.family) }
            guard let created else { return .conflict }
            return .series(SeriesHandle(shard: UInt32(shardIndex), slot: created.slot, generation: created.generation))
        }
        return .series(SeriesHandle(shard: UInt32(shardIndex), slot: created.slot, generation: created.generation))
    }

    /// Applies `observation` to the series behind `handle`.
    /// - Returns: `false` when the handle is stale (the series expired); resolve it again.
    /// - Complexity: O(1) for counters and gauges; does not allocate.
    package func apply(_ observation: Observation, to handle: SeriesHandle, now: UInt64) -> Bool {
        self.shards[Int(handle.shard)].state.withLock { state in
            let slot = Int(handle.slot)
            guard slot < state.slots.count, state.slots[slot].generation == handle.generation,
                state.slots[slot].isLive
            else { return false }
            state.apply(observation, to: slot, now: now)
            return true
        }
    }

    /// Removes every series whose TTL has passed since its last update.
    /// - Returns: how many series were removed.
    @discardableResult
    package func removeExpired(now: UInt64) -> Int {
        var removed = 0
        for shard in self.shards {
            let families: [UInt32] = shard.state.withLock { state in
                var families: [UInt32] = []
                for index in state.slots.indices where state.slots[index].isLive {
                    let slot = state.slots[index]
                    let ttl = state.ttl(of: index)
                    guard ttl > 0, now &- slot.lastUpdateNanoseconds >= ttl, now >= slot.lastUpdateNanoseconds
                    else { continue }
                    families.append(slot.family)
                    state.remove(UInt32(index))
                }
                if !families.isEmpty {
                    state.compactKeysIfWorthwhile()
                }
                return families
            }
            guard !families.isEmpty else { continue }
            removed += families.count
            self.liveSeries.subtract(families.count, ordering: .relaxed)
            self.expiries.add(1, ordering: .releasing)
            self.registry.withLock { registry in
                for family in families { registry.release(family) }
            }
        }
        return removed
    }

    /// Every family with at least one live series, sorted by name (byte order, as Go sorts), its series sorted by
    /// label values (client_golang's order: pair by pair, then the shorter label set first).
    ///
    /// Summaries are flushed and queried (which is why a scrape mutates the store). Shards are copied one at a time,
    /// each in lock holds of about 50 µs, so ingest into a shard never waits long for a scrape.
    /// - Complexity: O(*n* + *s* log *s*) for *n* series, where *s* is the largest family's series count.
    package func exposition(now: UInt64) -> ExpositionSnapshot {
        self.exposition(now: now, lockHoldNanoseconds: Self.scrapeLockHoldNanoseconds)
    }

    /// How long a scrape holds a shard's lock at most before letting ingest in, plus one summary's flush: a sample
    /// never waits long for a scrape, however many series the shard holds.
    static let scrapeLockHoldNanoseconds: UInt64 = 50_000

    /// ``exposition(now:)`` with the lock hold given; tests pass 0 to split every shard into as many holds as it can,
    /// and `.max` for one hold per shard.
    func exposition(now: UInt64, lockHoldNanoseconds: UInt64) -> ExpositionSnapshot {
        var snapshot = ExpositionSnapshot()
        let registry = self.registry.withLock { registry in
            (
                order: registry.sortedNumbers(),
                families: registry.families,
                names: registry.names,
                helps: registry.helps,
                observers: registry.observers
            )
        }
        snapshot.helps = registry.helps
        // Shared with the registry, not copied: families are never removed and names never change.
        snapshot.names = registry.names
        snapshot.targets = registry.observers.map { observer in
            switch observer {
            case .summary(let quantiles, _, _, _): quantiles.map(\.quantile)
            case .histogram(let buckets, _): buckets
            }
        }
        let targetCounts = snapshot.targets.map(\.count)
        // Collect every live series, tagged with its family's number.
        var collected: [(family: UInt32, series: ExpositionSnapshot.Series)] = []
        collected.reserveCapacity(self.seriesCount)
        for shard in self.shards {
            let shardStart = collected.count
            var next = 0
            var isDone = false
            // The shard's removal count only grows: if it moved between the first hold and the last, a series may
            // have been collected from two slots.
            var removalsAtFirstHold: UInt64?
            var removalsAtLastHold: UInt64 = 0
            while !isDone {
                isDone = shard.state.withLock { state in
                    removalsAtLastHold = state.removals
                    removalsAtFirstHold = removalsAtFirstHold ?? state.removals
                    let start = Self.monotonicNanoseconds()
                    let deadline = lockHoldNanoseconds > UInt64.max &- start ? UInt64.max : start &+ lockHoldNanoseconds
                    while next < state.slots.count {
                        let index = next
                        next &+= 1
                        guard state.slots[index].isLive,
                            // A family born after the registry was read: its series shows from the next scrape.
                            Int(state.slots[index].family) < registry.families.count
                        else { continue }
                        let isCostly = self.collect(
                            index,
                            of: &state,
                            families: registry.families,
                            targetCounts: targetCounts,
                            now: now,
                            into: &snapshot,
                            collected: &collected
                        )
                        if (isCostly || next & 255 == 0) && Self.monotonicNanoseconds() > deadline {
                            return next >= state.slots.count
                        }
                    }
                    return true
                }
            }
            if removalsAtLastHold != removalsAtFirstHold {
                Self.keepLastOfEachSeries(&collected, from: shardStart, labels: snapshot.labels)
            }
        }
        // Group by family in name order (a counting sort on the family's rank), then order each family's series.
        var rank = [UInt32](repeating: 0, count: registry.families.count)
        for (position, family) in registry.order.enumerated() {
            rank[Int(family)] = UInt32(position)
        }
        var starts = [Int](repeating: 0, count: registry.families.count &+ 1)
        for entry in collected {
            starts[Int(rank[Int(entry.family)]) &+ 1] &+= 1
        }
        for position in 0..<registry.families.count {
            starts[position &+ 1] &+= starts[position]
        }
        var next = starts
        snapshot.series = Array(
            repeating: ExpositionSnapshot.Series(labels: 0..<0, value: 0, count: 0, values: 0..<0),
            count: collected.count
        )
        for entry in collected {
            let position = Int(rank[Int(entry.family)])
            snapshot.series[next[position]] = entry.series
            next[position] &+= 1
        }
        snapshot.families.reserveCapacity(registry.order.count)
        snapshot.labels.withUnsafeBytes { labels in
            for (position, number) in registry.order.enumerated() where starts[position &+ 1] > starts[position] {
                let range = starts[position]..<starts[position &+ 1]
                if range.count > 1 {
                    snapshot.series[range].sort {
                        ByteOrder.precedes(
                            UnsafeRawBufferPointer(rebasing: labels[$0.labels]),
                            UnsafeRawBufferPointer(rebasing: labels[$1.labels])
                        )
                    }
                }
                let family = registry.families[Int(number)]
                let targets = family.observer != FamilyRegistry.noObserver ? Int(family.observer) : -1
                snapshot.families.append(
                    ExpositionSnapshot.Family(
                        name: Int(family.nameStart)..<Int(family.nameStart &+ family.nameCount),
                        help: Int(family.help),
                        kind: family.kind,
                        series: range,
                        targets: targets
                    )
                )
            }
        }
        return snapshot
    }

    /// Copies live `slot` of a shard into the snapshot, flushing and querying a summary's window.
    /// - Returns: Whether that was costly (a summary): the caller then checks its lock-hold deadline.
    private func collect(
        _ index: Int,
        of state: inout Shard.State,
        families: [FamilyRegistry.Family],
        targetCounts: [Int],
        now: UInt64,
        into snapshot: inout ExpositionSnapshot,
        collected: inout [(family: UInt32, series: ExpositionSnapshot.Series)]
    ) -> Bool {
        let slot = state.slots[index]
        let labelStart = snapshot.labels.count
        snapshot.labels.append(contentsOf: state.keys[Int(slot.keyStart)..<Int(slot.keyStart &+ slot.keyCount)])
        var series = ExpositionSnapshot.Series(
            labels: labelStart..<snapshot.labels.count,
            value: state.value(of: index),
            count: 0,
            values: 0..<0
        )
        if slot.kind != .gauge {
            series.created = self.unixNanoseconds(monotonic: slot.createdNanoseconds)
        }
        switch slot.kind {
        case .counter, .gauge:
            break
        case .summary:
            let start = snapshot.values.count
            let family = families[Int(slot.family)]
            if family.observer != FamilyRegistry.noObserver {
                let targets = targetCounts[Int(family.observer)]
                state.summaries[Int(slot.observer)].window.appendQuantiles(now: now, to: &snapshot.values)
                // Exactly one value per target, NaN for any the window does not have.
                while snapshot.values.count < start &+ targets {
                    snapshot.values.append(.nan)
                }
                snapshot.values.removeLast(snapshot.values.count &- (start &+ targets))
            }
            series.values = start..<snapshot.values.count
            series.count = state.summaries[Int(slot.observer)].count
        case .histogram:
            let start = snapshot.bucketCounts.count
            var cumulative: UInt64 = 0
            for count in state.histograms[Int(slot.observer)].bucketCounts {
                cumulative &+= count
                snapshot.bucketCounts.append(cumulative)
            }
            series.values = start..<snapshot.bucketCounts.count
            series.count = state.histograms[Int(slot.observer)].count
            if let native = state.histograms[Int(slot.observer)].native {
                series.native = Int32(snapshot.natives.count)
                snapshot.natives.append(Self.append(native, to: &snapshot))
            }
        }
        collected.append((slot.family, series))
        return slot.kind == .summary
    }

    /// Drops all but the last copy of each series (family and labels) among the entries of `collected` from
    /// `start` on: one shard's.
    ///
    /// A shard is copied in several lock holds, so a series that expired and was born again in another slot in between
    /// can be collected twice, from its old slot and its new one; the new one comes later. Two samples of one series
    /// would make Prometheus refuse the whole scrape. Only needed when the shard lost a series between two holds.
    static func keepLastOfEachSeries(
        _ collected: inout [(family: UInt32, series: ExpositionSnapshot.Series)],
        from start: Int,
        labels: [UInt8]
    ) {
        func identity(_ position: Int) -> SeriesIdentity {
            SeriesIdentity(family: collected[position].family, labels: Array(labels[collected[position].series.labels]))
        }
        var last: [SeriesIdentity: Int] = [:]
        for position in start..<collected.count {
            last[identity(position)] = position
        }
        guard last.count < collected.count &- start else { return }
        var kept = start
        for position in start..<collected.count where last[identity(position)] == position {
            collected[kept] = collected[position]
            kept &+= 1
        }
        collected.removeLast(collected.count &- kept)
    }

    /// A series' family and encoded labels, for ``keepLastOfEachSeries(_:from:labels:)``.
    private struct SeriesIdentity: Hashable {
        let family: UInt32
        let labels: [UInt8]
    }

    /// The monotonic clock, in nanoseconds.
    private static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// Copies a native histogram's buckets into the snapshot's shared arrays.
    private static func append(
        _ native: NativeBuckets,
        to snapshot: inout ExpositionSnapshot
    ) -> ExpositionSnapshot.NativeHistogram {
        let positiveStart = snapshot.nativeKeys.count
        snapshot.nativeKeys.append(contentsOf: native.positive.keys)
        snapshot.nativeCounts.append(contentsOf: native.positive.counts)
        let negativeStart = snapshot.nativeKeys.count
        snapshot.nativeKeys.append(contentsOf: native.negative.keys)
        snapshot.nativeCounts.append(contentsOf: native.negative.counts)
        return ExpositionSnapshot.NativeHistogram(
            schema: native.schema,
            zeroCount: native.zeroCount,
            positive: positiveStart..<negativeStart,
            negative: negativeStart..<snapshot.nativeKeys.count
        )
    }

    /// A monotonic time of this process as wall-clock nanoseconds since the Unix epoch.
    private func unixNanoseconds(monotonic: UInt64) -> UInt64 {
        UInt64(clamping: Int64(bitPattern: monotonic) &+ self.monotonicToUnix)
    }

    /// Every family with at least one live series, sorted by name, series sorted by label values: ``exposition(now:)``
    /// with strings, for the status page and tests.
    package func snapshot(now: UInt64) -> [MetricFamilySnapshot] {
        self.exposition(now: now).metricFamilies()
    }

    /// How many families of each kind have at least one live series: `statsd_exporter_metrics_total{type}`.
    package func liveFamilyCounts() -> [SeriesKind: Int] {
        self.liveCounts().families
    }

    /// Live families and live series of each kind, and the `limit` largest families, from the family registry
    /// alone: no shard is read, so it is cheap enough for every status-page load.
    /// - Complexity: O(*n* log *k*) for *n* families and a `limit` of *k*, under the registry lock.
    package func liveCounts(largest limit: Int = 0) -> LiveCounts {
        self.registry.withLock { registry in
            // Counted by the kind's raw value: every scrape runs this over every family, under the lock that new
            // series take, and a dictionary update per family cost a tenth of a 100k-family scrape.
            var familyCounts = [Int](repeating: 0, count: SeriesKind.allCases.count)
            var seriesCounts = familyCounts
            for family in registry.families where family.liveSeries > 0 {
                familyCounts[Int(family.kind.rawValue)] &+= 1
                seriesCounts[Int(family.kind.rawValue)] &+= Int(family.liveSeries)
            }
            var families: [SeriesKind: Int] = [:]
            var series: [SeriesKind: Int] = [:]
            for kind in SeriesKind.allCases where familyCounts[Int(kind.rawValue)] > 0 {
                families[kind] = familyCounts[Int(kind.rawValue)]
                series[kind] = seriesCounts[Int(kind.rawValue)]
            }
            let largest = registry.largest(limit).map { number in
                let family = registry.families[Int(number)]
                return LiveCounts.Family(
                    name: registry.name(of: number),
                    kind: family.kind,
                    series: Int(family.liveSeries)
                )
            }
            return LiveCounts(families: families, series: series, largest: largest)
        }
    }

    /// The shard a series lives in and its identity hash: family number and encoded labels, hashed with the
    /// store's seed. The shard comes from the hash's high bits, the table position within it from the low bits.
    private func place(family: UInt32, key: [UInt8]) -> (shard: Int, hash: UInt64) {
        let hash = ByteHash.hash(key, seed: ByteHash.seed(self.seed, with: family))
        return (Int((hash &>> 32) % UInt64(self.shards.count)), hash)
    }

    /// Looks a series up in a shard: `nil` when absent, `.some(nil)` when present with another kind. A found series
    /// takes the descriptor's TTL.
    private static func find(
        family: UInt32,
        key: UnsafeRawBufferPointer,
        hash: UInt64,
        descriptor: SeriesDescriptor,
        in state: inout Shard.State
    ) -> (slot: UInt32, generation: UInt32)?? {
        guard let slot = state.find(family: family, key: key, hash: hash) else { return nil }
        guard state.slots[Int(slot)].kind == descriptor.kind else { return .some(nil) }
        state.setTTL(descriptor.ttlNanoseconds, of: Int(slot))
        return .some((slot, state.slots[Int(slot)].generation))
    }
}
