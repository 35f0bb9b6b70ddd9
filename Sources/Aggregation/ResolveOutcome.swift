/// The result of asking the store for a series.
package enum ResolveOutcome: Sendable, Hashable {
    /// The series exists (it may have just been created).
    case series(SeriesHandle)
    /// The name is locked to another type, directly or through a `_sum`/`_count`/`_bucket` collision.
    /// Counted in `statsd_exporter_events_conflict_total{type,metric_name}`.
    case conflict
    /// Creating the series would pass the store's series limit; counted in
    /// `statsd_bridge_series_dropped_total{reason="limit"}`.
    case limitReached
}
