import Aggregation
import Exposition
import TestSupport
import Testing

struct ProtobufRendererTests {
    private func render(_ store: SeriesStore, own: [MetricFamilySnapshot] = []) throws -> [ProtobufMessage] {
        var body: [UInt8] = []
        ProtobufRenderer.render(store.exposition(now: 1_000), merging: own, ownCreated: 7_500_000_000, chunkBytes: 512)
        {
            body.append(contentsOf: $0)
            $0.removeAll(keepingCapacity: true)
        }
        return try ProtobufMessage.delimited(body)
    }

    private func series(
        _ store: SeriesStore,
        _ name: String,
        _ kind: SeriesKind,
        labels: [Label] = [],
        observer: ObserverSettings? = nil,
        _ values: [Double]
    ) {
        #expect(store.record(name, kind, labels: labels, observer: observer, values), "\(name) not created")
    }

    /// MetricFamily: name 1, help 2, type 3, metric 4; Metric: label 1, gauge 2, counter 3; LabelPair: name 1,
    /// value 2; Counter: value 1, created_timestamp 3. Families in name order, series in label order.
    @Test func countersAndGauges() throws {
        let store = SeriesStore()
        self.series(store, "jobs", .counter, labels: [Label(name: "route", value: "/b")], [1, 2.5])
        self.series(store, "jobs", .counter, labels: [Label(name: "route", value: "/a\u{0}x")], [4])
        self.series(store, "depth", .gauge, [7])
        let families = try self.render(store)
        #expect(families.map { $0.string(1) } == ["depth", "jobs"])
        #expect(families.map { $0.uint(3) } == [1, 0])
        #expect(families[1].string(2) == "Help of jobs.")
        let gauge = try #require(try families[0].message(4))
        #expect(try gauge.message(2)?.double(1) == 7)
        #expect(try gauge.messages(1).isEmpty)
        let counters = try families[1].messages(4)
        #expect(try counters.map { try $0.message(1)?.string(2) } == ["/a\u{0}x", "/b"])
        #expect(try counters.map { try $0.message(1)?.string(1) } == ["route", "route"])
        #expect(try counters.map { try $0.message(3)?.double(1) } == [4, 3.5])
        let created = try #require(try counters[0].message(3)?.message(3))
        #expect((created.uint(1) ?? 0) > 1_600_000_000)
    }

    /// Summary: count 1, sum 2, quantile 3 (quantile 1, value 2), created 4.
    @Test func summaries() throws {
        let store = SeriesStore()
        let settings = ObserverSettings.summary(
            quantiles: [SummaryQuantile(quantile: 0.5, error: 0.05), SummaryQuantile(quantile: 0.99, error: 0.001)],
            maxAge: .seconds(600),
            ageBuckets: 5,
            bufCap: 500
        )
        self.series(store, "lat", .summary, observer: settings, [1, 2, 3])
        let summary = try #require(try self.render(store).first?.message(4)?.message(4))
        #expect(summary.uint(1) == 3)
        #expect(summary.double(2) == 6)
        #expect(try summary.messages(3).map { [$0.double(1), $0.double(2)] } == [[0.5, 2], [0.99, 3]])
        #expect(summary.has(4))
    }

    /// Histogram: count 1, sum 2, bucket 3 (cumulative 1, bound 2), schema 5, zero threshold 6, zero count 7,
    /// negative spans 9 and deltas 10, positive spans 12 and deltas 13, created 15. Buckets -3, 0, 1 and 5 at
    /// schema 0 make one span over a gap of two and a second after a gap of three, as client_golang lays them out.
    @Test func nativeHistogramSpansAndDeltas() throws {
        let store = SeriesStore()
        let settings = ObserverSettings.histogram(
            buckets: [1, 10],
            native: NativeHistogramSettings(schema: 0, maxBuckets: 0)
        )
        let values = [0.125, 1, 1, 2, 2, 2, 32, 32, 32, 32, 0, -0.5]
        self.series(store, "size", .histogram, observer: settings, values)
        let histogram = try #require(try self.render(store).first?.message(4)?.message(7))
        #expect(histogram.uint(1) == 12)
        #expect(histogram.double(2) == values.reduce(0, +))
        #expect(try histogram.messages(3).map { [$0.uint(1), $0.double(2).map(UInt64.init)] } == [[5, 1], [8, 10]])
        #expect(histogram.sint(5) == 0)
        #expect(histogram.double(6) == 0x1p-128)
        #expect(histogram.uint(7) == 1)
        let positive = try histogram.messages(12).map { [$0.sint(1), $0.uint(2).map(Int64.init)] }
        #expect(positive == [[-3, 5], [3, 1]])
        #expect(try histogram.packedSints(13) == [1, -1, 0, 2, 1, 1])
        #expect(try histogram.messages(9).map { [$0.sint(1), $0.uint(2).map(Int64.init)] } == [[-1, 1]])
        #expect(try histogram.packedSints(10) == [1])
        #expect(histogram.has(15))
    }

    /// A histogram that has seen nothing still says it is native: a zero threshold, no spans.
    @Test func emptyNativeHistogramIsStillNative() throws {
        let store = SeriesStore()
        let settings = ObserverSettings.histogram(
            buckets: [1],
            native: NativeHistogramSettings(schema: 3, maxBuckets: 256)
        )
        self.series(store, "idle", .histogram, observer: settings, [])
        let histogram = try #require(try self.render(store).first?.message(4)?.message(7))
        #expect(histogram.double(6) == 0x1p-128)
        #expect(histogram.sint(5) == 3)
        #expect(!histogram.has(12) && !histogram.has(9))
    }

    /// Classic-only histograms carry no native fields, so Prometheus reads them as classic.
    @Test func classicHistogramHasNoNativeFields() throws {
        let store = SeriesStore()
        self.series(store, "plain", .histogram, observer: .histogram(buckets: [1], native: nil), [0.5])
        let histogram = try #require(try self.render(store).first?.message(4)?.message(7))
        #expect(!histogram.has(5) && !histogram.has(6) && !histogram.has(7))
        #expect(histogram.uint(1) == 1)
    }

    /// A family too long for a one- or two-byte length prefix (the message is moved up in place), and
    /// self-metric families merged by name, taking the place of a store family of the same name.
    @Test func longFamiliesAndSelfMetrics() throws {
        let store = SeriesStore()
        for index in 0..<2_000 {
            self.series(store, "many", .counter, labels: [Label(name: "id", value: "\(index)")], [Double(index)])
        }
        self.series(store, "statsd_exporter_lines_total", .counter, [1_000])
        let own = [
            MetricFamilySnapshot(
                name: "statsd_exporter_lines_total",
                help: "The total number of StatsD lines received.",
                kind: .counter,
                series: [SeriesSnapshot(labels: [], value: .scalar(3))]
            ),
            MetricFamilySnapshot(
                name: "a_first",
                help: "Sorted first.",
                kind: .gauge,
                series: [SeriesSnapshot(labels: [Label(name: "k", value: "v")], value: .scalar(1))]
            ),
        ]
        let families = try self.render(store, own: own)
        #expect(families.map { $0.string(1) } == ["a_first", "many", "statsd_exporter_lines_total"])
        #expect(try families[1].messages(4).count == 2_000)
        let lines = try #require(try families[2].message(4)?.message(3))
        #expect(lines.double(1) == 3)
        #expect(try lines.message(3)?.uint(1) == 7)
        #expect(try lines.message(3)?.uint(2) == 500_000_000)
    }
}
