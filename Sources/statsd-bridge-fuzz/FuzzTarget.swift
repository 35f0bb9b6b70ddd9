import Aggregation
import Exposition
import Ingest
import Mapping

/// One fuzz input through the whole ingest path: parse, map (the shipped Airflow mapping plus regex and glob rules
/// that exercise templates, drops and observers; histograms with native buckets), aggregate, and every 64 inputs a
/// full render of `/metrics` in text and in protobuf.
///
/// The store is rebuilt every 4096 inputs so its growth does not read as a leak. It links the ingest path and the
/// renderer only, not the daemon.
enum FuzzTarget {
    /// The pipeline is driven from libFuzzer's single thread only.
    nonisolated(unsafe) private static var state: (context: IngestContext, pipeline: IngestPipeline, inputs: Int)?

    static let mappingYAML = """
        defaults:
          observer_type: histogram
          ttl: 1m
        mappings:
          - match: "a.*.*"
            name: "a_$1"
            labels:
              second: "$2"
          - match: "b.*"
            name: "b_${1}_total"
            observer_type: summary
            summary_options:
              quantiles: [{quantile: 0.5, error: 0.05}]
              max_age: 1s
              age_buckets: 2
          - match: "drop.*"
            name: "dropped"
            action: drop
          - match: "scaled.*"
            name: "scaled"
            scale: -1
          - match: "(.*)\\\\.(le|quantile)$"
            match_type: regex
            name: "${1}_x"
            labels:
              le: "$2"
              quantile: "$2"
          - match: "^([a-z]+)[.](.*)$"
            match_type: regex
            name: "re_$1"
            honor_labels: true
            labels:
              rest: "$2"
        """

    static func run(_ bytes: UnsafeRawBufferPointer) {
        var current = Self.state ?? Self.makeState()
        current.inputs += 1
        let span = Span<UInt8>(_unsafeBytes: bytes)
        current.pipeline.ingest(datagram: span, now: UInt64(current.inputs) * 100_000_000)
        current.pipeline.flushTotals()
        if current.inputs % 64 == 0 {
            let now = UInt64(current.inputs) * 100_000_000
            _ = current.context.store.removeExpired(now: now)
            let snapshot = current.context.store.exposition(now: now)
            var bytes = 0
            let emit = { (chunk: inout [UInt8]) in
                bytes &+= chunk.count
                chunk.removeAll(keepingCapacity: true)
            }
            TextRenderer.render(snapshot, merging: [], chunkBytes: 1 << 16, emit: emit)
            ProtobufRenderer.render(snapshot, merging: [], ownCreated: 0, chunkBytes: 1 << 16, emit: emit)
        }
        Self.state = current.inputs >= 4096 ? nil : current
    }

    private static func makeState() -> (context: IngestContext, pipeline: IngestPipeline, inputs: Int) {
        do {
            let mapping = try MappingConfig(yaml: Self.mappingYAML, fileName: "fuzz.yml")
            let context = IngestContext(
                store: SeriesStore(maxSeries: 0),
                mapping: MappingState(config: mapping, cacheSize: 1000, cacheType: .lru)
            )
            return (context, context.makePipeline(), 0)
        } catch {
            fatalError("the fuzz mapping must load: \(error)")
        }
    }
}
