import ArgumentParser

/// The four `--statsd.parse-*-tags` switches, shared by the daemon and `explain` so both read lines alike.
struct TagParsingOptions: ParsableArguments {
    @Flag(name: .customLong("statsd.parse-dogstatsd-tags"), inversion: .prefixedNo, help: "Parse DogStatsd style tags.")
    var dogStatsD: Bool = true

    @Flag(name: .customLong("statsd.parse-influxdb-tags"), inversion: .prefixedNo, help: "Parse InfluxDB style tags.")
    var influxDB: Bool = true

    @Flag(name: .customLong("statsd.parse-librato-tags"), inversion: .prefixedNo, help: "Parse Librato style tags.")
    var librato: Bool = true

    @Flag(name: .customLong("statsd.parse-signalfx-tags"), inversion: .prefixedNo, help: "Parse SignalFX style tags.")
    var signalFX: Bool = true
}
