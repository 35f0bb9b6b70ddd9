import Aggregation
import ByteTables
import Mapping
import StatsDProtocol

/// Parse → map → aggregate for one listener channel, run synchronously on that channel's event loop.
///
/// Each channel owns one pipeline, so the parser's scratch batch, the series cache and the local counters need no
/// locks. A sample of a series seen before costs a hash of its raw bytes, one probe of the ``SeriesCache`` and one
/// shard lock; only a new series builds strings, consults the mapping and takes the store's family lock.
///
/// The mutable state lives in one struct, ``State``, that each datagram reaches once: the per-sample work touches no
/// class property, so it pays no dynamic exclusivity check.
package final class IngestPipeline {
    private let context: IngestContext
    private var state: State
    /// Counters gathered since the last ``flushTotals()``.
    package var totals = IngestTotals()

    /// A pipeline over `context`; see ``IngestContext/makePipeline()``.
    package init(context: IngestContext) {
        self.context = context
        self.state = State(context: context)
    }

    /// Parses and applies one datagram (lines split on `\n`).
    /// - Complexity: O(datagram length) for known series; does not allocate once the scratch buffers have grown.
    package func ingest(datagram: Span<UInt8>, now: UInt64) {
        self.context.forwarder?.forward(datagram)
        self.state.ingest(datagram: datagram, now: now, context: self.context, totals: &self.totals)
    }

    /// Parses and applies one line framed by a stream transport.
    ///
    /// The forwarder gets the line without a trailing `\r`, as statsd_exporter relays a CRLF stream: `b:1|c\r` goes
    /// on as `b:1|c`, and a bare `\r` line is an empty line, which is not relayed.
    package func ingest(line: Span<UInt8>, now: UInt64) {
        if let forwarder = self.context.forwarder {
            let crlf = line.count > 0 && line[line.count &- 1] == UInt8(ascii: "\r")
            forwarder.forward(crlf ? line.extracting(0..<(line.count &- 1)) : line)
        }
        self.state.ingest(line: line, now: now, context: self.context, totals: &self.totals)
    }

    /// Adds the local counters to the shared self-metrics.
    package func flushTotals() {
        self.context.metrics.drain(&self.totals)
    }
}

extension IngestPipeline {
    /// Everything a pipeline mutates per datagram.
    private struct State {
        let parser: LineParser
        var batch = SampleBatch()
        var cache = SeriesCache()
        var cacheGeneration: UInt64
        var mapping: MappingConfig
        /// Scratch for the raw key of the sample being applied.
        var key: [UInt8] = []

        init(context: IngestContext) {
            self.parser = LineParser(dialects: context.dialects)
            self.cacheGeneration = context.mapping.generation
            self.mapping = context.mapping.config
            self.key.reserveCapacity(256)
        }

        mutating func ingest(datagram: Span<UInt8>, now: UInt64, context: IngestContext, totals: inout IngestTotals) {
            self.batch.removeAll()
            self.parser.parse(datagram: datagram, into: &self.batch, stats: &totals.parse)
            self.applyBatch(now: now, context: context, totals: &totals)
        }

        mutating func ingest(line: Span<UInt8>, now: UInt64, context: IngestContext, totals: inout IngestTotals) {
            self.batch.removeAll()
            self.parser.parse(line: line, into: &self.batch, stats: &totals.parse)
            self.applyBatch(now: now, context: context, totals: &totals)
        }

        private mutating func applyBatch(now: UInt64, context: IngestContext, totals: inout IngestTotals) {
            guard !self.batch.samples.isEmpty else { return }
            let generation = context.mapping.generation
            if generation != self.cacheGeneration {
                self.cache.removeAll()
                self.cacheGeneration = generation
                self.mapping = context.mapping.config
            }
            for index in self.batch.samples.indices {
                self.apply(self.batch.samples[index], now: now, context: context, totals: &totals)
            }
        }

