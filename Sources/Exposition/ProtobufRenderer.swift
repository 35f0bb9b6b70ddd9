import Aggregation

/// Renders families as Prometheus' delimited protobuf exposition: each `io.prometheus.client.MetricFamily` message
/// preceded by its length, as client_golang's expfmt writes them for a scraper that asks for protobuf.
///
/// Written from the published client data model (metrics.proto field numbers) straight into the output bytes, as
/// ``TextRenderer`` writes text. Counters, summaries and histograms carry their created timestamps; a histogram
/// with native buckets carries them (schema, zero bucket, spans and deltas) beside its classic buckets, which is
/// what makes Prometheus store it as a native histogram.
package enum ProtobufRenderer {
    /// The `Content-Type` of the output, before its `escaping` parameter.
    package static let contentType =
        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"

    /// metrics.proto's `MetricType` values.
    private enum MetricType: UInt64 {
        case counter = 0
        case gauge = 1
        case summary = 2
        case histogram = 4

        init(_ kind: SeriesKind) {
            switch kind {
            case .counter: self = .counter
            case .gauge: self = .gauge
            case .summary: self = .summary
            case .histogram: self = .histogram
            }
        }
    }

    /// Every family of `snapshot` and of `own` (self-metrics) in name order, as
    /// ``TextRenderer/render(_:merging:chunkBytes:emit:)`` orders them; `emit` gets the bytes whenever about
    /// `chunkBytes` are rendered (at family boundaries) and must leave the buffer empty.
    /// - Parameter ownCreated: the created timestamp of self-metric counters, summaries and histograms (when the
    ///   process started), in nanoseconds since the Unix epoch.
    package static func render(
        _ snapshot: ExpositionSnapshot,
        merging own: [MetricFamilySnapshot],
        ownCreated: UInt64,
        chunkBytes: Int,
        emit: (inout [UInt8]) -> Void
    ) {
        var out: [UInt8] = []
        out.reserveCapacity(chunkBytes &+ 4096)
        var scratch = Scratch()
        // Once per scrape, not per family.
        let helps = snapshot.helps.map { Array($0.utf8) }
        snapshot.labels.withUnsafeBytes { labels in
            FamilyMerge.forEach(snapshot, merging: own) { family, name in
                Self.render(family, named: name, help: helps[family.help], snapshot, labels, &scratch, into: &out)
                if out.count >= chunkBytes { emit(&out) }
            } own: { family in
                Self.render(family, created: ownCreated, into: &out)
                if out.count >= chunkBytes { emit(&out) }
            }
        }
        emit(&out)
    }

    /// Buffers reused across series: decoded label values and a native histogram's spans and deltas.
    private struct Scratch {
        var value: [UInt8] = []
        var layout = NativeBucketLayout()
    }

    private static func render(
        _ family: ExpositionSnapshot.Family,
        named name: UnsafeRawBufferPointer,
        help: [UInt8],
        _ snapshot: ExpositionSnapshot,
        _ labels: UnsafeRawBufferPointer,
        _ scratch: inout Scratch,
        into out: inout [UInt8]
    ) {
        guard !family.series.isEmpty else { return }
        let message = ProtobufWriter.beginMessage(nil, in: &out)
        ProtobufWriter.bytes(1, name, to: &out)
        help.withUnsafeBytes { ProtobufWriter.bytes(2, $0, to: &out) }
        ProtobufWriter.uint(3, MetricType(family.kind).rawValue, to: &out)
        let targets = snapshot.targets(of: family)
        for series in snapshot.series[family.series] {
            let metric = ProtobufWriter.beginMessage(4, in: &out)
            Self.writeLabels(UnsafeRawBufferPointer(rebasing: labels[series.labels]), &scratch.value, into: &out)
            switch family.kind {
            case .counter:
                Self.writeCounter(series.value, created: series.created, into: &out)
            case .gauge:
                Self.writeGauge(series.value, into: &out)
            case .summary:
                let quantiles = zip(targets, snapshot.values[series.values])
                Self.writeSummary(
                    count: series.count,
                    sum: series.value,
                    quantiles,
                    created: series.created,
                    into: &out
                )
            case .histogram:
                let histogram = Self.beginHistogram(count: series.count, sum: series.value, into: &out)
                for (bound, count) in zip(targets, snapshot.bucketCounts[series.values]) {
                    Self.writeBucket(bound, count, into: &out)
                }
                if series.native >= 0 {
                    Self.writeNative(snapshot.natives[Int(series.native)], snapshot, &scratch, into: &out)
                }
                Self.endHistogram(histogram, created: series.created, into: &out)
            }
            ProtobufWriter.endMessage(metric, in: &out)
        }
        ProtobufWriter.endMessage(message, in: &out)
    }

    /// A self-metric family, from its string form.
    private static func render(_ family: MetricFamilySnapshot, created: UInt64, into out: inout [UInt8]) {
        guard !family.series.isEmpty else { return }
        let message = ProtobufWriter.beginMessage(nil, in: &out)
        ProtobufWriter.string(1, family.name, to: &out)
        ProtobufWriter.string(2, family.help, to: &out)
        ProtobufWriter.uint(3, MetricType(family.kind).rawValue, to: &out)
        for series in family.series {
            let metric = ProtobufWriter.beginMessage(4, in: &out)
            for label in series.labels {
                let pair = ProtobufWriter.beginMessage(1, in: &out)
                ProtobufWriter.string(1, label.name, to: &out)
                ProtobufWriter.string(2, label.value, to: &out)
                ProtobufWriter.endMessage(pair, in: &out)
            }
            switch series.value {
            case .scalar(let value) where family.kind == .counter:
                Self.writeCounter(value, created: created, into: &out)
            case .scalar(let value):
                Self.writeGauge(value, into: &out)
            case .summary(let quantiles, let sum, let count):
                let pairs = quantiles.lazy.map { ($0.quantile, $0.value) }
                Self.writeSummary(count: count, sum: sum, pairs, created: created, into: &out)
            case .histogram(let buckets, let sum, let count):
                let histogram = Self.beginHistogram(count: count, sum: sum, into: &out)
                for bucket in buckets {
                    Self.writeBucket(bucket.upperBound, bucket.count, into: &out)
                }
                Self.endHistogram(histogram, created: created, into: &out)
            }
            ProtobufWriter.endMessage(metric, in: &out)
        }
        ProtobufWriter.endMessage(message, in: &out)
    }

    /// `LabelPair` messages from an encoded label set (``LabelKey``), values decoded where they hold 0 or 1 bytes.
    private static func writeLabels(
        _ encoded: UnsafeRawBufferPointer,
        _ decoded: inout [UInt8],
        into out: inout [UInt8]
    ) {
        LabelKey.forEach(in: encoded) { name, value, isPlain in
            let pair = ProtobufWriter.beginMessage(1, in: &out)
            ProtobufWriter.bytes(1, name, to: &out)
            if isPlain {
                ProtobufWriter.bytes(2, value, to: &out)
            } else {
                decoded.removeAll(keepingCapacity: true)
                LabelKey.decodeValue(value, into: &decoded)
                decoded.withUnsafeBytes { ProtobufWriter.bytes(2, $0, to: &out) }
            }
            ProtobufWriter.endMessage(pair, in: &out)
        }
    }

    /// Metric field 3, `Counter`: value 1, created timestamp 3.
    private static func writeCounter(_ value: Double, created: UInt64, into out: inout [UInt8]) {
        let counter = ProtobufWriter.beginMessage(3, in: &out)
        ProtobufWriter.double(1, value, to: &out)
        Self.writeTimestamp(3, created, into: &out)
        ProtobufWriter.endMessage(counter, in: &out)
    }

    /// Metric field 2, `Gauge`: value 1.
    private static func writeGauge(_ value: Double, into out: inout [UInt8]) {
        let gauge = ProtobufWriter.beginMessage(2, in: &out)
        ProtobufWriter.double(1, value, to: &out)
        ProtobufWriter.endMessage(gauge, in: &out)
    }

    /// Metric field 4, `Summary`: count 1, sum 2, quantiles 3 (quantile 1, value 2), created timestamp 4.
    private static func writeSummary(
        count: UInt64,
        sum: Double,
        _ quantiles: some Sequence<(Double, Double)>,
        created: UInt64,
        into out: inout [UInt8]
    ) {
        let summary = ProtobufWriter.beginMessage(4, in: &out)
        ProtobufWriter.uint(1, count, to: &out)
        ProtobufWriter.double(2, sum, to: &out)
        for (quantile, value) in quantiles {
            let message = ProtobufWriter.beginMessage(3, in: &out)
            ProtobufWriter.double(1, quantile, to: &out)
            ProtobufWriter.double(2, value, to: &out)
            ProtobufWriter.endMessage(message, in: &out)
        }
        Self.writeTimestamp(4, created, into: &out)
        ProtobufWriter.endMessage(summary, in: &out)
    }

    /// Starts metric field 7, `Histogram`, with its count (1) and sum (2); the caller adds buckets, then
    /// ``endHistogram(_:created:into:)``.
    private static func beginHistogram(count: UInt64, sum: Double, into out: inout [UInt8]) -> Int {
        let histogram = ProtobufWriter.beginMessage(7, in: &out)
        ProtobufWriter.uint(1, count, to: &out)
        ProtobufWriter.double(2, sum, to: &out)
        return histogram
    }

    /// Ends a histogram with its created timestamp (field 15).
    private static func endHistogram(_ histogram: Int, created: UInt64, into out: inout [UInt8]) {
        Self.writeTimestamp(15, created, into: &out)
        ProtobufWriter.endMessage(histogram, in: &out)
    }

    private static func writeBucket(_ upperBound: Double, _ cumulativeCount: UInt64, into out: inout [UInt8]) {
        let message = ProtobufWriter.beginMessage(3, in: &out)
        ProtobufWriter.uint(1, cumulativeCount, to: &out)
        ProtobufWriter.double(2, upperBound, to: &out)
        ProtobufWriter.endMessage(message, in: &out)
    }

    /// A `google.protobuf.Timestamp` field; nothing for 0 (a gauge, or a time that was never set).
    private static func writeTimestamp(_ field: UInt64, _ unixNanoseconds: UInt64, into out: inout [UInt8]) {
        guard unixNanoseconds > 0 else { return }
        let message = ProtobufWriter.beginMessage(field, in: &out)
        ProtobufWriter.int(1, Int64(unixNanoseconds / 1_000_000_000), to: &out)
        let nanos = unixNanoseconds % 1_000_000_000
        if nanos > 0 { ProtobufWriter.int(2, Int64(nanos), to: &out) }
        ProtobufWriter.endMessage(message, in: &out)
    }

    /// The native part of a histogram: schema, zero threshold and count, then negative and positive spans with
    /// their delta-encoded counts (``NativeBucketLayout``).
    private static func writeNative(
        _ native: ExpositionSnapshot.NativeHistogram,
        _ snapshot: ExpositionSnapshot,
        _ scratch: inout Scratch,
        into out: inout [UInt8]
    ) {
        ProtobufWriter.sint(5, Int64(native.schema), to: &out)
        ProtobufWriter.double(6, NativeHistogramSettings.zeroThreshold, to: &out)
        ProtobufWriter.uint(7, native.zeroCount, to: &out)
        scratch.layout.layOut(native.negative, of: snapshot)
        scratch.layout.write(spanField: 9, deltaField: 10, into: &out)
        scratch.layout.layOut(native.positive, of: snapshot)
        scratch.layout.write(spanField: 12, deltaField: 13, into: &out)
    }
}
