import Aggregation
import Mapping
import StatsDProtocol

/// What the mapping decided for one sample, before the store is asked: the single place where a mapping result,
/// the sample's tags and its type become a series description. Ingest and `explain` both use it, so what `explain`
/// prints is what ingest does.
package enum SeriesPlan {
    /// A drop rule matched: counted in `statsd_exporter_events_actions_total{action="drop"}`.
    case dropped
    /// The mapped name is empty after escaping: `statsd_exporter_events_error_total{reason="empty_metric_name"}`.
    case emptyName
    /// A counter sample whose scaled value is negative: `{reason="illegal_negative_counter"}`, no series is created.
    case negativeCounter(mapped: Bool)
    /// A series to update. `droppedTags` names the tags that were left out, each counted as a tag error: one that
    /// clashed with the exposition's own label (`le` on a histogram, `quantile` on a summary), and any whose name
    /// Prometheus reserves (`__name__`, every `__*`: exposed, `__name__` would rename the series when scraped).
    case series(SeriesDescriptor, scale: Double?, mapped: Bool, eventType: EventType, droppedTags: [String])

    /// Matches statsd_exporter v0.30.0 pkg/exporter: drop first, then the escaped name, then `scale` before the
    /// negative-counter check; mapping labels overwrite tags unless `honor_labels` is set.
    package init(for sample: StatsDSample, in batch: SampleBatch, rawName: String, result: MappingResult) {
        if result.action == .drop {
            self = .dropped
            return
        }
        let mapped = result.rule != nil
        let name = NameEscaping.escape(mapped ? result.name : rawName)
        guard !name.isEmpty else {
            self = .emptyName
            return
        }
        let kind: SeriesKind
        let eventType: EventType
        var observer: ObserverSettings? = nil
        switch sample.type.metricClass {
        case .counter:
            // NaN is not negative: `a:NaN|c` makes the series, as in statsd_exporter.
            guard !(sample.value * (result.scale ?? 1) < 0) else {
                self = .negativeCounter(mapped: mapped)
                return
            }
            kind = .counter
            eventType = .counter
        case .gauge:
            kind = .gauge
            eventType = .gauge
        case .observer:
            eventType = .observer
            switch result.observerType {
            case .histogram:
                kind = .histogram
                let options = result.histogramOptions
                observer = .histogram(
                    buckets: options.buckets,
                    native: NativeHistogramSettings(
                        bucketFactor: options.nativeBucketFactor,
                        maxBuckets: options.nativeMaxBuckets
                    )
                )
            case .summary:
                kind = .summary
                let options = result.summaryOptions
                observer = .summary(
                    quantiles: options.quantiles.map { SummaryQuantile(quantile: $0.quantile, error: $0.error) }
                        .sorted { $0.quantile < $1.quantile },
                    maxAge: options.maxAge,
                    ageBuckets: options.ageBuckets,
                    bufCap: options.bufCap
                )
            }
        }
        var labels: [String: String] = [:]
        for index in sample.tags {
            let tag = batch.tags[index]
            labels[String(decoding: batch.bytes[tag.key], as: UTF8.self)] = String(
                decoding: batch.bytes[tag.value],
                as: UTF8.self
            )
        }
        if mapped {
            for label in result.labels where !(result.honorLabels && labels[label.name] != nil) {
                labels[label.name] = label.value
            }
        }
        let reserved: String? =
            switch kind {
            case .histogram: "le"
            case .summary: "quantile"
            case .counter, .gauge: nil
            }
        var droppedTags = reserved.flatMap { labels.removeValue(forKey: $0) == nil ? nil : [$0] } ?? []
        for name in labels.keys where name.hasPrefix("__") {
            labels[name] = nil
            droppedTags.append(name)
        }
        let descriptor = SeriesDescriptor(
            name: name,
            labels: labels.map { Label(name: $0.key, value: $0.value) }.sorted(),
            help: result.help ?? MappingNames.defaultHelp,
            kind: kind,
            observer: observer,
            ttlNanoseconds: Self.nanoseconds(result.ttl)
        )
        self = .series(
            descriptor,
            scale: result.scale,
            mapped: mapped,
            eventType: eventType,
            droppedTags: droppedTags.sorted()
        )
    }

    private static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        let nanos = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !nanos.overflow else { return .max }
        return nanos.partialValue &+ UInt64(attoseconds / 1_000_000_000)
    }
}
