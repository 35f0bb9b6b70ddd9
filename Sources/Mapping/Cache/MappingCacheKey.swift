import StatsDProtocol

/// A cache key: the metric class and the StatsD name (statsd_exporter's `<type>.<name>`).
struct MappingCacheKey: Hashable, Sendable {
    var name: String
    var metricClass: MetricClass
}
