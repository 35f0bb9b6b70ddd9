/// The state of one series inside a shard. A freed slot keeps its storage for the next series born in the shard.
struct SeriesSlot: Sendable {
    /// Bumped whenever the slot is freed, so cached handles to the old series go stale.
    var generation: UInt32 = 0
    /// `nil` while the slot is free.
    var identity: SeriesIdentity?
    var kind: SeriesKind = .counter
    var lastUpdateNanoseconds: UInt64 = 0
    var ttlNanoseconds: UInt64 = 0
    /// The counter or gauge value; the cumulative sum for observers.
    var value: Double = 0
    /// Observations, for summaries and histograms.
    var count: UInt64 = 0
    /// Histogram upper bounds, shared with every series of the family.
    var upperBounds: [Double] = []
    /// Non-cumulative counts per upper bound; observations above the last bound are only in `count`.
    var bucketCounts: [UInt64] = []
    var window: SummaryWindow?

    /// Applies one observation. Matches client_golang: a NaN observation lands in no finite bucket and makes the sum
    /// NaN; a counter only grows (negative values were rejected before).
    mutating func apply(_ observation: Observation, now: UInt64) {
        self.lastUpdateNanoseconds = now
        switch self.kind {
        case .counter:
            self.value += observation.value
        case .gauge:
            self.value = observation.isRelative ? self.value + observation.value : observation.value
        case .summary:
            let times = observation.repeatCount
            guard times > 0 else { return }
            for _ in 0..<times {
                self.window?.observe(observation.value, now: now)
                self.value += observation.value
            }
            self.count &+= UInt64(times)
        case .histogram:
            let times = observation.repeatCount
            guard times > 0 else { return }
            if let bucket = self.upperBounds.firstIndex(where: { observation.value <= $0 }) {
                self.bucketCounts[bucket] &+= UInt64(times)
            }
            for _ in 0..<times {
                self.value += observation.value
            }
            self.count &+= UInt64(times)
        }
    }

    /// The value to render; summaries flush and query their window, which is why this mutates.
    mutating func snapshot(now: UInt64, observer: ObserverSettings?) -> SeriesValueSnapshot {
        switch self.kind {
        case .counter, .gauge:
            return .scalar(self.value)
        case .summary:
            guard case .summary(let targets, _, _, _) = observer else {
                return .summary(quantiles: [], sum: self.value, count: self.count)
            }
            let values = self.window?.quantiles(now: now) ?? []
            var quantiles: [QuantileValue] = []
            quantiles.reserveCapacity(targets.count)
            for (index, target) in targets.enumerated() {
                quantiles.append(QuantileValue(quantile: target.quantile, value: index < values.count ? values[index] : .nan))
            }
            return .summary(quantiles: quantiles, sum: self.value, count: self.count)
        case .histogram:
            var buckets: [BucketCount] = []
            buckets.reserveCapacity(self.upperBounds.count)
            var cumulative: UInt64 = 0
            for (bound, count) in zip(self.upperBounds, self.bucketCounts) {
                cumulative &+= count
                buckets.append(BucketCount(upperBound: bound, count: cumulative))
            }
            return .histogram(buckets: buckets, sum: self.value, count: self.count)
        }
    }
}
