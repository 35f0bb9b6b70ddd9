import Foundation
import Synchronization
import Testing

@testable import Aggregation

/// A scrape copies each shard in short lock holds so ingest never waits long for it; what it shows must not depend
/// on where the holds end.
struct ScrapeLockHoldTests {
    private static let summary = ObserverSettings.summary(
        quantiles: [SummaryQuantile(quantile: 0.5, error: 0.05), SummaryQuantile(quantile: 0.99, error: 0.001)],
        maxAge: .seconds(600),
        ageBuckets: 5,
        bufCap: 500
    )

    private static func descriptor(_ name: String, _ kind: SeriesKind, ttl: UInt64 = 0) -> SeriesDescriptor {
        SeriesDescriptor(
            name: name,
            labels: [Label(name: "route", value: "/r")],
            help: "h",
            kind: kind,
            observer: kind == .summary
                ? Self.summary : kind == .histogram ? .histogram(buckets: [1, 10], native: nil) : nil,
            ttlNanoseconds: ttl
        )
    }

    @Test func scrapeInManyHoldsShowsWhatOneHoldShows() {
        let store = SeriesStore(shardCount: 2)
        let kinds: [SeriesKind] = [.counter, .gauge, .summary, .histogram]
        for index in 0..<1_000 {
            let kind = kinds[index % kinds.count]
            guard case .series(let handle) = store.resolve(Self.descriptor("m\(index)", kind), now: 1) else {
                Issue.record("m\(index) was not created")
                return
            }
            for step in 0..<(1 + index % 7) {
                _ = store.apply(Observation(value: Double(index &* 31 &+ step)), to: handle, now: 2)
            }
        }
        // The first scrape flushes every summary; the second, in one hold per shard, then sees the same windows.
        let split = store.exposition(now: 3, lockHoldNanoseconds: 0).metricFamilies()
        let whole = store.exposition(now: 3, lockHoldNanoseconds: .max).metricFamilies()
        #expect(split.count == 1_000)
        #expect("\(split)" == "\(whole)")
    }

    /// A snapshot taken before new families were born keeps showing what it showed; the next one shows them.
    @Test func familiesBornBetweenScrapesShowAndEarlierSnapshotsStay() {
        let store = SeriesStore(shardCount: 2)
        _ = store.resolve(Self.descriptor("b_first", .counter), now: 1)
        let first = store.exposition(now: 2)
        _ = store.resolve(Self.descriptor("a_second", .gauge), now: 3)
        _ = store.resolve(Self.descriptor("c_third", .summary), now: 3)
        let second = store.exposition(now: 4)
        #expect(first.metricFamilies().map(\.name) == ["b_first"])
        #expect(second.metricFamilies().map(\.name) == ["a_second", "b_first", "c_third"])
        #expect(second.metricFamilies().map(\.kind) == [.gauge, .counter, .summary])
    }

    @Test func keepsTheLastCopyOfASeriesCollectedTwice() {
        // Labels "a", "b", "a", "a" at offsets 0, 1, 2, 3.
        let labels = Array("abaa".utf8)
        func entry(
            _ family: UInt32,
            _ offset: Int,
            _ value: Double
        ) -> (family: UInt32, series: ExpositionSnapshot.Series) {
            (family, ExpositionSnapshot.Series(labels: offset..<offset + 1, value: value, count: 0, values: 0..<0))
        }
        // The first entry belongs to another shard and stays, although the same series follows.
        var collected = [entry(1, 0, 5), entry(1, 0, 10), entry(2, 2, 20), entry(1, 1, 30), entry(1, 3, 40)]
        SeriesStore.keepLastOfEachSeries(&collected, from: 1, labels: labels)
        #expect(collected.map(\.family) == [1, 2, 1, 1])
        #expect(collected.map(\.series.value) == [5, 20, 30, 40])
    }

    /// Series expiring and being born again while another thread scrapes in the shortest holds: no scrape may show a
    /// series twice, which would make Prometheus refuse the whole scrape.
    @Test func seriesBornAgainDuringAScrapeIsShownOnce() {
        let store = SeriesStore(shardCount: 1)
        // Churning series spread over the shard, between steady ones, so they sit in different lock holds. Summaries,
        // because a scrape ends a hold after any summary once its time is up (after 256 counters otherwise).
        for index in 0..<500 {
            _ = store.resolve(Self.descriptor("steady\(index)", .summary), now: 0)
            if index % 10 == 0 {
                _ = store.resolve(Self.descriptor("churn\(index / 10)", .summary, ttl: 1), now: 0)
            }
        }
        let churning = Atomic<Bool>(true)
        let stopped = DispatchSemaphore(value: 0)
        // A thread of its own, not a task: the scrapes below keep a thread busy for a while, and tasks of other
        // tests need the rest of the cooperative pool.
        Thread.detachNewThread {
            var now: UInt64 = 10
            while churning.load(ordering: .relaxed) {
                now &+= 10
                store.removeExpired(now: now)
                // Freed slots are reused last-freed first; born in the other order each round, every series comes back
                // at the other end of the shard.
                for index in now % 20 == 0 ? Array(0..<50) : (0..<50).reversed() {
                    _ = store.resolve(Self.descriptor("churn\(index)", .summary, ttl: 1), now: now)
                }
            }
            stopped.signal()
        }
        var duplicates = 0
        for _ in 0..<80 {
            let snapshot = store.exposition(now: 1, lockHoldNanoseconds: 0)
            let names = snapshot.metricFamilies().flatMap { family in
                family.series.map { "\(family.name)\($0.labels)" }
            }
            duplicates += names.count - Set(names).count
        }
        churning.store(false, ordering: .relaxed)
        stopped.wait()
        #expect(duplicates == 0)
    }
}
