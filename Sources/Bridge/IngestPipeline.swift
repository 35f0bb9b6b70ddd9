import Aggregation
import Mapping
import StatsDProtocol

/// Parse → map → aggregate for one listener channel, run synchronously on that channel's event loop.
///
/// Each channel owns one pipeline, so the parser's scratch batch, the series cache and the local counters need no
/// locks. A sample of a series seen before costs a hash of its raw bytes and one shard lock; only a new series
/// builds strings, consults the mapping and takes the store's family lock.
package final class IngestPipeline {
    private let bridge: StatsDBridge
    private let parser: LineParser
    private var batch = SampleBatch()
    private var cache = SeriesCache()
    private var cacheGeneration: UInt64
    private var mapping: MappingConfig
    private var key: [UInt8] = []
    /// Counters gathered since the last ``flushTotals()``.
    package var totals = IngestTotals()

    init(bridge: StatsDBridge) {
        self.bridge = bridge
        self.parser = LineParser(dialects: bridge.configuration.dialects)
        self.cacheGeneration = bridge.mappingState.generation
        self.mapping = bridge.mappingState.config
    }

    /// Parses and applies one datagram (lines split on `\n`).
    package func ingest(datagram: Span<UInt8>, now: UInt64) {
        self.bridge.relay?.relay(datagram: datagram)
        self.batch.removeAll()
        self.parser.parse(datagram: datagram, into: &self.batch, stats: &self.totals.parse)
        self.applyBatch(now: now)
    }

    /// Parses and applies one line framed by a stream transport.
    package func ingest(line: Span<UInt8>, now: UInt64) {
        self.bridge.relay?.relay(datagram: line)
        self.batch.removeAll()
        self.parser.parse(line: line, into: &self.batch, stats: &self.totals.parse)
        self.applyBatch(now: now)
    }

    /// Adds the local counters to the shared self-metrics.
    package func flushTotals() {
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
        if case .refused(let epoch, _) = outcome, epoch != self.bridge.store.expiryEpoch {
            outcome = self.resolve(sample, hash: hash, now: now)
        }
        let events = UInt64(sample.type.metricClass == .observer ? max(sample.repeatCount, 0) : 1)
        switch outcome {
        case .dropped:
            self.totals.dropActions &+= events
        case .emptyName:
            self.totals.emptyMetricNames &+= events
        case .refused(_, let mapped):
            self.countMapping(mapped: mapped, events: events)
            self.totals.seriesRefused &+= events
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
        // Status page: counted here, once per new raw series, never per sample (see UnmappedNames and RuleHits).
        if let rule = result.rule {
            self.bridge.ruleHits.record(rule, generation: self.cacheGeneration)
        } else {
            self.bridge.unmappedNames.record(rawName, generation: self.cacheGeneration)
        }
        let outcome: SeriesCache.Outcome
        switch SeriesPlan(for: sample, in: self.batch, rawName: rawName, result: result) {
        case .dropped:
            outcome = .dropped
        case .emptyName:
            outcome = .emptyName
        case .negativeCounter(let mapped):
            return .negativeCounter(mapped: mapped)
        case .series(let descriptor, let scale, let mapped, let eventType, let droppedTag):
            if droppedTag != nil {
                self.totals.parse.tagErrors &+= 1
            }
            let epoch = self.bridge.store.expiryEpoch
            switch self.bridge.store.resolve(descriptor, now: now) {
            case .limitReached:
                outcome = .refused(epoch: epoch, mapped: mapped)
            case .series(let handle):
                outcome = .series(handle, scale: scale, mapped: mapped, eventType: eventType)
            case .conflict:
                outcome = .conflict(metricName: descriptor.name, scale: scale, mapped: mapped, eventType: eventType)
            }
        }
        self.cache.store(outcome, for: self.key, hash: hash)
        return outcome
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
}
