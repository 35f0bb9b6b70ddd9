import Aggregation
import Benchmark
import CompressNIO
import Exposition
import Ingest
import NIOCore

/// A scrape: rendering `/metrics` from a populated store (10k counter families, 1k summary families) in text and in
/// protobuf, and gzip of the rendered text, as the HTTP handler does it.
enum RenderBenchmarks {
    /// A store holding `count` series created through the ingest path, one family each.
    static func populatedStore(count: Int, line: (Int) -> String) -> SeriesStore {
        let context = IngestBenchmarks.makeContext()
        let pipeline = context.makePipeline()
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
        return context.store
    }

    /// The store's families in the text format, or in protobuf, as `/metrics` renders them (without the daemon's
    /// self-metrics): straight from the flat snapshot, through one small reused chunk, into `body`, which keeps its
    /// capacity from one scrape to the next.
    static func render(_ store: SeriesStore, protobuf: Bool = false, into body: inout ByteBuffer) {
        body.clear()
        let snapshot = store.exposition(now: NIODeadline.now().uptimeNanoseconds)
        let emit = { (chunk: inout [UInt8]) in
            body.writeBytes(chunk)
            chunk.removeAll(keepingCapacity: true)
        }
        if protobuf {
            ProtobufRenderer.render(snapshot, merging: [], ownCreated: 0, chunkBytes: 1 << 16, emit: emit)
        } else {
            TextRenderer.render(snapshot, merging: [], chunkBytes: 1 << 16, emit: emit)
        }
    }

    /// The body buffer kept from one scrape to the next, already grown to a scrape's size. It is referenced only
    /// from here, so clearing and refilling it reuses its storage rather than copying it.
    final class ScrapeBody {
        var buffer: ByteBuffer

        init(_ buffer: ByteBuffer) {
            self.buffer = buffer
        }
    }

    static func rendered(_ store: SeriesStore) -> ByteBuffer {
        var body = ByteBufferAllocator().buffer(capacity: 1 << 16)
        Self.render(store, into: &body)
        return body
    }

    /// A scrape's allocation count can differ by one from run to run with the same code (seen once in about twenty
    /// short runs: 11 instead of 12 for 10k counters), probably because the snapshot's arrays grow by appending and
    /// how often depends on the capacity malloc hands back for large blocks. The threshold check therefore lets these
    /// two be off by 2; every other benchmark's count must equal its threshold exactly.
    static var scrapeConfiguration: Benchmark.Configuration {
        .init(thresholds: [.mallocCountTotal: .init(absolute: [.p90: 2])])
    }

    static func register() {
        let stores: [(name: String, count: Int, line: (Int) -> String)] = [
            ("10kCounters", 10_000, { "bench.counter.family_\($0):1|c" }),
            ("1kSummaries", 1_000, { "bench.timer.family_\($0):\($0 % 977).5|ms" }),
        ]
        for store in stores {
            let populated = Lazy { Self.populatedStore(count: store.count, line: store.line) }
            let body = Lazy { Self.rendered(populated.get) }
            let scrape = Lazy { ScrapeBody(Self.rendered(populated.get)) }
            Benchmark("Render/\(store.name) (per scrape)", configuration: Self.scrapeConfiguration) { benchmark in
                let populated = populated.get
                let scrape = scrape.get
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    Self.render(populated, into: &scrape.buffer)
                    blackHole(scrape.buffer.readableBytes)
                }
                benchmark.stopMeasurement()
            }
            Benchmark("Render/\(store.name)Protobuf (per scrape)", configuration: Self.scrapeConfiguration) {
                benchmark in
                let populated = populated.get
                let scrape = scrape.get
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    Self.render(populated, protobuf: true, into: &scrape.buffer)
                    blackHole(scrape.buffer.readableBytes)
                }
                benchmark.stopMeasurement()
            }
            Benchmark("Render/\(store.name)Gzip (per scrape, compression only)") { benchmark in
                let body = body.get
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    var copy = body
                    do {
                        blackHole(
                            try copy.compress(with: .gzip(configuration: .init(compressionLevel: .fastestCompression)))
                        )
                    } catch {
                        fatalError("gzip failed: \(error)")
                    }
                }
                benchmark.stopMeasurement()
            }
        }
    }
}
