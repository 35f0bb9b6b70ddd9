import Aggregation
import RemoteWrite
import TestSupport
import Testing

/// WriteRequest (prompb): timeseries 1, metadata 3. TimeSeries: labels 1 (name 1, value 2), samples 2 (value 1,
/// timestamp 2), histograms 4. MetricMetadata: type 1, metric_family_name 2, help 4.
struct WriteRequestEncoderTests {
    /// One decoded `TimeSeries`: its labels in wire order, and its float sample or native histogram.
    struct Series {
        var labels: [String]
        var value: Double?
        var timestamp: UInt64?
        var histogram: ProtobufMessage?
    }

    /// The series and metadata of request bodies, in order.
    static func decode(_ bodies: [[UInt8]]) throws -> (series: [Series], metadata: [String]) {
        var series: [Series] = []
        var metadata: [String] = []
        for body in bodies {
            let request = try ProtobufMessage(try #require(Snappy.uncompress(body)))
            for message in try request.messages(1) {
                let labels = try message.messages(1).map { "\($0.string(1) ?? "")=\($0.string(2) ?? "")" }
                let sample = try message.message(2)
                series.append(
                    Series(
                        labels: labels,
                        value: sample?.double(1),
                        timestamp: sample?.uint(2),
                        histogram: try message.message(4)
                    )
                )
            }
            metadata += try request.messages(3).map { "\($0.uint(1) ?? 0) \($0.string(2) ?? "") \($0.string(4) ?? "")" }
        }
        return (series, metadata)
    }

    private func series(
        _ store: SeriesStore,
        _ name: String,
        _ kind: SeriesKind,
        labels: [Label] = [],
        observer: ObserverSettings? = nil,
        _ values: [Double]
    ) throws {
        guard store.record(name, kind, labels: labels, observer: observer, values) else {
            throw TestFailure(description: "\(name) not created")
        }
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Counters and gauges are one sample each, at the push's timestamp; labels sorted by name with `__name__` among
    /// them (an upper-case label sorts before it), external labels added unless the series has its own.
    @Test func countersAndGaugesWithExternalLabels() throws {
        let store = SeriesStore()
        try self.series(
            store,
            "jobs",
            .counter,
            labels: [Label(name: "Zone", value: "a"), Label(name: "route", value: "/b\u{0}")],
            [1, 2.5]
        )
        try self.series(store, "depth", .gauge, labels: [Label(name: "instance", value: "own")], [7])
        let encoder = WriteRequestEncoder(
            externalLabels: [Label(name: "instance", value: "bridge-1"), Label(name: "cluster", value: "eu")],
            maxSamplesPerSend: 100
        )
        let batches = encoder.encode(
            store.exposition(now: 1_000),
            merging: [],
            timestampMilliseconds: 1_700_000_000_123
        )
        #expect(batches.map(\.samples) == [2])
        let (series, metadata) = try Self.decode(batches.map(\.body))
        #expect(
            series.map(\.labels) == [
                ["__name__=depth", "cluster=eu", "instance=own"],
                ["Zone=a", "__name__=jobs", "cluster=eu", "instance=bridge-1", "route=/b\u{0}"],
            ]
        )
        #expect(series.map(\.value) == [7, 3.5])
        #expect(series.map(\.timestamp) == [1_700_000_000_123, 1_700_000_000_123])
        #expect(metadata == ["2 depth Help of depth.", "1 jobs Help of jobs."])
    }

    /// A summary is its quantile series plus `_sum` and `_count`; a histogram its `_bucket` series up to `+Inf`
    /// plus `_sum` and `_count`, and with native buckets also one native histogram under its own name.
    @Test func summariesAndHistograms() throws {
        let store = SeriesStore()
        let summary = ObserverSettings.summary(
            quantiles: [SummaryQuantile(quantile: 0.5, error: 0.05), SummaryQuantile(quantile: 0.99, error: 0.001)],
            maxAge: .seconds(600),
            ageBuckets: 5,
            bufCap: 500
        )
        try self.series(store, "lat", .summary, observer: summary, [1, 2, 3])
        let histogram = ObserverSettings.histogram(
            buckets: [1, 10],
            native: NativeHistogramSettings(schema: 0, maxBuckets: 0)
        )
        let values = [0.125, 1, 1, 2, 2, 2, 32, 32, 32, 32, 0, -0.5]
        try self.series(store, "size", .histogram, observer: histogram, values)
        let encoder = WriteRequestEncoder(externalLabels: [], maxSamplesPerSend: 2000)
        let batches = encoder.encode(store.exposition(now: 1_000), merging: [], timestampMilliseconds: 5)
        let (series, metadata) = try Self.decode(batches.map(\.body))
        #expect(
            series.map { $0.labels.joined(separator: ",") } == [
                "__name__=lat,quantile=0.5", "__name__=lat,quantile=0.99", "__name__=lat_sum", "__name__=lat_count",
                "__name__=size_bucket,le=1", "__name__=size_bucket,le=10", "__name__=size_bucket,le=+Inf",
                "__name__=size_sum", "__name__=size_count", "__name__=size",
            ]
        )
        #expect(series.prefix(9).map(\.value) == [2, 3, 6, 3, 5, 8, 12, values.reduce(0, +), 12])
        #expect(batches.map(\.samples) == [10])
        #expect(metadata == ["5 lat Help of lat.", "3 size Help of size."])
        // Histogram: count_int 1, sum 3, schema 4, zero_threshold 5, zero_count_int 6, negative spans 8 and deltas 9,
        // positive spans 11 and deltas 12, timestamp 15; the spans as the exposition lays them out.
        let native = try #require(series.last?.histogram)
        #expect(series.last?.value == nil)
        #expect(native.uint(1) == 12)
        #expect(native.double(3) == values.reduce(0, +))
        #expect(native.sint(4) == 0)
        #expect(native.double(5) == 0x1p-128)
        #expect(native.uint(6) == 1)
        #expect(try native.messages(11).map { [$0.sint(1), $0.uint(2).map(Int64.init)] } == [[-3, 5], [3, 1]])
        #expect(try native.packedSints(12) == [1, -1, 0, 2, 1, 1])
        #expect(try native.messages(8).map { [$0.sint(1), $0.uint(2).map(Int64.init)] } == [[-1, 1]])
        #expect(try native.packedSints(9) == [1])
        #expect(native.uint(15) == 5)

        // Without send_native_histograms, only the classic series go.
        let classic = WriteRequestEncoder(externalLabels: [], maxSamplesPerSend: 2000, nativeHistograms: false)
            .encode(store.exposition(now: 1_000), merging: [], timestampMilliseconds: 5)
        let classicSeries = try Self.decode(classic.map(\.body)).series
        #expect(classicSeries.map(\.labels.first) == series.dropLast().map(\.labels.first))
        #expect(classicSeries.allSatisfy { $0.histogram == nil })
    }

