import Aggregation
import Exposition
import Ingest
import Mapping
import StatsDProtocol
import TestSupport
import Testing

/// Replays the recorded statsd_exporter conformance cases through the real ingest path: an ``IngestPipeline`` over a
/// ``SeriesStore``, rendered by ``TextRenderer``, with the self-metrics read from the pipeline's ``IngestTotals``.
struct ConformanceTests {
    /// An arbitrary monotonic time for every sample and the scrape.
    static let now: UInt64 = 1_000_000_000_000

    @Test("recorded exposition is reproduced", arguments: ConformanceCase.all)
    func recordedExpositionIsReproduced(_ recorded: ConformanceCase) throws {
        let store = SeriesStore(maxSeries: 0)
        let context = IngestContext(
            store: store,
            mapping: MappingState(config: .empty, cacheSize: 1000, cacheType: .lru),
            dialects: recorded.dialects
        )
        let pipeline = context.makePipeline()
        for text in recorded.input {
            let bytes = StatsDText.unescape(text)
            switch recorded.transport {
            case .udp:
                pipeline.ingest(datagram: bytes.span, now: Self.now)
            case .tcp:
                pipeline.ingest(line: bytes.span, now: Self.now)
            }
            pipeline.flushTotals()
        }
        var rendered: [UInt8] = []
        TextRenderer.render(store.exposition(now: Self.now), merging: [], into: &rendered)
        let text = String(decoding: rendered, as: UTF8.self)
        let series = try Self.seriesWithoutQuantiles(in: text)
        #expect(series.keys.sorted() == recorded.series.keys.sorted(), "\(text)")
        for (key, expected) in recorded.series {
            guard let value = series[key] else { continue }
            #expect(value == expected || (value.isNaN && expected.isNaN), "\(key)")
        }
        let totals = context.metrics.currentTotals
        for (key, expected) in recorded.selfMetrics {
            #expect(Self.selfMetric(key, totals: totals) == expected, "\(key)")
        }
    }

    @Test("every parse-related conformance case is replayed")
    func everyCaseIsReplayed() {
        #expect(ConformanceCase.all.count == 92)
        #expect(Set(ConformanceCase.all.map(\.name)).count == ConformanceCase.all.count)
    }

    /// Every sample line of a text exposition as `name{labels}` and its value, leaving out summary quantiles (the
    /// cases do not hold them: the reference's quantiles are approximate, so its recording has ranges there).
    static func seriesWithoutQuantiles(in text: String) throws -> [String: Double] {
        var series: [String: Double] = [:]
        var summaries: Set<Substring> = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let fields = line.split(separator: " ")
                if fields.count == 4, fields[3] == "summary" { summaries.insert(fields[2]) }
                continue
            }
            if line.hasPrefix("#") { continue }
            // The value follows the last space: label values may hold spaces, numbers never do.
            let space = try #require(line.lastIndex(of: " "), "\(line)")
            let key = line[..<space]
            let name = key.prefix { $0 != "{" }
            if summaries.contains(name) { continue }
            let value = try #require(Self.goFloat(line[line.index(after: space)...]), "\(line)")
            #expect(series.updateValue(value, forKey: String(key)) == nil, "\(key) twice")
        }
        return series
    }

    /// A value as client_golang writes it (`+Inf`, `-Inf`, `NaN` or a Go `'g'` float).
    private static func goFloat(_ text: Substring) -> Double? {
        switch text {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: Double(text)
        }
    }

    /// The value of a `statsd_exporter_*` series as the pipeline's totals report it, or `nil` if unknown.
    private static func selfMetric(_ series: String, totals: IngestTotals) -> Double? {
        let reasonPrefix = #"statsd_exporter_sample_errors_total{reason=""#
        if series.hasPrefix(reasonPrefix) {
            let reason = series.dropFirst(reasonPrefix.count).dropLast(2)
            return LineError(rawValue: String(reason)).map { Double(totals.parse[$0]) }
        }
        switch series {
        case "statsd_exporter_lines_total": return Double(totals.parse.lines)
        case "statsd_exporter_samples_total": return Double(totals.parse.samples)
        case "statsd_exporter_tags_total": return Double(totals.parse.taggedSamples)
        case "statsd_exporter_tag_errors_total": return Double(totals.parse.tagErrors)
        case #"statsd_exporter_events_error_total{reason="illegal_negative_counter"}"#:
            return Double(totals.negativeCounters)
        default: return nil
        }
    }
}
