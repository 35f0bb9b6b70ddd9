import Benchmark

#if canImport(Glibc)
import Glibc
#endif

/// The benchmark suite: parse, ingest, store, mapping and render, each reporting wall clock, CPU, mallocs and
/// throughput.
///
/// `BENCHMARK_SHORT=1` (what `check-thresholds`, and so CI, sets) runs every benchmark for a few iterations only,
/// enough to check `mallocCountTotal` against `Thresholds/`; the figures in BENCHMARKS.md come from full runs.
let benchmarks: @Sendable () -> Void = {
    let short = getenv("BENCHMARK_SHORT").map { String(cString: $0) != "0" } ?? false
    Benchmark.defaultConfiguration = .init(
        metrics: Suite.metrics,
        warmupIterations: short ? 1 : 3,
        maxDuration: short ? .milliseconds(50) : .seconds(2),
        maxIterations: short ? 3 : 100_000
    )
    ParseBenchmarks.register()
    IngestBenchmarks.register()
    StoreBenchmarks.register()
    MappingBenchmarks.register()
    RenderBenchmarks.register()
    ScrapePauseBenchmarks.register(short: short)
}

enum Suite {
    /// The metrics every benchmark reports.
    static let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .throughput]

    /// A benchmark measured per inner operation: `benchmark.scaledIterations` runs 1000 of them per iteration, and
    /// `swift package benchmark --scale` reports figures per operation.
    static var perOperation: Benchmark.Configuration { .init(metrics: Suite.metrics, scalingFactor: .kilo) }
}

/// State built on first use and kept across iterations: package-benchmark calls a benchmark's closure once per
/// iteration, and the state of a long-running daemon (warm caches, grown buffers) is what should be measured.
final class Lazy<Value> {
    private var value: Value?
    private let make: () -> Value

    init(_ make: @escaping () -> Value) {
        self.make = make
    }

    var get: Value {
        if let value { return value }
        let made = self.make()
        self.value = made
        return made
    }
}

/// A deterministic pseudo-random sequence (SplitMix64), so every run sees the same values.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
