import Aggregation
import ByteTables
import Exposition

/// Turns one snapshot of everything `/metrics` shows into remote write 1.0 `WriteRequest` bodies
/// (`prometheus.WriteRequest` of Prometheus' prompb), snappy-compressed, at most `maxSamplesPerSend` samples each.
///
/// Series are named and labelled as a scrape by Prometheus would store them: a counter or gauge is one sample, a
/// summary its `quantile` series plus `_sum` and `_count`, a classic histogram its `_bucket` series (`+Inf`
/// included) plus `_sum` and `_count`, and (with `nativeHistograms`) a histogram with native buckets also as one
/// remote-write histogram under the family's own name. Every series gets the external labels it does not carry itself, and its
/// labels sorted by name, as the protocol requires. One `MetricMetadata` per family gives the receiver the type and
/// help. Written straight into bytes with ``ProtobufWriter``, as the scrape is.
package struct WriteRequestEncoder: Sendable {
    /// One request body: compressed bytes and what they hold.
    package struct Batch: Sendable {
        package var body: [UInt8]
        /// Float samples plus native histograms, each counted once, as Prometheus counts them.
        package var samples: Int
    }

    /// `MetricMetadata.MetricType`.
    enum MetadataType: UInt64 {
        case counter = 1
        case gauge = 2
        case histogram = 3
        case summary = 5

        init(_ kind: SeriesKind) {
            switch kind {
            case .counter: self = .counter
            case .gauge: self = .gauge
            case .summary: self = .summary
            case .histogram: self = .histogram
            }
        }
    }

    /// Sorted by name.
    private let externalLabels: [(name: [UInt8], value: [UInt8])]
    private let maxSamplesPerSend: Int
    private let nativeHistograms: Bool

    /// - Parameters:
    ///   - externalLabels: added to every series that does not have a label of that name.
    ///   - maxSamplesPerSend: the most samples in one request (at least 1).
    ///   - nativeHistograms: whether histograms with native buckets are also sent as native histograms.
    package init(externalLabels: [Label], maxSamplesPerSend: Int, nativeHistograms: Bool = true) {
        self.externalLabels = externalLabels.sorted().map { (Array($0.name.utf8), Array($0.value.utf8)) }
        self.maxSamplesPerSend = max(1, maxSamplesPerSend)
        self.nativeHistograms = nativeHistograms
    }

    /// The request bodies for `snapshot` and the self-metric families `own`, every sample stamped
    /// `timestampMilliseconds`. A store family whose name a self-metric takes is left out, as the scrape leaves it
    /// out.
    package func encode(
        _ snapshot: ExpositionSnapshot,
        merging own: [MetricFamilySnapshot],
        timestampMilliseconds: Int64
    ) -> [Batch] {
        var state = EncodingState(limit: self.maxSamplesPerSend, timestamp: timestampMilliseconds)
        let helps = snapshot.helps.map { Array($0.utf8) }
        snapshot.labels.withUnsafeBytes { labels in
            FamilyMerge.forEach(snapshot, merging: own) { family, name in
                self.encode(family, named: Array(name), help: helps[family.help], snapshot, labels, &state)
            } own: { family in
                self.encode(family, &state)
            }
        }
        state.finishBatch()
        return state.batches
    }

    // MARK: Families

    private func encode(
        _ family: ExpositionSnapshot.Family,
        named name: [UInt8],
        help: [UInt8],
        _ snapshot: ExpositionSnapshot,
        _ labels: UnsafeRawBufferPointer,
        _ state: inout EncodingState
    ) {
        guard !family.series.isEmpty else { return }
        state.metadata(MetadataType(family.kind), name: name, help: help)
        // The `quantile` or `le` value of each target, once per family.
        let targets = snapshot.targets(of: family).map(Self.formatted)
        for series in snapshot.series[family.series] {
            state.labels.reset()
            LabelKey.forEach(in: UnsafeRawBufferPointer(rebasing: labels[series.labels])) { name, value, isPlain in
                state.labels.append(name: name, encodedValue: value, isPlain: isPlain)
            }
            state.labels.addMissing(self.externalLabels)
            switch family.kind {
            case .counter, .gauge:
                state.sample(name, suffix: [], series.value)
            case .summary:
                for (quantile, value) in zip(targets, snapshot.values[series.values]) {
                    state.sample(name, suffix: [], value, extra: Self.quantileName, quantile)
                }
                state.sample(name, suffix: Self.sumSuffix, series.value)
                state.sample(name, suffix: Self.countSuffix, Double(series.count))
            case .histogram:
                for (bound, count) in zip(targets, snapshot.bucketCounts[series.values]) {
                    state.sample(name, suffix: Self.bucketSuffix, Double(count), extra: Self.leName, bound)
                }
                state.sample(name, suffix: Self.bucketSuffix, Double(series.count), extra: Self.leName, Self.infinity)
                state.sample(name, suffix: Self.sumSuffix, series.value)
                state.sample(name, suffix: Self.countSuffix, Double(series.count))
                if self.nativeHistograms, series.native >= 0 {
                    state.histogram(name, snapshot.natives[Int(series.native)], series, snapshot)
                }
            }
        }
    }

    /// A self-metric family, from its string form.
    private func encode(_ family: MetricFamilySnapshot, _ state: inout EncodingState) {
        guard !family.series.isEmpty else { return }
        let name = Array(family.name.utf8)
        state.metadata(MetadataType(family.kind), name: name, help: Array(family.help.utf8))
        for series in family.series {
            state.labels.reset()
            for label in series.labels {
                state.labels.append(name: Array(label.name.utf8), value: Array(label.value.utf8))
            }
            state.labels.addMissing(self.externalLabels)
            switch series.value {
            case .scalar(let value):
                state.sample(name, suffix: [], value)
            case .summary(let quantiles, let sum, let count):
                for quantile in quantiles {
                    let label = Self.formatted(quantile.quantile)
                    state.sample(name, suffix: [], quantile.value, extra: Self.quantileName, label)
                }
                state.sample(name, suffix: Self.sumSuffix, sum)
                state.sample(name, suffix: Self.countSuffix, Double(count))
            case .histogram(let buckets, let sum, let count):
                for bucket in buckets {
                    let label = Self.formatted(bucket.upperBound)
                    state.sample(name, suffix: Self.bucketSuffix, Double(bucket.count), extra: Self.leName, label)
                }
                state.sample(name, suffix: Self.bucketSuffix, Double(count), extra: Self.leName, Self.infinity)
                state.sample(name, suffix: Self.sumSuffix, sum)
                state.sample(name, suffix: Self.countSuffix, Double(count))
            }
        }
    }

    /// A bound or quantile as the text format writes it in `le` and `quantile`, so both formats name a series alike.
    private static func formatted(_ value: Double) -> [UInt8] {
        var bytes: [UInt8] = []
        GoFloat.append(value, to: &bytes)
        return bytes
    }

    private static let sumSuffix = Array("_sum".utf8)
    private static let countSuffix = Array("_count".utf8)
    private static let bucketSuffix = Array("_bucket".utf8)
    private static let quantileName = Array("quantile".utf8)
    private static let leName = Array("le".utf8)
    private static let infinity = Array("+Inf".utf8)
}
