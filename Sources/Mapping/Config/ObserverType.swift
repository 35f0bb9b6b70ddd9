/// How a timer, histogram or distribution event (`ms`, `h`, `d`) is exposed.
///
/// Matches statsd_exporter: `observer_type` in a mapping or in `defaults`; when neither sets it, a summary.
package enum ObserverType: String, Sendable {
    case summary
    case histogram
}
