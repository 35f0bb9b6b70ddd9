import Listeners
import Mapping
import NIOCore
import RemoteWrite
import StatsDProtocol

/// Everything the daemon was asked to do, as plain values: the executable fills it from the command line, tests
/// fill it directly, and Bridge never sees the argument parser.
package struct BridgeConfiguration: Sendable {
    /// `--statsd.listen-udp`; `nil` disables the UDP listener.
    package var udpAddress: ListenAddress?
    /// `--statsd.listen-tcp`; `nil` disables the TCP listener.
    package var tcpAddress: ListenAddress?
    /// `--statsd.listen-unixgram`; `nil` disables it.
    package var unixgramPath: String?
    /// `--statsd.listen-unix` (ours): a Unix stream socket read like TCP; `nil` disables it.
    package var unixStreamPath: String?
    /// `--statsd.unixsocket-mode`, the permission bits set on the unixgram and Unix stream socket files.
    package var unixSocketMode: UInt16 = 0o755
    /// `--statsd.read-buffer`: SO_RCVBUF for UDP and unixgram sockets; 0 keeps the OS default.
    package var readBufferBytes: Int = 0
    /// UDP sockets bound to each UDP address with SO_REUSEPORT, each read by a thread of its own; 0 means one per
    /// core. The kernel spreads senders over them by source address and port, so one client's datagrams are
    /// still read in order, but datagrams of different sockets may be applied out of order. The daemon uses 0;
    /// the default of 1 keeps one reader, for in-process tests that send from a new socket each time.
    package var udpReaders: Int = 1
    /// `--statsd.mapping-config`; `nil` maps nothing.
    package var mappingConfigPath: String?
    /// `--statsd.cache-size` and `--statsd.cache-type`.
    package var cacheSize: Int = 1000
    package var cacheType: MappingCacheType = .lru
    /// The four `--statsd.parse-*-tags` switches.
    package var dialects = TagDialects()
    /// Longest TCP or Unix stream line accepted; a longer one is counted in
    /// `statsd_exporter_tcp_too_long_lines_total` and skipped.
    package var tcpMaxLineLength: Int = 65536
    /// `--statsd.tcp-max-connections`: more concurrent TCP and Unix stream connections (together) are closed at once
    /// and counted; 0 is no limit.
    package var tcpMaxConnections: Int = 1024
    /// `--statsd.tcp-idle-timeout`: a TCP connection that sends nothing this long is closed; `nil` never. Unix stream
    /// connections are kept (see `StreamConnectionSetup`).
    package var tcpIdleTimeout: TimeAmount? = .minutes(5)
    /// `--statsd.max-series`: most live series; samples of further new series are refused and counted. 0 is
    /// unlimited.
    package var maxSeries: Int = 0
    /// `--statsd.relay.address`: a UDP `host:port` that receives a copy of every raw line.
    package var relayAddress: String?
    /// `--statsd.relay.packet-length`: the largest relay datagram.
    package var relayPacketLength: Int = 1400
    /// `--web.listen-address`.
    package var webAddress: ListenAddress? = ListenAddress(host: nil, port: 9102)
    /// `--web.telemetry-path`.
    package var telemetryPath: String = "/metrics"
    /// `--web.enable-lifecycle`: serve `/-/reload` and `/-/quit`.
    package var enableLifecycle: Bool = false
    /// `--remote-write.config-file`, read; `nil` pushes nothing.
    package var remoteWrite: RemoteWriteConfig?
    /// `--remote-write.interval`: the time between pushes.
    package var remoteWriteInterval: Duration = .seconds(15)
    /// Version reported in `statsd_exporter_build_info` and on the landing page.
    package var version: String = "0.0.0"

    package init(
        udpAddress: ListenAddress? = ListenAddress(host: nil, port: 9125),
        tcpAddress: ListenAddress? = ListenAddress(host: nil, port: 9125)
    ) {
        self.udpAddress = udpAddress
        self.tcpAddress = tcpAddress
    }

    /// Sets the mapping cache from `--statsd.cache-size` and `--statsd.cache-type`.
    package mutating func setMappingCache(size: Int, random: Bool) {
        self.cacheSize = size
        self.cacheType = random ? .random : .lru
    }

    /// Sets the four `--statsd.parse-*-tags` switches.
    package mutating func setTagParsing(dogStatsD: Bool, influxDB: Bool, librato: Bool, signalFX: Bool) {
        self.dialects = TagDialects(dogStatsD: dogStatsD, influxDB: influxDB, librato: librato, signalFX: signalFX)
    }

    /// Sets `--statsd.tcp-max-connections` and `--statsd.tcp-idle-timeout` (0 never closes idle connections).
    package mutating func setTCPLimits(maxConnections: Int, idleTimeoutNanoseconds: Int64) {
        self.tcpMaxConnections = maxConnections
        self.tcpIdleTimeout = idleTimeoutNanoseconds > 0 ? .nanoseconds(idleTimeoutNanoseconds) : nil
    }
}