    /// Requests hold at most `max_samples_per_send` samples, cut between series; together they hold every series
    /// once.
    @Test func batchesHoldAtMostTheLimit() throws {
        let store = SeriesStore()
        for index in 0..<1_001 {
            try self.series(store, "many", .counter, labels: [Label(name: "id", value: "\(index)")], [Double(index)])
        }
        let batches = WriteRequestEncoder(externalLabels: [], maxSamplesPerSend: 300)
            .encode(store.exposition(now: 1_000), merging: [], timestampMilliseconds: 1)
        #expect(batches.map(\.samples) == [300, 300, 300, 101])
        let (series, _) = try Self.decode(batches.map(\.body))
        #expect(series.count == 1_001)
        #expect(Set(series.map(\.value)).count == 1_001)
    }

    /// Self-metrics go out with the store's families, in name order; a store family a self-metric's name takes is
    /// left out, as the scrape leaves it out.
    @Test func selfMetricsTakeTheirNames() throws {
        let store = SeriesStore()
        try self.series(store, "statsd_exporter_lines_total", .counter, [1_000])
        try self.series(store, "a_first", .gauge, [1])
        let own = [
            MetricFamilySnapshot(
                name: "statsd_exporter_lines_total",
                help: "The total number of StatsD lines received.",
                kind: .counter,
                series: [SeriesSnapshot(labels: [], value: .scalar(42))]
            ),
            MetricFamilySnapshot(
                name: "statsd_bridge_remote_write_push_duration_seconds",
                help: "Push time.",
                kind: .histogram,
                series: [
                    SeriesSnapshot(
                        labels: [Label(name: "url", value: "http://r/w")],
                        value: .histogram(buckets: [BucketCount(upperBound: 0.5, count: 2)], sum: 0.75, count: 3)
                    )
                ]
            ),
        ]
        let batches = WriteRequestEncoder(externalLabels: [Label(name: "node", value: "n1")], maxSamplesPerSend: 50)
            .encode(store.exposition(now: 1_000), merging: own, timestampMilliseconds: 1)
        let (series, _) = try Self.decode(batches.map(\.body))
        #expect(
            series.map { $0.labels.joined(separator: ",") + " \($0.value ?? -1)" } == [
                "__name__=a_first,node=n1 1.0",
                "__name__=statsd_bridge_remote_write_push_duration_seconds_bucket,le=0.5,node=n1,url=http://r/w 2.0",
                "__name__=statsd_bridge_remote_write_push_duration_seconds_bucket,le=+Inf,node=n1,url=http://r/w 3.0",
                "__name__=statsd_bridge_remote_write_push_duration_seconds_sum,node=n1,url=http://r/w 0.75",
                "__name__=statsd_bridge_remote_write_push_duration_seconds_count,node=n1,url=http://r/w 3.0",
                "__name__=statsd_exporter_lines_total,node=n1 42.0",
            ]
        )
    }

    @Test func emptySnapshotSendsNothing() {
        let batches = WriteRequestEncoder(externalLabels: [], maxSamplesPerSend: 10)
            .encode(SeriesStore().exposition(now: 1), merging: [], timestampMilliseconds: 1)
        #expect(batches.isEmpty)
    }
}
