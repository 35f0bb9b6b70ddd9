import Aggregation
import Benchmark
import Ingest
import Mapping
import NIOCore

/// The steady-state hot path: one datagram of known series through an ``IngestPipeline`` (parse, series cache,
/// store update, counters), as a UDP listener runs it.
enum IngestBenchmarks {
    /// A realistic batched datagram: up to `limit` bytes of `\n`-separated lines, as StatsD clients send.
    static func datagram(limit: Int = 1432, line: (Int) -> String) -> (bytes: [UInt8], lines: Int) {
        var bytes: [UInt8] = []
        var count = 0
        while true {
            let next = Array(line(count).utf8)
            if !bytes.isEmpty && bytes.count + 1 + next.count > limit { break }
            if !bytes.isEmpty { bytes.append(UInt8(ascii: "\n")) }
            bytes.append(contentsOf: next)
            count += 1
        }
        return (bytes, count)
    }

    static let shapes: [(name: String, line: @Sendable (Int) -> String)] = [
        ("Counters", { "airflow.dag_processing.processes.worker\($0 % 40).count:1|c" }),
        ("Timers", { "airflow.dag.example_dag.task\($0 % 40).duration:\(($0 &* 7919) % 10_000).5|ms" }),
        ("DogStatsDCounters", { "airflow.ti.finish:1|c|#dag_id:example_dag,task_id:task\($0 % 40),state:success" }),
        ("Gauges", { "airflow.pool.open_slots.pool\($0 % 40):\($0 % 128)|g" }),
    ]

    static func register() {
        Benchmark("Ingest/SingleLineCounter (1 line per datagram, per datagram)", configuration: Suite.perOperation) {
            benchmark in
            Self.run(benchmark, Self.state(Array("airflow.dag_processing.processes.worker1.count:1|c".utf8)))
        }
        for shape in shapes {
            let (bytes, lines) = Self.datagram(line: shape.line)
            let state = Self.state(bytes)
            Benchmark(
                "Ingest/Datagram\(shape.name) (\(lines) lines, \(bytes.count) B, per datagram)",
                configuration: Suite.perOperation
            ) { benchmark in
                Self.run(benchmark, state)
            }
        }
    }

    /// What the daemon's listeners share, as the daemon builds it with its defaults: an unlimited store, no mapping
    /// rules and a 1000-entry LRU mapping cache.
    static func makeContext() -> IngestContext {
        IngestContext(
            store: SeriesStore(maxSeries: 0),
            mapping: MappingState(config: .empty, cacheSize: 1000, cacheType: .lru)
        )
    }

    /// A pipeline that has seen `datagram` many times: every series exists, the caches are warm and every buffer
    /// (summary windows included) has grown.
    static func state(
        _ datagram: [UInt8]
    ) -> Lazy<(context: IngestContext, pipeline: IngestPipeline, datagram: [UInt8])> {
        Lazy {
            let context = Self.makeContext()
            let pipeline = context.makePipeline()
            let now = NIODeadline.now().uptimeNanoseconds
            for _ in 0..<2_000 {
                pipeline.ingest(datagram: datagram.span, now: now)
            }
            pipeline.flushTotals()
            return (context, pipeline, datagram)
        }
    }

    /// Feeds the datagram again, with the per-read flush of the counters a UDP listener does.
    static func run(
        _ benchmark: Benchmark,
        _ state: Lazy<(context: IngestContext, pipeline: IngestPipeline, datagram: [UInt8])>
    ) {
        let (context, pipeline, bytes) = state.get
        let span = bytes.span
        var now = NIODeadline.now().uptimeNanoseconds
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            now &+= 1000
            pipeline.ingest(datagram: span, now: now)
            pipeline.flushTotals()
        }
        benchmark.stopMeasurement()
        blackHole(context.store.seriesCount)
    }
}
