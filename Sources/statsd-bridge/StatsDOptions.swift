import ArgumentParser

/// The `--statsd.*` flags of statsd_exporter, plus ours: resource bounds and the Unix stream listener.
struct StatsDOptions: ParsableArguments {
    enum CacheType: String, ExpressibleByArgument, CaseIterable {
        case lru, random
    }

    @Option(
        name: .customLong("statsd.listen-udp"),
        help: ArgumentHelp(
            "The UDP address on which to receive statsd metric lines. \"\" disables it.",
            valueName: "address"
        )
    )
    var listenUDP: String = ":9125"

    @Option(
        name: .customLong("statsd.listen-tcp"),
        help: ArgumentHelp(
            "The TCP address on which to receive statsd metric lines. \"\" disables it.",
            valueName: "address"
        )
    )
    var listenTCP: String = ":9125"

    @Option(
        name: .customLong("statsd.listen-unixgram"),
        help: ArgumentHelp(
            "The Unixgram socket path to receive statsd metric lines in datagram. \"\" disables it.",
            valueName: "path"
        )
    )
    var listenUnixgram: String = ""

    @Option(
        name: .customLong("statsd.listen-unix"),
        help: ArgumentHelp(
            "Ours: a Unix stream socket path to receive newline-terminated statsd metric lines, read as TCP is "
                + "(Airflow's statsd_socket_path). It must not exist, and is removed on exit. \"\" disables it.",
            valueName: "path"
        )
    )
    var listenUnix: String = ""

    @Option(
        name: .customLong("statsd.unixsocket-mode"),
        help: ArgumentHelp("The permission mode of the unix sockets, in octal.", valueName: "mode")
    )
    var unixSocketMode: String = "755"

    @Option(
        name: .customLong("statsd.mapping-config"),
        help: ArgumentHelp("Metric mapping configuration file name.", valueName: "file")
    )
    var mappingConfig: String?

    @Option(
        name: .customLong("statsd.read-buffer"),
        help: ArgumentHelp(
            "Size (in bytes) of the operating system's transmit read buffer for UDP and unixgram.",
            valueName: "bytes"
        )
    )
    var readBuffer: Int = 0

    @Option(
        name: .customLong("statsd.cache-size"),
        help: ArgumentHelp(
            "Maximum size of your metric mapping cache. Relies on least recently used replacement policy if max "
                + "size is reached.",
            valueName: "n"
        )
    )
    var cacheSize: Int = 1000

    @Option(
        name: .customLong("statsd.cache-type"),
        help: ArgumentHelp("Metric mapping cache type. Valid options are \"lru\" and \"random\".", valueName: "type")
    )
    var cacheType: CacheType = .lru

    @Option(
        name: .customLong("statsd.event-queue-size"),
        help: ArgumentHelp(
            "Accepted for compatibility; statsd-bridge aggregates without an event queue (default 10000).",
            valueName: "n"
        )
    )
    var eventQueueSize: Int?

    @Option(
        name: .customLong("statsd.event-flush-threshold"),
        help: ArgumentHelp(
            "Accepted for compatibility; statsd-bridge aggregates without an event queue (default 1000).",
            valueName: "n"
        )
    )
    var eventFlushThreshold: Int?

    @Option(
        name: .customLong("statsd.event-flush-interval"),
        help: ArgumentHelp(
            "Accepted for compatibility; statsd-bridge aggregates without an event queue (default 200ms).",
            valueName: "duration"
        )
    )
    var eventFlushInterval: DurationArgument?

    @Option(
        name: .customLong("statsd.udp-packet-queue-size"),
        help: ArgumentHelp(
            "Accepted for compatibility; statsd-bridge parses datagrams where they are read (default 10000).",
            valueName: "n"
        )
    )
    var udpPacketQueueSize: Int?

    @OptionGroup var tagParsing: TagParsingOptions

    @Option(
        name: .customLong("statsd.relay.address"),
        help: ArgumentHelp("The UDP relay target address (host:port).", valueName: "address")
    )
    var relayAddress: String?

    @Option(
        name: .customLong("statsd.relay.packet-length"),
        help: ArgumentHelp("Maximum relay output packet length to avoid fragmentation.", valueName: "bytes")
    )
    var relayPacketLength: Int = 1400

    @Option(
        name: .customLong("statsd.tcp-max-line-length"),
        help: ArgumentHelp(
            "Longest StatsD TCP or Unix stream line accepted; longer lines are counted and skipped, the connection "
                + "stays open.",
            valueName: "bytes"
        )
    )
    var tcpMaxLineLength: Int = 65536

    @Option(
        name: .customLong("statsd.tcp-max-connections"),
        help: ArgumentHelp(
            "Most concurrent StatsD TCP and Unix stream connections; more are closed at once and counted. 0 is no "
                + "limit.",
            valueName: "n"
        )
    )
    var tcpMaxConnections: Int = 1024

    @Option(
        name: .customLong("statsd.tcp-idle-timeout"),
        help: ArgumentHelp(
            "Close a StatsD TCP connection that sends nothing for this long. 0 never closes. Unix stream "
                + "connections are kept.",
            valueName: "duration"
        )
    )
    var tcpIdleTimeout: DurationArgument = DurationArgument(argument: "5m")!

    @Option(
        name: .customLong("statsd.max-series"),
        help: ArgumentHelp(
            "Most live series; samples of further new series are dropped and counted in "
                + "statsd_bridge_series_dropped_total. 0 is unlimited.",
            valueName: "n"
        )
    )
    var maxSeries: Int = 0

    func validate() throws {
        guard self.tcpMaxConnections >= 0 else {
            throw ValidationError("--statsd.tcp-max-connections must not be negative")
        }
        guard self.tcpIdleTimeout.nanoseconds >= 0 else {
            throw ValidationError("--statsd.tcp-idle-timeout must not be negative")
        }
        guard self.maxSeries >= 0 else { throw ValidationError("--statsd.max-series must not be negative") }
        guard UInt16(self.unixSocketMode, radix: 8) != nil else {
            throw ValidationError(
                "--statsd.unixsocket-mode: \"\(self.unixSocketMode)\" is not an octal mode such as 755"
            )
        }
        guard self.readBuffer >= 0 else { throw ValidationError("--statsd.read-buffer must not be negative") }
        guard self.cacheSize >= 0 else { throw ValidationError("--statsd.cache-size must not be negative") }
        guard self.relayPacketLength > 0 else { throw ValidationError("--statsd.relay.packet-length must be positive") }
        guard self.tcpMaxLineLength > 0 else { throw ValidationError("--statsd.tcp-max-line-length must be positive") }
    }
}
