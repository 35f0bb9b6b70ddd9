import ConfigSupport
import StatsDProtocol

/// A mapping file as written, after YAML decoding and type checks but before validation: what the YAML said,
/// with where it said it.
struct ParsedConfig {
    enum MatchKind: Equatable {
        case glob
        case regex
    }

    /// `summary_options` as written; zero values mean "not set".
    struct SummarySpec {
        var quantiles: [Quantile] = []
        var maxAge: Duration = .zero
        var ageBuckets = 0
        var bufCap = 0
        var location: SourceLocation?
    }

    /// `histogram_options` as written; zero values mean "not set".
    struct HistogramSpec {
        var buckets: [Double] = []
        var bucketsLocation: SourceLocation?
        var nativeBucketFactor: Double = 0
        var nativeMaxBuckets = 0
        var location: SourceLocation?
    }

    struct Defaults {
        var observerType: ObserverType?
        var matchType: MatchKind?
        var globDisableOrdering = false
        var ttl: Duration = .zero
        var ttlLocation: SourceLocation?
        var summary = SummarySpec()
        var histogram = HistogramSpec()
    }

    struct Label {
        var name: String
        var template: String
        var nameLocation: SourceLocation?
        var templateLocation: SourceLocation?
    }

    struct Mapping {
        var index: Int
        var location: SourceLocation
        var match = ""
        var matchLocation: SourceLocation?
        var matchType: MatchKind?
        /// `match_type` was present but invalid (already reported); `match` is then not checked.
        var matchTypeInvalid = false
        var name = ""
        var nameLocation: SourceLocation?
        var labels: [Label] = []
        var observerType: ObserverType?
        var observerTypeLocation: SourceLocation?
        var help = ""
        var action = MappingAction.map
        var matchMetricType: MetricClass?
        var ttl: Duration = .zero
        var ttlLocation: SourceLocation?
        var summary: SummarySpec?
        var histogram: HistogramSpec?
        var scale: Double?
        var honorLabels = false

        init(index: Int, location: SourceLocation) {
            self.index = index
            self.location = location
        }
    }

    var defaults = Defaults()
    var mappings: [Mapping] = []
}
