import Synchronization
import TestSupport
import Testing

@testable import Aggregation

/// Windows born or queried together flush at different observations, so one sender cycling through many summaries
/// does not make every one of them sort and merge in the same moment.
struct SummaryFlushStaggerTests {
    static let objectives = TargetedQuantileStreamTests.defaultObjectives

    @Test func firstFlushIsStaggeredThenEveryBufCap() {
        // 1_000_123 % 250 = 123: this window flushes first after 500 - 123 observations.
        var window = SummaryWindow(
            objectives: Self.objectives,
            maxAge: .seconds(600),
            ageBuckets: 5,
            bufCap: 500,
            now: 1_000_000,
            stagger: 1_000_123
        )
        #expect(window.flushAt == 377)
        for index in 0..<376 { window.observe(Double(index), now: 1_000_124) }
        #expect(window.flushAt == 377)
        window.observe(376, now: 1_000_124)
        #expect(window.flushAt == 500)
        // A query flushes early: the stagger applies again.
        _ = window.quantiles(now: 1_000_125)
        #expect(window.flushAt == 377)
    }

    /// Every series born from one read of the socket is born at the same time; the stagger comes from the series'
    /// identity, so they still flush at different observations.
    @Test func seriesBornInOneReadSpreadTheirFlushes() {
        let store = SeriesStore(shardCount: 4)
        let observer = ObserverSettings.summary(
            quantiles: Self.objectives.map { SummaryQuantile(quantile: $0.quantile, error: $0.error) },
            maxAge: .seconds(600),
            ageBuckets: 5,
            bufCap: 500
        )
        for index in 0..<1_000 {
            let descriptor = SeriesDescriptor(
                name: "t\(index)",
                labels: [],
                help: "h",
                kind: .summary,
                observer: observer
            )
            guard case .series = store.resolve(descriptor, now: 5_000_000_000) else {
                Issue.record("t\(index) was not created")
                return
            }
        }
        let points = store.shards.flatMap { shard in shard.state.withLock { $0.summaries.map(\.window.flushAt) } }
        #expect(points.count == 1_000)
        #expect(Set(points).count > 200)
        #expect(points.allSatisfy { (251...500).contains($0) })
    }

    /// The stagger moves flushes, not results: every estimate stays within its objective's rank error.
    @Test func estimatesStayWithinTheirErrors() {
        var random = SplitMix64(seed: 7)
        var window = SummaryWindow(
            objectives: Self.objectives,
            maxAge: .seconds(600),
            ageBuckets: 5,
            bufCap: 500,
            now: 1,
            stagger: 201
        )
        var values: [Double] = []
        for step in 0..<20_000 {
            let value = random.nextUnit() * 1_000
            values.append(value)
            window.observe(value, now: 2)
            if step % 3_333 == 0 { _ = window.quantiles(now: 2) }
        }
        values.sort()
        for (objective, estimate) in zip(Self.objectives, window.quantiles(now: 3)) {
            let low = values[Int(Double(values.count) * (objective.quantile - objective.error))]
            let high = values[min(values.count - 1, Int(Double(values.count) * (objective.quantile + objective.error)))]
            #expect((low...high).contains(estimate), "q\(objective.quantile): \(estimate) not in \(low)...\(high)")
        }
    }
}
