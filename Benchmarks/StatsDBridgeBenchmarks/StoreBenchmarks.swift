import Aggregation
import Benchmark

/// ``SeriesStore/apply(_:to:now:)`` per series type, through a resolved handle, as ingest does for known series.
enum StoreBenchmarks {
    /// Prometheus' `DefBuckets`.
    private static let defaultBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// statsd_exporter's default summary: quantiles 0.5, 0.9 and 0.99, a 10-minute window in 5 buckets, 500 buffered.
    static let defaultSummary = ObserverSettings.summary(
        quantiles: [
            SummaryQuantile(quantile: 0.5, error: 0.05), SummaryQuantile(quantile: 0.9, error: 0.01),
            SummaryQuantile(quantile: 0.99, error: 0.001),
        ],
        maxAge: .seconds(600),
        ageBuckets: 5,
        bufCap: 500
    )

    static func register() {
        let kinds: [(String, SeriesKind, ObserverSettings?)] = [
            ("Counter", .counter, nil),
            ("Gauge", .gauge, nil),
            ("Summary", .summary, Self.defaultSummary),
            ("Histogram", .histogram, .histogram(buckets: Self.defaultBuckets, native: nil)),
            (
                "NativeHistogram", .histogram,
                .histogram(buckets: Self.defaultBuckets, native: NativeHistogramSettings(schema: 3, maxBuckets: 256))
            ),
        ]
        for (name, kind, observer) in kinds {
            let state = Lazy { () -> StoreFixture in
                let fixture = StoreFixture(
                    count: 1,
                    prefix: "bench_\(name.lowercased())",
                    labels: [Label(name: "env", value: "prod"), Label(name: "route", value: "/api")],
                    kind: kind,
                    observer: observer
                )
                // Warm up so a summary's buffers have grown: the steady state of a busy series.
                for index in 0..<20_000 {
                    let observation = Observation(value: fixture.values[index & 4095])
                    _ = fixture.store.apply(observation, to: fixture.handles[0], now: UInt64(index))
                }
                return fixture
            }
            Benchmark("Store/Apply\(name) (per sample)", configuration: Suite.perOperation) { benchmark in
                let fixture = state.get
                let handle = fixture.handles[0]
                var now: UInt64 = 20_000
                benchmark.startMeasurement()
                for index in benchmark.scaledIterations {
                    now &+= 1
                    blackHole(
                        fixture.store.apply(Observation(value: fixture.values[index & 4095]), to: handle, now: now)
                    )
                }
                benchmark.stopMeasurement()
            }
        }
        Self.registerRoundRobin()
    }

    /// One sender's timers: 1,000 summary series fed in turn, so each sample finds its series out of the cache, as
    /// in the daemon, where `Store/ApplySummary` (one series) finds it in the cache every time.
    private static func registerRoundRobin() {
        let state = Lazy { () -> StoreFixture in
            let fixture = StoreFixture(
                count: 1_000,
                prefix: "bench_timer",
                labels: [],
                kind: .summary,
                observer: Self.defaultSummary
            )
            // Warm up so every summary's buffers have grown.
            for index in 0..<2_000_000 {
                let observation = Observation(value: fixture.values[index & 4095])
                _ = fixture.store.apply(observation, to: fixture.handles[index % 1_000], now: 1)
            }
            return fixture
        }
        Benchmark("Store/ApplySummary1000InTurn (per sample)", configuration: Suite.perOperation) { benchmark in
            let fixture = state.get
            benchmark.startMeasurement()
            for index in benchmark.scaledIterations {
                let observation = Observation(value: fixture.values[index & 4095])
                blackHole(fixture.store.apply(observation, to: fixture.handles[index % 1_000], now: 2))
            }
            benchmark.stopMeasurement()
        }
    }
}
