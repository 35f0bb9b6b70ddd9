import StatsDProtocol

/// Counters of the ingest path that become `statsd_exporter_*` self-metrics.
///
/// Each pipeline keeps one locally, without locks, and adds it to the shared ``SelfMetrics`` once per datagram or
/// stream read.
package struct IngestTotals: Sendable {
    package var parse = ParseStats()
    package var counterEvents: UInt64 = 0
    package var gaugeEvents: UInt64 = 0
    package var observerEvents: UInt64 = 0
    package var unmappedEvents: UInt64 = 0
    package var mapActions: UInt64 = 0
    package var dropActions: UInt64 = 0
    package var emptyMetricNames: UInt64 = 0
    package var negativeCounters: UInt64 = 0
    package var udpPackets: UInt64 = 0
    package var unixgramPackets: UInt64 = 0
    package var tcpConnections: UInt64 = 0
    package var tcpConnectionErrors: UInt64 = 0
    package var tcpTooLongLines: UInt64 = 0
    /// Connections accepted on the Unix stream socket (`--statsd.listen-unix`), which otherwise shares the TCP
    /// counters above.
    package var unixConnections: UInt64 = 0
    /// Samples of new series refused by `--statsd.max-series`.
    package var seriesRefused: UInt64 = 0

    package init() {}

    package mutating func add(_ other: IngestTotals) {
        self.parse.add(other.parse)
        self.counterEvents &+= other.counterEvents
        self.gaugeEvents &+= other.gaugeEvents
        self.observerEvents &+= other.observerEvents
        self.unmappedEvents &+= other.unmappedEvents
        self.mapActions &+= other.mapActions
        self.dropActions &+= other.dropActions
        self.emptyMetricNames &+= other.emptyMetricNames
        self.negativeCounters &+= other.negativeCounters
        self.udpPackets &+= other.udpPackets
        self.unixgramPackets &+= other.unixgramPackets
        self.tcpConnections &+= other.tcpConnections
        self.tcpConnectionErrors &+= other.tcpConnectionErrors
        self.tcpTooLongLines &+= other.tcpTooLongLines
        self.unixConnections &+= other.unixConnections
        self.seriesRefused &+= other.seriesRefused
    }
}
