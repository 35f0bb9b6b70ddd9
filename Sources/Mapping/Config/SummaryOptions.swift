/// The effective settings of a summary series.
///
/// Zero values from the YAML are already replaced by the client-library defaults that statsd_exporter ends up
/// with (10m, 5, 500), so every field here is the value to use.
package struct SummaryOptions: Sendable, Hashable {
    /// Target quantiles, in the order the configuration lists them, without duplicate quantiles.
    package var quantiles: [Quantile]
    /// Length of the sliding window the quantiles are computed over.
    package var maxAge: Duration
    /// Number of streams the window is split into.
    package var ageBuckets: Int
    /// Samples buffered per stream before they are merged.
    package var bufCap: Int

    package init(quantiles: [Quantile], maxAge: Duration, ageBuckets: Int, bufCap: Int) {
        self.quantiles = quantiles
        self.maxAge = maxAge
        self.ageBuckets = ageBuckets
        self.bufCap = bufCap
    }

    /// The quantiles statsd_exporter uses when nothing is configured: 0.5/0.05, 0.9/0.01, 0.99/0.001.
    package static let defaultQuantiles: [Quantile] = [
        Quantile(quantile: 0.5, error: 0.05),
        Quantile(quantile: 0.9, error: 0.01),
        Quantile(quantile: 0.99, error: 0.001),
    ]

    /// Default window length of client_golang summaries (`DefMaxAge`).
    package static let defaultMaxAge: Duration = .seconds(600)
    /// Default stream count of client_golang summaries (`DefAgeBuckets`).
    package static let defaultAgeBuckets = 5
    /// Default stream buffer of client_golang summaries (`DefBufCap`).
    package static let defaultBufCap = 500

    /// Default quantiles, 10m window, 5 age buckets, buffer of 500.
    package static let `default` = SummaryOptions(
        quantiles: defaultQuantiles,
        maxAge: defaultMaxAge,
        ageBuckets: defaultAgeBuckets,
        bufCap: defaultBufCap
    )
}
