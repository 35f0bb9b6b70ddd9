/// The Prometheus type of a metric family, which is also the type that is locked per name.
///
/// Matches statsd_exporter v0.30.0: the first type registered for a name wins for the life of the process.
package enum SeriesKind: UInt8, Sendable, Hashable, CaseIterable {
    case counter
    case gauge
    case summary
    case histogram

    /// The word used in `# TYPE` lines and in `statsd_exporter_metrics_total{type}`.
    package var name: String {
        switch self {
        case .counter: "counter"
        case .gauge: "gauge"
        case .summary: "summary"
        case .histogram: "histogram"
        }
    }

}
