import Testing

@testable import StatsDProtocol

/// Wire codes and classes of StatsD types.
struct StatsDTypeTests {
    static let rows: [(String, StatsDType?)] = [
        ("c", .counter), ("g", .gauge), ("ms", .timer), ("h", .histogram), ("d", .distribution),
        ("s", nil), ("C", nil), ("m", nil), ("mss", nil), ("", nil), ("t", nil), ("c ", nil), ("MS", nil),
    ]

    @Test("wire codes are exact and case-sensitive", arguments: rows)
    func wireCodes(_ code: String, _ type: StatsDType?) {
        let bytes = Array(code.utf8)
        let parsed = StatsDType(code: bytes.span)
        #expect(parsed == type)
        if let type {
            #expect(type.code == code)
        }
    }

    @Test("observers share one class")
    func metricClasses() {
        #expect(StatsDType.counter.metricClass == .counter)
        #expect(StatsDType.gauge.metricClass == .gauge)
        #expect(StatsDType.timer.metricClass == .observer)
        #expect(StatsDType.histogram.metricClass == .observer)
        #expect(StatsDType.distribution.metricClass == .observer)
        #expect(MetricClass.allCases.map(\.name) == ["counter", "gauge", "observer"])
    }

    @Test("error reasons are statsd_exporter's labels")
    func errorReasons() {
        #expect(
            LineError.allCases.map(\.rawValue) == [
                "malformed_line", "mixed_tagging_styles", "not_enough_parts_after_colon",
                "invalid_extended_aggregate_type", "malformed_component", "malformed_value", "invalid_sample_factor",
                "malformed_container_id", "illegal_event",
            ]
        )
        #expect(LineError.malformedValue.description.hasPrefix("malformed_value: "))
    }
}
