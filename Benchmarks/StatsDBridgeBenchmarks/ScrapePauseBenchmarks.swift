import Aggregation
import Benchmark
import Foundation
import Synchronization

/// How long a scrape can hold up ingest: ``SeriesStore/apply(_:to:now:)`` on random series of a 100k-series store
/// while another thread takes ``SeriesStore/exposition(now:)`` of that store back to back, as scrapes do.
///
/// Each iteration is one sample, so the wall clock's p99 and p100 are the longest samples waited: for a shard lock
/// the scrape held, and on a machine with no idle core also for the scheduler; compare them with `Store/Apply*` (no
/// scrape running). The scraping thread runs only in full runs: a short run (`BENCHMARK_SHORT=1`, CI's allocation
/// check) measures apply alone, so its allocation count does not depend on how many scrapes another thread fitted in.
enum ScrapePauseBenchmarks {
    static func register(short: Bool) {
        let kinds: [(String, SeriesKind, ObserverSettings?)] = [
            ("Counters", .counter, nil),
            ("Summaries", .summary, StoreBenchmarks.defaultSummary),
        ]
        for (name, kind, observer) in kinds {
            let fixture = Lazy { Self.fixture(kind: kind, observer: observer) }
            let benchmark = "Store/ApplyWhileScraping100k\(name) (per sample)"
            Self.whileScraping(benchmark, fixture, short: short) { fixture, iteration in
                let handle = fixture.handles[(iteration &* 7_919) % fixture.handles.count]
                let observation = Observation(value: fixture.values[iteration & 4095])
                blackHole(fixture.store.apply(observation, to: handle, now: 1_000_000 &+ UInt64(iteration)))
            }
        }
    }

    /// Registers a benchmark running `body` once per iteration while a ``Scraper`` scrapes the fixture's store.
    private static func whileScraping(
        _ name: String,
        _ fixture: Lazy<StoreFixture>,
        short: Bool,
        body: @escaping (StoreFixture, Int) -> Void
    ) {
        let scraper = Scraper()
        Benchmark(
            name,
            configuration: .init(
                metrics: Suite.metrics,
                maxDuration: short ? .milliseconds(50) : .seconds(10),
                maxIterations: short ? 3 : 2_000_000
            )
        ) { benchmark in
            body(fixture.get, benchmark.currentIteration)
        } setup: {
            if !short { scraper.start(fixture.get.store) }
        } teardown: {
            scraper.stop()
        }
    }

    private static func fixture(kind: SeriesKind, observer: ObserverSettings?) -> StoreFixture {
        let fixture = StoreFixture(
            count: 100_000,
            prefix: "bench_series",
            labels: [Label(name: "env", value: "prod")],
            kind: kind,
            observer: observer
        )
        // A few hundred observations each, so summaries hold data and a scrape has windows to flush and query.
        for (index, handle) in fixture.handles.enumerated() {
            for step in 0..<(kind == .summary ? 200 : 1) {
                _ = fixture.store.apply(Observation(value: fixture.values[(index &+ step) & 4095]), to: handle, now: 1)
            }
        }
        return fixture
    }
}

/// A thread that scrapes a store back to back until stopped.
private final class Scraper: Sendable {
    private let running = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    func start(_ store: SeriesStore) {
        self.running.store(true, ordering: .releasing)
        Thread.detachNewThread {
            var now: UInt64 = 2_000_000_000
            while self.running.load(ordering: .acquiring) {
                now &+= 1_000_000
                blackHole(store.exposition(now: now).series.count)
            }
            self.finished.signal()
        }
    }

    func stop() {
        guard self.running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        self.finished.wait()
    }
}
