import TestSupport
import Testing

@testable import StatsDProtocol

/// Replays the recorded statsd_exporter conformance cases through the parser and a minimal exposition model.
struct ConformanceTests {
    @Test("recorded exposition is reproduced", arguments: ConformanceCase.all)
    func recordedExpositionIsReproduced(_ recorded: ConformanceCase) {
        let parser = LineParser(dialects: recorded.dialects)
        var stats = ParseStats()
        var model = ExpositionModel()
        var batch = SampleBatch()
        for text in recorded.input {
            let bytes = StatsDText.unescape(text)
            batch.removeAll()
            switch recorded.transport {
            case .udp:
                parser.parse(datagram: bytes.span, into: &batch, stats: &stats)
            case .tcp:
                parser.parse(line: bytes.span, into: &batch, stats: &stats)
            }
            model.apply(batch)
        }
        #expect(model.series == recorded.series)
        for (series, value) in recorded.selfMetrics {
            #expect(Self.selfMetric(series, stats: stats, model: model) == value, "\(series)")
        }
    }

    @Test("every parse-related conformance case is replayed")
    func everyCaseIsReplayed() {
        #expect(ConformanceCase.all.count == 92)
        #expect(Set(ConformanceCase.all.map(\.name)).count == ConformanceCase.all.count)
    }

    /// The value of a `statsd_exporter_*` series as the parser's stats or the model report it, or `nil` if unknown.
    private static func selfMetric(_ series: String, stats: ParseStats, model: ExpositionModel) -> Double? {
        let reasonPrefix = #"statsd_exporter_sample_errors_total{reason=""#
        if series.hasPrefix(reasonPrefix) {
            let reason = series.dropFirst(reasonPrefix.count).dropLast(2)
            return LineError(rawValue: String(reason)).map { Double(stats[$0]) }
        }
        switch series {
        case "statsd_exporter_lines_total": return Double(stats.lines)
        case "statsd_exporter_samples_total": return Double(stats.samples)
        case "statsd_exporter_tags_total": return Double(stats.taggedSamples)
        case "statsd_exporter_tag_errors_total": return Double(stats.tagErrors)
        case #"statsd_exporter_events_error_total{reason="illegal_negative_counter"}"#:
            return model.negativeCounterErrors
        default: return nil
        }
    }
}
