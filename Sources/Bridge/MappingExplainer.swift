import Aggregation
import Exposition
import Ingest
import Mapping
import StatsDProtocol

/// `statsd-bridge explain`: says, for each StatsD line, how it parses, which mapping rule matches (file:line) and
/// what series results, or why the line is invalid, dropped or unmapped. It goes through the same parser and
/// ``SeriesPlan`` as ingest, so it shows exactly what the daemon would do.
package struct MappingExplainer {
    private let config: MappingConfig
    private let parser: LineParser

    package init(config: MappingConfig, configuration: BridgeConfiguration) {
        self.config = config
        self.parser = LineParser(dialects: configuration.dialects)
    }

    /// A human-readable report for one line, ending in a newline.
    package func explain(_ line: String) -> String {
        var batch = SampleBatch()
        var stats = ParseStats()
        var bytes = Array(line.utf8)
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        self.parser.parse(line: bytes.span, into: &batch, stats: &stats)
        var out = "line: \(line)\n"
        for error in LineError.allCases where stats[error] > 0 {
            out += "  invalid: \(error) (statsd_exporter_sample_errors_total{reason=\"\(error.rawValue)\"})\n"
        }
        if stats.tagErrors > 0 {
            out += "  tag errors: \(stats.tagErrors) malformed tag(s) skipped (statsd_exporter_tag_errors_total)\n"
        }
        for (number, sample) in batch.samples.enumerated() {
            out += self.explain(sample, number: number + 1, of: batch.samples.count, in: batch)
        }
        if batch.samples.isEmpty && stats.sampleErrors == 0 {
            out += "  empty line: nothing to do\n"
        }
        return out
    }

    private func explain(_ sample: StatsDSample, number: Int, of count: Int, in batch: SampleBatch) -> String {
        let rawName = batch.name(of: sample)
        var out = count > 1 ? "  sample \(number) of \(count):\n" : ""
        let indent = count > 1 ? "    " : "  "
        var parsed = "\(indent)parsed: name \"\(rawName)\", type \(sample.type.code) (\(sample.type.metricClass.name))"
        parsed += ", value \(GoFloat.format(sample.value))"
        if sample.type == .timer { parsed += " s (ms ÷ 1000)" }
        if sample.isRelative { parsed += " (gauge delta)" }
        if sample.sampleRate != 1 { parsed += ", rate \(GoFloat.format(sample.sampleRate))" }
        if sample.type.metricClass == .observer && sample.repeatCount != 1 {
            parsed += ", \(sample.repeatCount) observations"
        }
        out += parsed + "\n"
        let tags = sample.tags.map { index -> String in
            let tag = batch.tags[index]
            return
                String(decoding: batch.bytes[tag.key], as: UTF8.self) + "=\""
                + String(decoding: batch.bytes[tag.value], as: UTF8.self) + "\""
        }
        if !tags.isEmpty { out += "\(indent)tags: \(tags.joined(separator: ", "))\n" }
        let matched = self.config.match(rawName, class: sample.type.metricClass)
        let result = matched ?? self.config.unmappedResult(for: rawName)
        if let rule = result.rule {
            out += "\(indent)rule: mappings[\(rule.index)] at \(rule.location), match \"\(rule.match)\"\n"
        } else {
            out += "\(indent)rule: none matched; unmapped (statsd_exporter_events_unmapped_total), name escaped as is\n"
        }
        switch SeriesPlan(for: sample, in: batch, rawName: rawName, result: result) {
        case .dropped:
            out += "\(indent)result: dropped by the rule (statsd_exporter_events_actions_total{action=\"drop\"})\n"
        case .emptyName:
            out +=
                "\(indent)result: rejected, the name expands to \"\" "
                + "(statsd_exporter_events_error_total{reason=\"empty_metric_name\"})\n"
        case .negativeCounter:
            out +=
                "\(indent)result: rejected, negative counter "
                + "(statsd_exporter_events_error_total{reason=\"illegal_negative_counter\"})\n"
        case .series(let descriptor, let scale, _, _, let droppedTags):
            let labels = descriptor.labels.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ",")
            out += "\(indent)metric: \(descriptor.name)\(labels.isEmpty ? "" : "{\(labels)}") \(descriptor.kind.name)\n"
            switch descriptor.observer {
            case .histogram(let buckets, let native)?:
                out += "\(indent)buckets: \(buckets.map(GoFloat.format).joined(separator: ", ")), +Inf\n"
                if let native {
                    let limit = native.maxBuckets == 0 ? "no bucket limit" : "at most \(native.maxBuckets) buckets"
                    out += "\(indent)native buckets: schema \(native.schema), \(limit) (protobuf scrapes)\n"
                }
            case .summary(let quantiles, let maxAge, let ageBuckets, _)?:
                let targets = quantiles.map { "\(GoFloat.format($0.quantile)) ±\(GoFloat.format($0.error))" }
                out +=
                    "\(indent)quantiles: \(targets.joined(separator: ", ")) over \(maxAge) "
                    + "in \(ageBuckets) age buckets\n"
            case nil:
                break
            }
            if let scale { out += "\(indent)scale: × \(GoFloat.format(scale))\n" }
            if descriptor.ttlNanoseconds > 0 {
                out += "\(indent)ttl: \(GoFloat.format(Double(descriptor.ttlNanoseconds) / 1e9)) s without updates\n"
            }
            for tag in droppedTags {
                let why =
                    tag.hasPrefix("__")
                    ? "is a name Prometheus reserves"
                    : "clashes with the \(descriptor.kind.name)'s own label"
                out += "\(indent)note: tag \"\(tag)\" \(why); dropped and counted\n"
            }
        }
        return out
    }
}
