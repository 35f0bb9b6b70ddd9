import Aggregation
import Ingest
import Mapping
import Testing

/// Type conflicts are counted per event, but recorded once per line: a tiny sample rate on a conflicting timer
/// (`x:1|ms|@0.000001`, a million events) must not cost a million lock acquisitions.
struct ConflictAccountingTests {
    @Test func aMillionConflictingEventsTakeOneLock() {
        let context = IngestContext(
            store: SeriesStore(maxSeries: 0),
            mapping: MappingState(config: .empty, cacheSize: 1000, cacheType: .lru)
        )
        let pipeline = context.makePipeline()
        pipeline.ingest(datagram: Array("x:1|c".utf8).span, now: 1)
        pipeline.ingest(datagram: Array("x:1|ms|@0.000001".utf8).span, now: 2)
        pipeline.flushTotals()
        let key = SelfMetrics.ConflictKey(type: "observer", metricName: "x")
        #expect(context.metrics.currentConflicts == [key: 1_000_000])
        #expect(context.metrics.conflictLockAcquisitions == 1)
        pipeline.ingest(datagram: Array("x:1|ms|@0.5\nx:2|ms".utf8).span, now: 3)
        #expect(context.metrics.currentConflicts == [key: 1_000_003])
        #expect(context.metrics.conflictLockAcquisitions == 3)
    }
}
