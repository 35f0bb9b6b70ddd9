/// A metric family as it is at one scrape: what the exposition renders.
///
/// Self-metrics are built in the same shape, so user and self families render through one path.
package struct MetricFamilySnapshot: Sendable {
    package var name: String
    package var help: String
    package var kind: SeriesKind
    package var series: [SeriesSnapshot]

    package init(name: String, help: String, kind: SeriesKind, series: [SeriesSnapshot]) {
        self.name = name
        self.help = help
        self.kind = kind
        self.series = series
    }
}

/// One series of a family at one scrape.
package struct SeriesSnapshot: Sendable {
    /// Sorted by label name.
    package var labels: [Label]
    package var value: SeriesValueSnapshot

    package init(labels: [Label], value: SeriesValueSnapshot) {
        self.labels = labels
        self.value = value
    }
}

/// The value of one series at one scrape.
package enum SeriesValueSnapshot: Sendable {
    /// A counter or gauge.
    case scalar(Double)
    /// Quantile values in the order of their targets, plus the cumulative sum and count.
    case summary(quantiles: [QuantileValue], sum: Double, count: UInt64)
    /// Cumulative counts per upper bound (without `+Inf`, which equals `count`), plus sum and count.
    case histogram(buckets: [BucketCount], sum: Double, count: UInt64)
}

/// A summary quantile and its current estimate (NaN when the window is empty).
package struct QuantileValue: Sendable {
    package var quantile: Double
    package var value: Double

    package init(quantile: Double, value: Double) {
        self.quantile = quantile
        self.value = value
    }
}

/// A histogram bucket: the cumulative count of observations less than or equal to `upperBound`.
package struct BucketCount: Sendable {
    package var upperBound: Double
    package var count: UInt64

    package init(upperBound: Double, count: UInt64) {
        self.upperBound = upperBound
        self.count = count
    }
}
