import Mapping
import StatsDProtocol
import Testing

/// One row of statsd_exporter's `TestMetricMapperYAML` / `TestAction` tables (pkg/mapper/mapper_test.go), with
/// the outcome statsd_exporter master gives it.
struct UpstreamMapperScenario: Sendable, CustomTestStringConvertible {
    /// What one metric name must map to.
    struct Expectation: Sendable {
        var metric: String
        var metricClass: MetricClass = .counter
        /// `nil`: unmapped.
        var name: String?
        var labels: [String: String] = [:]
        var action: MappingAction = .map
        var ttl: Duration?
        var quantiles: [Quantile]?
        var maxAge: Duration?
        var ageBuckets: Int?
        var bufCap: Int?
        var buckets: [Double]?
        var observerType: ObserverType?
    }

    /// The Go scenario name.
    var name: String
    var config: String
    /// The configuration must fail to load.
    var bad = false
    var expectations: [Expectation] = []

    var testDescription: String { self.name }
}
