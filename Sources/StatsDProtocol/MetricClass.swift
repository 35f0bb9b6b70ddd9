/// Event class used by mapping rules (`match_metric_type`) and by type locking.
///
/// Timers, histograms and distributions all belong to ``observer``.
package enum MetricClass: UInt8, Sendable, Hashable, CaseIterable {
    /// Events of StatsD type `c`.
    case counter
    /// Events of StatsD type `g`.
    case gauge
    /// Events of StatsD types `ms`, `h` and `d`.
    case observer

    /// The name statsd_exporter uses for the class: `counter`, `gauge` or `observer`.
    package var name: String {
        switch self {
        case .counter: "counter"
        case .gauge: "gauge"
        case .observer: "observer"
        }
    }
}
