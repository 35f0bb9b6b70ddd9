@testable import StatsDProtocol

/// A minimal model of statsd_exporter's unmapped exposition, enough to replay the conformance cases in tests.
///
/// Names and tag keys are escaped; the first type seen for a name wins and later events of another type are dropped;
/// negative counter increments are rejected; gauges set or add; observers become summaries, of which only `_count` and
/// `_sum` are modelled, accumulated one observation at a time as Go does.
struct ExpositionModel {
    private enum Kind {
        case counter
        case gauge
        case summary
    }

    private var kinds: [String: Kind] = [:]
    private var values: [String: Double] = [:]
    /// `statsd_exporter_events_error_total{reason="illegal_negative_counter"}`.
    private(set) var negativeCounterErrors = 0.0

    /// Applies every sample of `batch`, in order.
    mutating func apply(_ batch: SampleBatch) {
        for sample in batch.samples {
            self.apply(sample, in: batch)
        }
    }

    private mutating func apply(_ sample: StatsDSample, in batch: SampleBatch) {
        let name = NameEscaping.escape(batch.name(of: sample))
        guard !name.isEmpty else { return }
        let kind: Kind
        switch sample.type.metricClass {
        case .counter: kind = .counter
        case .gauge: kind = .gauge
        case .observer: kind = .summary
        }
        if let locked = self.kinds[name], locked != kind { return }
        var labels: [String: String] = [:]
        for (key, value) in batch.labels(of: sample) {
            labels[key] = value
        }
        let rendered = labels.keys.sorted().map { "\($0)=\"\(Self.escapeLabelValue(labels[$0]!))\"" }
        let suffix = rendered.isEmpty ? "" : "{" + rendered.joined(separator: ",") + "}"
        switch kind {
        case .counter:
            guard sample.value >= 0 else {
                self.negativeCounterErrors += 1
                return
            }
            self.values[name + suffix, default: 0] += sample.value
        case .gauge:
            if sample.isRelative {
                self.values[name + suffix, default: 0] += sample.value
            } else {
                self.values[name + suffix] = sample.value
            }
        case .summary:
            for _ in 0..<sample.repeatCount {
                self.values[name + "_count" + suffix, default: 0] += 1
                self.values[name + "_sum" + suffix, default: 0] += sample.value
            }
        }
        self.kinds[name] = kind
    }

    /// Every series, keyed as in the text exposition format.
    var series: [String: Double] { self.values }

    private static func escapeLabelValue(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