        private mutating func apply(
            _ sample: StatsDSample,
            now: UInt64,
            context: IngestContext,
            totals: inout IngestTotals
        ) {
            self.makeKey(for: sample)
            let seed = self.cache.seed
            let hash = self.key.withUnsafeBytes { ByteHash.hash($0, seed: seed) }
            var outcome =
                self.key.withUnsafeBytes { self.cache.outcome(for: $0, hash: hash) }
                ?? self.resolve(sample, hash: hash, now: now, context: context, totals: &totals)
            if outcome.kind == .refused, self.cache.extra(of: outcome).epoch != context.store.expiryEpoch {
                outcome = self.resolve(sample, hash: hash, now: now, context: context, totals: &totals)
            }
            if outcome.extra != 0 {
                totals.parse.tagErrors &+= UInt64(self.cache.extra(of: outcome).droppedTags)
            }
            let events = UInt64(sample.type.metricClass == .observer ? max(sample.repeatCount, 0) : 1)
            switch outcome.kind {
            case .dropped:
                totals.dropActions &+= events
            case .emptyName:
                totals.emptyMetricNames &+= events
            case .refused:
                Self.countMapping(mapped: outcome.mapped, events: events, totals: &totals)
                totals.seriesRefused &+= events
            case .negativeCounter:
                Self.countMapping(mapped: outcome.mapped, events: events, totals: &totals)
                totals.negativeCounters &+= events
            case .conflict:
                Self.countMapping(mapped: outcome.mapped, events: events, totals: &totals)
                let extra = self.cache.extra(of: outcome)
                if outcome.eventType == .counter, sample.value * extra.scale < 0 {
                    totals.negativeCounters &+= events
                    return
                }
                context.metrics.recordConflict(
                    type: outcome.eventType.rawValue,
                    metricName: extra.conflictName,
                    count: events
                )
            case .series:
                Self.countMapping(mapped: outcome.mapped, events: events, totals: &totals)
                let value = sample.value * self.cache.scale(of: outcome)
                if outcome.eventType == .counter, value < 0 {
                    totals.negativeCounters &+= events
                    return
                }
                let observation = Observation(
                    value: value,
                    isRelative: sample.isRelative,
                    repeatCount: sample.repeatCount
                )
                if !context.store.apply(observation, to: outcome.handle, now: now) {
                    // The series expired since it was cached: resolve it again, once.
                    let fresh = self.resolve(sample, hash: hash, now: now, context: context, totals: &totals)
                    guard fresh.kind == .series, context.store.apply(observation, to: fresh.handle, now: now) else {
                        return
                    }
                }
                switch outcome.eventType {
                case .counter: totals.counterEvents &+= events
                case .gauge: totals.gaugeEvents &+= events
                case .observer: totals.observerEvents &+= events
                }
            }
        }

        private static func countMapping(mapped: Bool, events: UInt64, totals: inout IngestTotals) {
            if mapped {
                totals.mapActions &+= events
            } else {
                totals.unmappedEvents &+= events
            }
        }

