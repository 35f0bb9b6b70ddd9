/// The effective settings of a histogram series.
package struct HistogramOptions: Sendable, Hashable {
    /// Upper bounds of the classic buckets, strictly increasing, finite; `+Inf` is implicit and not listed.
    package var buckets: [Double]
    /// Growth factor between native (sparse) buckets; 0 means no native histogram.
    package var nativeBucketFactor: Double
    /// Largest number of native buckets kept; 0 means no limit was configured.
    package var nativeMaxBuckets: Int

    package init(buckets: [Double], nativeBucketFactor: Double, nativeMaxBuckets: Int) {
        self.buckets = buckets
        self.nativeBucketFactor = nativeBucketFactor
        self.nativeMaxBuckets = nativeMaxBuckets
    }

    /// Prometheus' `DefBuckets`.
    package static let defaultBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// Native-histogram factor statsd_exporter sets whenever a mapping file is loaded.
    package static let loadedConfigNativeBucketFactor = 1.1
    /// Native-histogram bucket limit statsd_exporter sets whenever a mapping file is loaded.
    package static let loadedConfigNativeMaxBuckets = 256

    /// `DefBuckets` and no native histogram: what statsd_exporter uses without a mapping file.
    package static let `default` = HistogramOptions(buckets: defaultBuckets, nativeBucketFactor: 0, nativeMaxBuckets: 0)
}
