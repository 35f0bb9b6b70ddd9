/// The `type` label of `statsd_exporter_events_total` and `statsd_exporter_events_conflict_total`.
package enum EventType: String, Sendable {
    case counter, gauge, observer
}