        /// The slow path: map the sample's name, build its labels and find or create its series.
        private mutating func resolve(
            _ sample: StatsDSample,
            hash: UInt64,
            now: UInt64,
            context: IngestContext,
            totals: inout IngestTotals
        ) -> SeriesCache.Outcome {
            let metricClass = sample.type.metricClass
            let rawName = self.batch.name(of: sample)
            let result =
                context.mapping.cache.result(for: rawName, class: metricClass, in: self.mapping)
                ?? self.mapping.unmappedResult(for: rawName)
            // Status page: counted here, once per new raw series, never per sample (see UnmappedNames and RuleHits).
            if let rule = result.rule {
                context.ruleHits.record(rule, generation: self.cacheGeneration)
            } else {
                context.unmappedNames.record(rawName, generation: self.cacheGeneration)
            }
            let outcome: SeriesCache.Outcome
            var extra: SeriesCache.Extra?
            let plan = SeriesPlan(for: sample, in: self.batch, rawName: rawName, result: result)
            switch plan {
            case .dropped:
                outcome = SeriesCache.outcome(.dropped)
            case .emptyName:
                outcome = SeriesCache.outcome(.emptyName)
            case .negativeCounter(let mapped):
                // Not cached: whether a counter sample is negative depends on its value, not its name.
                context.resolutionTrace?(rawName, "refused: negative counter")
                return SeriesCache.outcome(.negativeCounter, mapped: mapped)
            case .series(let descriptor, let scale, let mapped, let eventType, let droppedTags):
                if let scale, scale != 1 {
                    extra = SeriesCache.Extra(scale: scale)
                }
                let epoch = context.store.expiryEpoch
                switch context.store.resolve(descriptor, now: now) {
                case .limitReached:
                    outcome = SeriesCache.outcome(.refused, mapped: mapped)
                    extra = SeriesCache.Extra(epoch: epoch)
                case .series(let handle):
                    outcome = SeriesCache.outcome(.series, mapped: mapped, eventType: eventType, handle: handle)
                case .conflict:
                    outcome = SeriesCache.outcome(.conflict, mapped: mapped, eventType: eventType)
                    extra = SeriesCache.Extra(scale: scale ?? 1, conflictName: descriptor.name)
                }
                if !droppedTags.isEmpty {
                    extra = extra ?? SeriesCache.Extra()
                    extra?.droppedTags = UInt32(droppedTags.count)
                }
            }
            context.resolutionTrace?(rawName, Self.describe(outcome, plan: plan))
            return self.key.withUnsafeBytes { self.cache.store(outcome, extra: extra, for: $0, hash: hash) }
        }

        /// What became of a new raw name and tag set, in words, for ``IngestContext/resolutionTrace``.
        private static func describe(_ outcome: SeriesCache.Outcome, plan: SeriesPlan) -> String {
            guard case .series(let descriptor, _, let mapped, _, _) = plan else {
                switch plan {
                case .dropped: return "dropped by the rule that matched"
                case .emptyName: return "refused: the mapped name is empty"
                case .negativeCounter, .series: return ""
                }
            }
            let labels = descriptor.labels.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ",")
            let series = "\(descriptor.name)\(labels.isEmpty ? "" : "{\(labels)}") \(descriptor.kind.name)"
            let how = mapped ? "mapped" : "unmapped"
            switch outcome.kind {
            case .series: return "\(how) to series \(series)"
            case .conflict: return "refused: \(descriptor.name) already has another type"
            case .refused: return "refused: the series limit is reached (\(series))"
            case .dropped, .emptyName, .negativeCounter: return ""
            }
        }

        /// The raw identity of a sample: its class, then its name and each tag key and value, each preceded by its
        /// length (LEB128: one byte below 128), so no two different samples share a key whatever bytes their values
        /// hold.
        private mutating func makeKey(for sample: StatsDSample) {
            // Cheaper than removeAll(keepingCapacity: true) for bytes; see SampleBatch.removeAll().
            self.key.removeLast(self.key.count)
            self.key.append(sample.type.metricClass.rawValue)
            Self.append(sample.name, of: self.batch.bytes, to: &self.key)
            for index in sample.tags {
                let tag = self.batch.tags[index]
                Self.append(tag.key, of: self.batch.bytes, to: &self.key)
                Self.append(tag.value, of: self.batch.bytes, to: &self.key)
            }
        }

        @inline(__always)
        private static func append(_ range: Range<Int>, of bytes: [UInt8], to key: inout [UInt8]) {
            var count = UInt(range.count)
            while count >= 0x80 {
                key.append(UInt8(truncatingIfNeeded: count) | 0x80)
                count &>>= 7
            }
            key.append(UInt8(count))
            key.append(contentsOf: bytes[range])
        }
    }
}
