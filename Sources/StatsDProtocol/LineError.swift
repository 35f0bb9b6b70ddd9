/// Why a line or a sample was rejected.
///
/// The raw value is exactly the `reason` label statsd_exporter uses on `statsd_exporter_sample_errors_total`.
package enum LineError: String, Error, CaseIterable, Sendable, CustomStringConvertible {
    /// No `:`, an empty name before the first `:`, or a line that is not valid UTF-8. The whole line is dropped.
    case malformedLine = "malformed_line"
    /// Name-embedded tags (InfluxDB, Librato or SignalFx) that produced a label, on a line that also has `|#`.
    case mixedTaggingStyles = "mixed_tagging_styles"
    /// No `|` after the first `:`.
    case notEnoughPartsAfterColon = "not_enough_parts_after_colon"
    /// DogStatsD value packing (`name:1:2|c`) with a type other than `ms`, `h` or `d`. The whole line is dropped.
    case invalidExtendedAggregateType = "invalid_extended_aggregate_type"
    /// A sample with fewer than 2 or more than 6 `|`-separated parts, or with an empty section.
    case malformedComponent = "malformed_component"
    /// A value that Go's `strconv.ParseFloat` rejects, including one that overflows (`1e309`).
    case malformedValue = "malformed_value"
    /// An unparseable `@rate` or one outside (0, 1] (the sample is kept with rate 1), or a section with an unknown
    /// prefix (the sample is dropped).
    case invalidSampleFactor = "invalid_sample_factor"
    /// A `c` section that is not `c:<id>` with a non-empty id.
    case malformedContainerID = "malformed_container_id"
    /// A type code other than `c`, `g`, `ms`, `h` or `d`; sets (`s`) are included.
    case illegalEvent = "illegal_event"

    /// The reason label followed by a short explanation.
    package var description: String {
        switch self {
        case .malformedLine: "\(self.rawValue): no ':' separator, empty metric name, or invalid UTF-8"
        case .mixedTaggingStyles: "\(self.rawValue): name-embedded tags together with a '|#' section"
        case .notEnoughPartsAfterColon: "\(self.rawValue): no '|' after the first ':'"
        case .invalidExtendedAggregateType: "\(self.rawValue): packed values are allowed only for ms, h and d"
        case .malformedComponent: "\(self.rawValue): wrong number of '|' sections or an empty section"
        case .malformedValue: "\(self.rawValue): the value is not a float"
        case .invalidSampleFactor: "\(self.rawValue): bad '@' sample rate or unknown section prefix"
        case .malformedContainerID: "\(self.rawValue): container section is not 'c:<id>'"
        case .illegalEvent: "\(self.rawValue): unsupported StatsD type"
        }
    }
}
