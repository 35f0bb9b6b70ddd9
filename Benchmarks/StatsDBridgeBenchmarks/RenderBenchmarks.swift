import Benchmark
import Bridge
import CompressNIO
import Mapping
import NIOCore

/// A scrape: rendering `/metrics` from a populated store (10k counter families, 1k summary families), and gzip of
/// the rendered body, as the HTTP handler does it.
enum RenderBenchmarks {
    /// A bridge holding `count` series created through the ingest path, one family each.
    static func populatedBridge(count: Int, line: (Int) -> String) -> StatsDBridge {
        let bridge: StatsDBridge
        do {
            bridge = try StatsDBridge(configuration: BridgeConfiguration(), mapping: .empty)
        } catch {
            fatalError("\(error)")
        }
        let pipeline = bridge.makePipeline()
        let now = NIODeadline.now().uptimeNanoseconds
        var index = 0
        while index < count {
            let (bytes, lines) = IngestBenchmarks.datagram { line(index + $0) }
            let taken = min(lines, count - index)
            let cut = bytes.split(separator: UInt8(ascii: "\n")).prefix(taken)
            let datagram = Array(cut.joined(separator: [UInt8(ascii: "\n")]))
            pipeline.ingest(datagram: datagram.span, now: now)
            index += taken
        }
        pipeline.flushTotals()
        return bridge
    }

    static func register() {
        let stores: [(name: String, count: Int, line: (Int) -> String)] = [
            ("10kCounters", 10_000, { "bench.counter.family_\($0):1|c" }),
            ("1kSummaries", 1_000, { "bench.timer.family_\($0):\($0 % 977).5|ms" }),
        ]
        for store in stores {
            let bridge = Lazy { Self.populatedBridge(count: store.count, line: store.line) }
            let body = Lazy { bridge.get.renderMetrics(allocator: ByteBufferAllocator()) }
            Benchmark("Render/\(store.name) (per scrape)") { benchmark in
                let bridge = bridge.get
                let allocator = ByteBufferAllocator()
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    blackHole(bridge.renderMetrics(allocator: allocator))
                }
                benchmark.stopMeasurement()
            }
            Benchmark("Render/\(store.name)Gzip (per scrape, compression only)") { benchmark in
                let body = body.get
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    var copy = body
                    do {
                        blackHole(try copy.compress(with: .gzip(configuration: .init(compressionLevel: .fastestCompression))))
                    } catch {
                        fatalError("gzip failed: \(error)")
                    }
                }
                benchmark.stopMeasurement()
            }
        }
    }
}
