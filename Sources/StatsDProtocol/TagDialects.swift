/// Which name-embedded and suffix tag dialects the parser reads.
///
/// Each flag mirrors one of the `--statsd.parse-*-tags` switches; all are on by default. Turning a dialect off does not
/// change how the line is split: a line containing `|#` still turns off classic multi-value splitting and still
/// rejects name-embedded tags as ``LineError/mixedTaggingStyles``, exactly as statsd_exporter does.
package struct TagDialects: Sendable, Hashable {
    /// DogStatsD `|#key:value,...` sections (`--statsd.parse-dogstatsd-tags`).
    package var dogStatsD: Bool
    /// InfluxDB `name,key=value,...` tags (`--statsd.parse-influxdb-tags`).
    package var influxDB: Bool
    /// Librato `name#key=value,...` tags (`--statsd.parse-librato-tags`).
    package var librato: Bool
    /// SignalFx `na[key=value,...]me` tags (`--statsd.parse-signalfx-tags`).
    package var signalFX: Bool

    /// Creates a dialect set; every dialect is enabled unless turned off.
    package init(dogStatsD: Bool = true, influxDB: Bool = true, librato: Bool = true, signalFX: Bool = true) {
        self.dogStatsD = dogStatsD
        self.influxDB = influxDB
        self.librato = librato
        self.signalFX = signalFX
    }
}
