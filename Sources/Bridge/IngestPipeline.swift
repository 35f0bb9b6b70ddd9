import Aggregation
import Mapping
import StatsDProtocol

/// Parse → map → aggregate for one listener channel, run synchronously on that channel's event loop.
///
/// Each channel owns one pipeline, so the parser's scratch batch, the series cache and the local counters need no
/// locks. A sample of a series seen before costs a hash of its raw bytes and one shard lock; only a new series
/// builds strings, consults the mapping and takes the store's family lock.
final class IngestPipeline {
    private let bridge: StatsDBridge
    private let parser: LineParser
    private var batch = SampleBatch()
    private var cache = SeriesCache()
    private var cacheGeneration: UInt64
    private var mapping: MappingConfig
    private var key: [UInt8] = []
    /// Counters gathered since the last ``flushTotals()``.
    var totals = IngestTotals()

    init(bridge: StatsDBridge) {
        self.bridge = bridge
        self.parser = LineParser(dialects: bridge.configuration.dialects)
        self.cacheGeneration = bridge.mappingState.generation
        self.mapping = bridge.mappingState.config
    }

    /// Parses and applies one datagram (lines split on `\n`).
    func ingest(datagram: Span<UInt8>, now: UInt64) {
        self.batch.removeAll()
        self.parser.parse(datagram: datagram, into: &self.batch, stats: &self.totals.parse)
        self.applyBatch(now: now)
    }

    /// Parses and applies one line framed by a stream transport.
    func ingest(line: Span<UInt8>, now: UInt64) {
        self.batch.removeAll()
        self.parser.parse(line: line, into: &self.batch, stats: &self.totals.parse)
        self.applyBatch(now: now)
    }

    /// Adds the local counters to the shared self-metrics.
    func flushTotals() {
        self.bridge.metrics.drain(&self.totals)
    }

    private func applyBatch(now: UInt64) {
        guard !self.batch.samples.isEmpty else { return }
        let generation = self.bridge.mappingState.generation
        if generation != self.cacheGeneration {
            self.cache.removeAll()
            self.cacheGeneration = generation
            self.mapping = self.bridge.mappingState.config
        }
        for index in self.batch.samples.indices {
            self.apply(self.batch.samples[index], now: now)
        }
    }

    private func apply(_ sample: StatsDSample, now: UInt64) {
        self.makeKey(for: sample)
        let hash = self.key.hashValue
        var outcome = self.cache.outcome(for: self.key, hash: hash) ?? self.resolve(sample, hash: hash, now: now)
        let events = UInt64(sample.type.metricClass == .observer ? max(sample.repeatCount, 0) : 1)
        switch outcome {
        case .dropped:
            self.totals.dropActions &+= events
        case .emptyName:
            self.totals.emptyMetricNames &+= events
        case .negativeCounter(let mapped):
            self.countMapping(mapped: mapped, events: events)
            self.totals.negativeCounters &+= events
        case .conflict(let metricName, let scale, let mapped, let eventType):
            self.countMapping(mapped: mapped, events: events)
            if eventType == .counter, sample.value * (scale ?? 1) < 0 {
                self.totals.negativeCounters &+= events
                return
            }
            for _ in 0..<events {
                self.bridge.metrics.recordConflict(type: eventType.rawValue, metricName: metricName)
            }
        case .series(var handle, let scale, let mapped, let eventType):
            self.countMapping(mapped: mapped, events: events)
            let value = sample.value * (scale ?? 1)
            if eventType == .counter, value < 0 {
                self.totals.negativeCounters &+= events
                return
            }
            let observation = Observation(value: value, isRelative: sample.isRelative, repeatCount: sample.repeatCount)
            if !self.bridge.store.apply(observation, to: handle, now: now) {
                outcome = self.resolve(sample, hash: hash, now: now)
                guard case .series(let fresh, scale: _, mapped: _, eventType: _) = outcome else { return }
                handle = fresh
                guard self.bridge.store.apply(observation, to: handle, now: now) else { return }
            }
            switch eventType {
            case .counter: self.totals.counterEvents &+= events
            case .gauge: self.totals.gaugeEvents &+= events
            case .observer: self.totals.observerEvents &+= events
            }
        }
    }

