import Testing

@testable import Aggregation

struct SeriesStoreTests {
    private func handle(_ outcome: ResolveOutcome) throws -> SeriesHandle {
        guard case .series(let handle) = outcome else {
            Issue.record("expected a series, got \(outcome)")
            throw CancellationError()
        }
        return handle
    }

    private func scalar(_ family: MetricFamilySnapshot, _ index: Int = 0) -> Double? {
        guard case .scalar(let value) = family.series[index].value else { return nil }
        return value
    }

    @Test func countersAccumulateAndGaugesSetOrAdd() throws {
        let store = SeriesStore(shardCount: 4)
        let counter = try handle(
            store.resolve(SeriesDescriptor(name: "hits", labels: [], help: "h", kind: .counter), now: 0)
        )
        #expect(store.apply(Observation(value: 2), to: counter, now: 1))
        #expect(store.apply(Observation(value: 0.5), to: counter, now: 2))
        let gauge = try handle(
            store.resolve(SeriesDescriptor(name: "depth", labels: [], help: "h", kind: .gauge), now: 0)
        )
        #expect(store.apply(Observation(value: 3), to: gauge, now: 1))
        #expect(store.apply(Observation(value: 2, isRelative: true), to: gauge, now: 1))
        #expect(store.apply(Observation(value: -10, isRelative: true), to: gauge, now: 1))
        let families = store.snapshot(now: 3)
        #expect(families.map(\.name) == ["depth", "hits"])
        #expect(scalar(families[0]) == -5)
        #expect(scalar(families[1]) == 2.5)
    }

    @Test func firstTypeWinsAcrossLabelSets() throws {
        let store = SeriesStore(shardCount: 4)
        _ = try handle(
            store.resolve(
                SeriesDescriptor(name: "x", labels: [Label(name: "tag", value: "1")], help: "h", kind: .counter),
                now: 0
            )
        )
        let gauge = SeriesDescriptor(name: "x", labels: [Label(name: "tag", value: "2")], help: "h", kind: .gauge)
        #expect(store.resolve(gauge, now: 0) == .conflict)
        let sameType = SeriesDescriptor(
            name: "x",
            labels: [Label(name: "other", value: "a")],
            help: "h",
            kind: .counter
        )
        _ = try handle(store.resolve(sameType, now: 0))
        #expect(store.snapshot(now: 0).first?.series.count == 2)
    }

    @Test(arguments: [
        ("h_sum", SeriesKind.counter, "h", SeriesKind.histogram, true),
        ("h_bucket", .gauge, "h", .histogram, true),
        ("s_count", .gauge, "s", .summary, true),
        ("s_bucket", .gauge, "s", .summary, false),
        ("x", .gauge, "x_count", .counter, true),
        ("x", .counter, "x_count", .counter, false),
        ("x", .histogram, "x_sum", .gauge, true),
    ])
    func suffixCollisions(
        first: String,
        firstKind: SeriesKind,
        second: String,
        secondKind: SeriesKind,
        conflicts: Bool
    ) throws {
        let store = SeriesStore(shardCount: 2)
        let observer: ObserverSettings? =
            switch firstKind {
            case .histogram: .histogram(buckets: [1], native: nil)
            case .summary: .summary(quantiles: [], maxAge: .seconds(600), ageBuckets: 5, bufCap: 500)
            default: nil
            }
        _ = try handle(
            store.resolve(
                SeriesDescriptor(name: first, labels: [], help: "h", kind: firstKind, observer: observer),
                now: 0
            )
        )
        let secondObserver: ObserverSettings? =
            secondKind == .histogram ? .histogram(buckets: [1], native: nil) : nil
        let outcome = store.resolve(
            SeriesDescriptor(name: second, labels: [], help: "h", kind: secondKind, observer: secondObserver),
            now: 0
        )
        #expect((outcome == .conflict) == conflicts)
    }

    @Test func histogramBucketsAreCumulative() throws {
        let store = SeriesStore(shardCount: 1)
        let series = try handle(
            store.resolve(
                SeriesDescriptor(
                    name: "size",
                    labels: [],
                    help: "h",
                    kind: .histogram,
                    observer: .histogram(buckets: [1, 10, 100], native: nil)
                ),
                now: 0
            )
        )
        for value in [0.5, 5, 50, 500] {
            #expect(store.apply(Observation(value: value), to: series, now: 0))
        }
        #expect(store.apply(Observation(value: 1, repeatCount: 3), to: series, now: 0))
        guard case .histogram(let buckets, let sum, let count) = store.snapshot(now: 0)[0].series[0].value else {
            Issue.record("not a histogram")
            return
        }
        #expect(buckets.map(\.upperBound) == [1, 10, 100])
        #expect(buckets.map(\.count) == [4, 5, 6])
        #expect(sum == 558.5)
        #expect(count == 7)
    }

    @Test func expiredSeriesDisappearAndHandlesGoStale() throws {
        let store = SeriesStore(shardCount: 1)
        let second: UInt64 = 1_000_000_000
        let descriptor = SeriesDescriptor(
            name: "gone",
            labels: [],
            help: "h",
            kind: .counter,
            ttlNanoseconds: 2 * second
        )
        let series = try handle(store.resolve(descriptor, now: 0))
        #expect(store.apply(Observation(value: 1), to: series, now: second))
        #expect(store.removeExpired(now: 2 * second) == 0)
        #expect(store.removeExpired(now: 3 * second) == 1)
        #expect(store.snapshot(now: 3 * second).isEmpty)
        #expect(!store.apply(Observation(value: 1), to: series, now: 3 * second))
        #expect(store.liveFamilyCounts()[.counter] == nil)
        #expect(store.liveCounts().series[.counter] == nil)
        let reborn = try handle(store.resolve(descriptor, now: 4 * second))
        #expect(reborn != series)
        #expect(store.apply(Observation(value: 1), to: reborn, now: 4 * second))
        guard case .scalar(let value) = store.snapshot(now: 4 * second)[0].series[0].value else { return }
        #expect(value == 1)
    }

    @Test func typeLockSurvivesExpiry() throws {
        let store = SeriesStore(shardCount: 1)
        _ = try handle(
            store.resolve(SeriesDescriptor(name: "x", labels: [], help: "h", kind: .counter, ttlNanoseconds: 1), now: 0)
        )
        store.removeExpired(now: 10)
        #expect(store.resolve(SeriesDescriptor(name: "x", labels: [], help: "h", kind: .gauge), now: 10) == .conflict)
    }

    @Test func seriesAreSortedByLabelValues() throws {
        let store = SeriesStore(shardCount: 8)
        for value in ["c", "a", "b"] {
            _ = try handle(
                store.resolve(
                    SeriesDescriptor(name: "m", labels: [Label(name: "k", value: value)], help: "h", kind: .gauge),
                    now: 0
                )
            )
        }
        #expect(store.snapshot(now: 0)[0].series.map { $0.labels[0].value } == ["a", "b", "c"])
    }
}
