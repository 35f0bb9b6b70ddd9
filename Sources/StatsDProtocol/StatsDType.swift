/// StatsD wire type of a sample.
///
/// Matches statsd_exporter pkg/line/line.go: the type codes `c`, `g`, `ms`, `h` and `d` are the only ones accepted, and
/// they are case-sensitive. Sets (`s`) and every other code are rejected as ``LineError/illegalEvent``.
package enum StatsDType: UInt8, Sendable, Hashable {
    /// `c`: the value is added to a counter.
    case counter
    /// `g`: the value sets a gauge, or changes it when the value text starts with `+` or `-`.
    case gauge
    /// `ms`: an observation in milliseconds, converted to seconds by the parser.
    case timer
    /// `h`: an observation, passed through without unit conversion.
    case histogram
    /// `d`: a DogStatsD distribution, treated exactly like `h`.
    case distribution

    /// The event class that mapping rules (`match_metric_type`) and type locking use.
    package var metricClass: MetricClass {
        switch self {
        case .counter: .counter
        case .gauge: .gauge
        case .timer, .histogram, .distribution: .observer
        }
    }

    /// The wire code: `c`, `g`, `ms`, `h` or `d`.
    package var code: String {
        switch self {
        case .counter: "c"
        case .gauge: "g"
        case .timer: "ms"
        case .histogram: "h"
        case .distribution: "d"
        }
    }

    /// The type whose wire code is exactly `bytes`, or `nil` for sets and unknown codes.
    ///
    /// Does not allocate.
    /// - Parameter bytes: The type field of a sample, without the surrounding `|`.
    package init?(code bytes: Span<UInt8>) {
        switch bytes.count {
        case 1:
            switch bytes[0] {
            case UInt8(ascii: "c"): self = .counter
            case UInt8(ascii: "g"): self = .gauge
            case UInt8(ascii: "h"): self = .histogram
            case UInt8(ascii: "d"): self = .distribution
            default: return nil
            }
        case 2 where bytes[0] == UInt8(ascii: "m") && bytes[1] == UInt8(ascii: "s"):
            self = .timer
        default:
            return nil
        }
    }
}