    private func countMapping(mapped: Bool, events: UInt64) {
        if mapped {
            self.totals.mapActions &+= events
        } else {
            self.totals.unmappedEvents &+= events
        }
    }

    /// The slow path: map the sample's name, build its labels and find or create its series.
    private func resolve(_ sample: StatsDSample, hash: Int, now: UInt64) -> SeriesCache.Outcome {
        let metricClass = sample.type.metricClass
        let rawName = self.batch.name(of: sample)
        let result =
            self.bridge.mappingState.cache.result(for: rawName, class: metricClass, in: self.mapping)
            ?? self.mapping.unmappedResult(for: rawName)
        let outcome = self.outcome(of: sample, rawName: rawName, result: result, now: now)
        if case .negativeCounter = outcome { return outcome }
        self.cache.store(outcome, for: self.key, hash: hash)
        return outcome
    }

    private func outcome(
        of sample: StatsDSample,
        rawName: String,
        result: MappingResult,
        now: UInt64
    ) -> SeriesCache.Outcome {
        if result.action == .drop { return .dropped }
        let mapped = result.rule != nil
        let name = NameEscaping.escape(mapped ? result.name : rawName)
        if name.isEmpty { return .emptyName }
        let kind: SeriesKind
        let eventType: SeriesCache.EventType
        var observer: ObserverSettings? = nil
        switch sample.type.metricClass {
        case .counter:
            if sample.value * (result.scale ?? 1) < 0 { return .negativeCounter(mapped: mapped) }
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
                observer = .histogram(buckets: result.histogramOptions.buckets)
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
        let descriptor = SeriesDescriptor(
            name: name,
            labels: self.labels(of: sample, result: result, mapped: mapped, kind: kind),
            help: result.help ?? Names.defaultHelp,
            kind: kind,
            observer: observer,
            ttlNanoseconds: Self.nanoseconds(result.ttl)
        )
        switch self.bridge.store.resolve(descriptor, now: now) {
        case .series(let handle):
            return .series(handle, scale: result.scale, mapped: mapped, eventType: eventType)
        case .conflict:
            return .conflict(metricName: name, scale: result.scale, mapped: mapped, eventType: eventType)
        }
    }

    /// Tags (last one wins per key) merged with the mapping's labels as `honor_labels` says. A tag named `le` on a
    /// histogram or `quantile` on a summary would clash with the exposition's own label: it is dropped and counted
    /// as a tag error (statsd_exporter panics here).
    private func labels(of sample: StatsDSample, result: MappingResult, mapped: Bool, kind: SeriesKind) -> [Label] {
        var labels: [String: String] = [:]
        for index in sample.tags {
            let tag = self.batch.tags[index]
            let key = String(decoding: self.batch.bytes[tag.key], as: UTF8.self)
            labels[key] = String(decoding: self.batch.bytes[tag.value], as: UTF8.self)
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
        if let reserved, labels.removeValue(forKey: reserved) != nil {
            self.totals.parse.tagErrors &+= 1
        }
        return labels.map { Label(name: $0.key, value: $0.value) }.sorted()
    }

    /// The raw identity of a sample: its class, name bytes and tag bytes as received.
    private func makeKey(for sample: StatsDSample) {
        self.key.removeAll(keepingCapacity: true)
        self.key.append(sample.type.metricClass.rawValue)
        self.key.append(contentsOf: self.batch.bytes[sample.name])
        for index in sample.tags {
            let tag = self.batch.tags[index]
            self.key.append(0)
            self.key.append(contentsOf: self.batch.bytes[tag.key])
            self.key.append(1)
            self.key.append(contentsOf: self.batch.bytes[tag.value])
        }
    }

    private static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        let nanos = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !nanos.overflow else { return .max }
        return nanos.partialValue &+ UInt64(attoseconds / 1_000_000_000)
    }
}
