/// How an observer series is built: the summary window or the histogram buckets that its mapping asked for.
package enum ObserverSettings: Sendable, Hashable {
    /// A summary over a sliding window of `maxAge`, split into `ageBuckets` streams.
    case summary(quantiles: [SummaryQuantile], maxAge: Duration, ageBuckets: Int, bufCap: Int)
    /// A histogram with these classic upper bounds (`+Inf` is implicit and must not be listed) and, unless `native`
    /// is `nil`, native buckets beside them.
    case histogram(buckets: [Double], native: NativeHistogramSettings?)
}

/// One target quantile of a summary and the rank error allowed for it.
package struct SummaryQuantile: Sendable, Hashable {
    package var quantile: Double
    package var error: Double

    package init(quantile: Double, error: Double) {
        self.quantile = quantile
        self.error = error
    }
}
