/// Every live series at one scrape, in flat arrays and in exposition order: families sorted by name, each family's
/// series sorted by label values as client_golang sorts them.
///
/// Made for rendering: no `String` or `Label` per series. Names and encoded label sets (``LabelKey``) are byte
/// ranges into shared arenas, and summary quantiles and histogram bucket counts are ranges into shared value arrays.
package struct ExpositionSnapshot: Sendable {
    package struct Family: Sendable {
        /// The name's range in ``names``.
        package var name: Range<Int>
        /// Index into ``helps``.
        package var help: Int
        package var kind: SeriesKind
        /// The family's series, a range of ``series``.
        package var series: Range<Int>
        /// Summaries and histograms: index into ``targets``; -1 otherwise.
        package var targets: Int
    }

    package struct Series: Sendable {
        /// The encoded label set's range in ``labels``.
        package var labels: Range<Int>
        /// Counters and gauges: the value. Summaries and histograms: the sum.
        package var value: Double
        /// Summaries and histograms: the observation count.
        package var count: UInt64
        /// Summaries: the quantile estimates, in ``values``. Histograms: the cumulative bucket counts, in
        /// ``bucketCounts``. Empty otherwise.
        package var values: Range<Int>
        /// Counters, summaries and histograms: when the series was born, in nanoseconds since the Unix epoch (the
        /// protobuf format's created timestamp); 0 for gauges.
        package var created: UInt64 = 0
        /// Histograms with native buckets: index into ``natives``; -1 otherwise.
        package var native: Int32 = -1
    }

    /// A native histogram's buckets at one scrape; its populated buckets are ranges of ``nativeKeys`` and
    /// ``nativeCounts``, sorted by index.
    package struct NativeHistogram: Sendable {
        package var schema: Int8
        package var zeroCount: UInt64
        package var positive: Range<Int>
        package var negative: Range<Int>
    }

    package var families: [Family] = []
    package var series: [Series] = []
    /// Family names, back to back; may hold names of families without live series.
    package var names: [UInt8] = []
    package var labels: [UInt8] = []
    /// The family help texts, indexed by ``Family/help``.
    package var helps: [String] = []
    /// Per observer setting, indexed by ``Family/targets``: the target quantiles of a summary, in the order of each
    /// series' ``Series/values``, or the upper bounds of a histogram (without `+Inf`), in the order of each series'
    /// cumulative ``bucketCounts``. Families with the same settings share an entry.
    package var targets: [[Double]] = []
    package var values: [Double] = []
    package var bucketCounts: [UInt64] = []
    package var natives: [NativeHistogram] = []
    /// Bucket indexes of native histograms, by ``NativeHistogram/positive`` and ``NativeHistogram/negative``.
    package var nativeKeys: [Int32] = []
    /// Non-cumulative counts, beside ``nativeKeys``.
    package var nativeCounts: [UInt64] = []

    package init() {}

    /// The quantiles or upper bounds of `family`; empty for counters and gauges.
    package func targets(of family: Family) -> [Double] {
        family.targets >= 0 ? self.targets[family.targets] : []
    }

    /// The snapshot as ``MetricFamilySnapshot`` values, for consumers that want names and labels as strings.
    /// Allocates per series.
    package func metricFamilies() -> [MetricFamilySnapshot] {
        self.families.map { family in
            let name = String(decoding: self.names[family.name], as: UTF8.self)
            let series = self.series[family.series].map { series -> SeriesSnapshot in
                let labels = self.labels.withUnsafeBytes {
                    LabelKey.decode(UnsafeRawBufferPointer(rebasing: $0[series.labels]))
                }
                let value: SeriesValueSnapshot
                switch family.kind {
                case .counter, .gauge:
                    value = .scalar(series.value)
                case .summary:
                    let quantiles = zip(self.targets(of: family), self.values[series.values]).map {
                        QuantileValue(quantile: $0.0, value: $0.1)
                    }
                    value = .summary(quantiles: quantiles, sum: series.value, count: series.count)
                case .histogram:
                    let buckets = zip(self.targets(of: family), self.bucketCounts[series.values]).map {
                        BucketCount(upperBound: $0.0, count: $0.1)
                    }
                    value = .histogram(buckets: buckets, sum: series.value, count: series.count)
                }
                return SeriesSnapshot(labels: labels, value: value)
            }
            return MetricFamilySnapshot(name: name, help: self.helps[family.help], kind: family.kind, series: series)
        }
    }
}
