import Benchmark
import StatsDProtocol

/// `LineParser` per line, on the dialects statsd_exporter reads and on lines it rejects.
enum ParseBenchmarks {
    /// The dialect of each line shape of ``line(shape:index:)``.
    static let dialects = [
        "plain", "plain", "plain", "dogstatsd", "dogstatsd", "dogstatsd", "influxdb", "librato", "signalfx",
        "invalid", "invalid", "invalid", "invalid", "invalid",
    ]

    /// One line of each shape; the corpus cycles through them with varying names and values.
    static func line(shape: Int, index i: Int) -> String {
        switch shape {
        case 0: "app.frontend.requests.handler\(i % 50).count:1|c"
        case 1: "app.frontend.latency.handler\(i % 50):\(i % 997).5|ms|@0.5"
        case 2: "app.queue.depth.shard\(i % 20):+\(i % 13)|g"
        case 3: "app.http.requests:1|c|#env:prod,route:/api/v\(i % 3),status:200"
        case 4: "app.http.duration:\(i % 500).25|ms|@0.1|#env:prod,route:/api/items"
        case 5: "app.batch.sizes:1:2:\(i % 9)|h|#env:prod|c:container-\(i % 4)"
        case 6: "app.cache.hits,region=eu-west-\(i % 3),tier=hot:\(i % 100)|c"
        case 7: "app.cache.misses#region=us-east-\(i % 3),tier=cold:1|c"
        case 8: "app.[region=ap-south-\(i % 3),tier=warm]cache.evictions:2|c"
        case 9: "app.broken.line.without.colon.\(i)"
        case 10: "app.broken.value:abc\(i)|c"
        case 11: "app.broken.type:1|x\(i % 10)"
        case 12: "app.broken.rate:1|c|@zero"
        default: "app.broken.mixed,a=b:1|c|#c:d"
        }
    }

    /// `count` lines of the given dialects, concatenated, with each line's range.
    static func corpus(count: Int, dialects: Set<String>?) -> (bytes: [UInt8], lines: [Range<Int>]) {
        let chosen = Self.dialects.indices.filter { dialects?.contains(Self.dialects[$0]) ?? true }
        var bytes: [UInt8] = []
        var lines: [Range<Int>] = []
        for index in 0..<count {
            let start = bytes.count
            bytes.append(contentsOf: Self.line(shape: chosen[index % chosen.count], index: index).utf8)
            lines.append(start..<bytes.count)
        }
        return (bytes, lines)
    }

    static func register() {
        for (name, dialects) in [
            ("Mixed", nil),
            ("Plain", Set(["plain"])),
            ("DogStatsD", Set(["dogstatsd"])),
            ("Invalid", Set(["invalid"])),
        ] as [(String, Set<String>?)] {
            Benchmark("Parse/\(name) (per line)", configuration: Suite.perOperation) { benchmark in
                let (bytes, lines) = Self.corpus(count: benchmark.scaledIterations.count, dialects: dialects)
                let parser = LineParser()
                var batch = SampleBatch()
                var stats = ParseStats()
                let span = bytes.span
                // Parse everything once, so the batch has grown and the measurement shows the steady state.
                for line in lines {
                    batch.removeAll()
                    parser.parse(line: span.extracting(line), into: &batch, stats: &stats)
                }
                benchmark.startMeasurement()
                for index in benchmark.scaledIterations {
                    batch.removeAll()
                    parser.parse(line: span.extracting(lines[index]), into: &batch, stats: &stats)
                }
                benchmark.stopMeasurement()
                blackHole(stats.lines)
            }
        }
    }
}
