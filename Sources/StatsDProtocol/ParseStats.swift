/// Counters the parser adds to; the caller turns them into `statsd_exporter_*` self-metrics.
///
/// Plain stored integers, so updating them never allocates. Additions wrap instead of trapping.
package struct ParseStats: Sendable, Hashable {
    /// `statsd_exporter_lines_total`: every line, empty ones included.
    package var lines: UInt64 = 0
    /// `statsd_exporter_samples_total`: samples after multi-value and value-packing splitting, counted before they
    /// are validated.
    package var samples: UInt64 = 0
    /// `statsd_exporter_tags_total`: samples that carried at least one label, of any tag style.
    package var taggedSamples: UInt64 = 0
    /// `statsd_exporter_tag_errors_total`: malformed tags of any style.
    package var tagErrors: UInt64 = 0

    private var malformedLine: UInt64 = 0
    private var mixedTaggingStyles: UInt64 = 0
    private var notEnoughPartsAfterColon: UInt64 = 0
    private var invalidExtendedAggregateType: UInt64 = 0
    private var malformedComponent: UInt64 = 0
    private var malformedValue: UInt64 = 0
    private var invalidSampleFactor: UInt64 = 0
    private var malformedContainerID: UInt64 = 0
    private var illegalEvent: UInt64 = 0

    /// Creates stats with every counter at zero.
    package init() {}

    /// `statsd_exporter_sample_errors_total{reason}` for one reason.
    package subscript(error: LineError) -> UInt64 {
        get {
            switch error {
            case .malformedLine: self.malformedLine
            case .mixedTaggingStyles: self.mixedTaggingStyles
            case .notEnoughPartsAfterColon: self.notEnoughPartsAfterColon
            case .invalidExtendedAggregateType: self.invalidExtendedAggregateType
            case .malformedComponent: self.malformedComponent
            case .malformedValue: self.malformedValue
            case .invalidSampleFactor: self.invalidSampleFactor
            case .malformedContainerID: self.malformedContainerID
            case .illegalEvent: self.illegalEvent
            }
        }
        set {
            switch error {
            case .malformedLine: self.malformedLine = newValue
            case .mixedTaggingStyles: self.mixedTaggingStyles = newValue
            case .notEnoughPartsAfterColon: self.notEnoughPartsAfterColon = newValue
            case .invalidExtendedAggregateType: self.invalidExtendedAggregateType = newValue
            case .malformedComponent: self.malformedComponent = newValue
            case .malformedValue: self.malformedValue = newValue
            case .invalidSampleFactor: self.invalidSampleFactor = newValue
            case .malformedContainerID: self.malformedContainerID = newValue
            case .illegalEvent: self.illegalEvent = newValue
            }
        }
    }

    /// The sum of all per-reason sample error counters.
    package var sampleErrors: UInt64 {
        var total: UInt64 = 0
        for error in LineError.allCases {
            total &+= self[error]
        }
        return total
    }

    /// Adds every counter of `other` to this one.
    package mutating func add(_ other: ParseStats) {
        self.lines &+= other.lines
        self.samples &+= other.samples
        self.taggedSamples &+= other.taggedSamples
        self.tagErrors &+= other.tagErrors
        for error in LineError.allCases {
            self[error] &+= other[error]
        }
    }

    /// Adds one to the counter for `error`.
    mutating func count(_ error: LineError) {
        self[error] &+= 1
    }
}
