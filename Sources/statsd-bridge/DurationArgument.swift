import ArgumentParser
import ConfigSupport

/// A flag value read as Go's `time.ParseDuration` reads it (`200ms`, `1m30s`, `1.5h`), for flags copied from
/// statsd_exporter. The same parser reads `ttl` in mapping files, so a flag and a config file never disagree.
struct DurationArgument: ExpressibleByArgument, CustomStringConvertible {
    let duration: Duration
    let description: String

    init?(argument: String) {
        guard let duration = try? GoDuration.parse(argument) else { return nil }
        self.duration = duration
        self.description = argument
    }

    /// The duration in whole nanoseconds (a negative duration stays negative).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = self.duration.components
        return seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
    }
}
