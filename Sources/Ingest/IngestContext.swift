import Aggregation
import StatsDProtocol

/// Everything an ``IngestPipeline`` reads and writes besides its own scratch state: the store, the mapping in
/// force, the shared counters, the status page's recorders and where raw lines are forwarded.
///
/// The daemon builds one and hands it to every listener, so a listener sees what ingest needs and nothing else of
/// the application.
package struct IngestContext: Sendable {
    /// Where samples are aggregated.
    package let store: SeriesStore
    /// The mapping in force, swapped by a reload.
    package let mapping: MappingState
    /// The shared counters behind the `statsd_exporter_*` self-metrics.
    package let metrics: SelfMetrics
    /// Hits per rule and the most frequent unmapped names, recorded when a new series is resolved.
    package let ruleHits: RuleHits
    package let unmappedNames: UnmappedNames
    /// The tag dialects the parser reads.
    package let dialects: TagDialects
    /// Receives every raw datagram or line before it is parsed (`--statsd.relay.address`), or `nil`.
    package let forwarder: (any LineForwarder)?
    /// Told, when a pipeline first sees a raw name and tag set, what became of it (the raw name, then e.g.
    /// `series foo_total{env="prod"} counter`), for debug logging; `nil` costs nothing.
    package let resolutionTrace: (@Sendable (_ rawName: String, _ outcome: String) -> Void)?

    package init(
        store: SeriesStore,
        mapping: MappingState,
        metrics: SelfMetrics = SelfMetrics(),
        ruleHits: RuleHits = RuleHits(),
        unmappedNames: UnmappedNames = UnmappedNames(),
        dialects: TagDialects = TagDialects(),
        forwarder: (any LineForwarder)? = nil,
        resolutionTrace: (@Sendable (_ rawName: String, _ outcome: String) -> Void)? = nil
    ) {
        self.store = store
        self.mapping = mapping
        self.metrics = metrics
        self.ruleHits = ruleHits
        self.unmappedNames = unmappedNames
        self.dialects = dialects
        self.forwarder = forwarder
        self.resolutionTrace = resolutionTrace
    }

    /// A new pipeline over this context, for one listener thread or connection.
    package func makePipeline() -> IngestPipeline {
        IngestPipeline(context: self)
    }
}
