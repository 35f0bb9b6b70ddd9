import StatsDProtocol
import Testing

/// A case recorded from statsd_exporter: the input it was sent and the exposition it produced.
struct ConformanceCase: Sendable, CustomTestStringConvertible {
    /// How the runner sends `input`.
    enum Transport: Sendable {
        /// Each input line is one datagram.
        case udp
        /// Each input line is one line on a TCP connection.
        case tcp
    }

    /// The case folder's name.
    let name: String
    /// Extra command-line flags of the case.
    let arguments: [String]
    let transport: Transport
    /// The escaped input lines (see ``StatsDText/unescape(_:)``).
    let input: [String]
    /// Every non-self-metric series the reference exposed, except summary quantiles.
    let series: [String: Double]
    /// The `statsd_exporter_*` series the case checks.
    let selfMetrics: [String: Double]

    var testDescription: String { self.name }

    /// The tag dialects the case's flags select.
    var dialects: TagDialects {
        TagDialects(
            dogStatsD: !self.arguments.contains("--no-statsd.parse-dogstatsd-tags"),
            influxDB: !self.arguments.contains("--no-statsd.parse-influxdb-tags"),
            librato: !self.arguments.contains("--no-statsd.parse-librato-tags"),
            signalFX: !self.arguments.contains("--no-statsd.parse-signalfx-tags")
        )
    }
}
