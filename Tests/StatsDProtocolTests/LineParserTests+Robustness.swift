import TestSupport
import Testing

@testable import StatsDProtocol

/// Large, hostile and random input: never a crash, and still exact counts.
extension LineParserTests {
    @Test("a 64 KiB datagram of lines is parsed completely")
    func largeDatagram() {
        var text = ""
        var lineCount = 0
        while text.utf8.count < 65_000 {
            text += "metric.number\(lineCount):\(lineCount)|c|#host:h\(lineCount % 7)\n"
            lineCount += 1
        }
        let bytes = Array(text.utf8)
        var batch = SampleBatch()
        var stats = ParseStats()
        LineParser().parse(datagram: bytes.span, into: &batch, stats: &stats)
        #expect(bytes.count >= 65_000 && bytes.count <= 65_535)
        #expect(batch.samples.count == lineCount)
        #expect(stats.lines == UInt64(lineCount + 1))
        #expect(stats.samples == UInt64(lineCount))
        #expect(stats.taggedSamples == UInt64(lineCount))
        #expect(stats.sampleErrors == 0)
        let last = Self.samples(batch).last
        #expect(
            last
                == .counter(
                    "metric.number\(lineCount - 1)",
                    Double(lineCount - 1),
                    tags: ["host=h\((lineCount - 1) % 7)"]
                )
        )
    }

    @Test("a single 64 KiB line keeps its whole name")
    func largeLine() {
        let name = String(repeating: "a.", count: 32_700)
        let bytes = Array((name + ":1|c").utf8)
        var batch = SampleBatch()
        var stats = ParseStats()
        LineParser().parse(datagram: bytes.span, into: &batch, stats: &stats)
        #expect(Self.samples(batch) == [.counter(name, 1)])
    }

    @Test("300 DogStatsD tags, with and without repeats")
    func manyTags() {
        let distinct = (0..<300).map { "key\($0):value\($0)" }.joined(separator: ",")
        let repeated = (0..<300).map { "key\($0 % 50):value\($0)" }.joined(separator: ",")
        var batch = SampleBatch()
        var stats = ParseStats()
        let first = Array("foo:1|c|#\(distinct)".utf8)
        LineParser().parse(line: first.span, into: &batch, stats: &stats)
        let second = Array("foo:1|c|#\(repeated)".utf8)
        LineParser().parse(line: second.span, into: &batch, stats: &stats)
        let samples = Self.samples(batch)
        #expect(samples.count == 2)
        #expect(samples.first?.tags == (0..<300).map { "key\($0)=value\($0)" })
        #expect(samples.last?.tags == (0..<50).map { "key\($0)=value\($0 + 250)" })
        #expect(stats.taggedSamples == 2)
        #expect(stats.tagErrors == 0)
    }

    @Test("10,000 name-embedded tags")
    func manyNameTags() {
        let tags = (0..<10_000).map { "k\($0)=\($0)" }.joined(separator: ",")
        let bytes = Array("foo,\(tags):1|g".utf8)
        var batch = SampleBatch()
        var stats = ParseStats()
        LineParser().parse(line: bytes.span, into: &batch, stats: &stats)
        #expect(batch.samples.count == 1)
        #expect(batch.samples.first?.tags.count == 10_000)
        #expect(batch.samples.first.map { batch.name(of: $0) } == "foo")
    }

    @Test("a 64 KiB packed line with a long tag section is parsed in one pass")
    func longPackedLine() {
        let values = Array(repeating: "1", count: 20_000).joined(separator: ":")
        let tags = (0..<1_500).map { "k\($0):v" }.joined(separator: ",")
        var batch = SampleBatch()
        var stats = ParseStats()
        let good = Array("p:\(values)|ms|@0.5|#\(tags),bad".utf8)
        #expect(good.count > 48_000 && good.count < 65_536)
        LineParser().parse(line: good.span, into: &batch, stats: &stats)
        #expect(batch.samples.count == 20_000)
        #expect(batch.tags.count == 1_500)
        #expect(batch.samples.allSatisfy { $0.tags == 0..<1_500 && $0.repeatCount == 2 && $0.value == 0.001 })
        #expect(stats.tagErrors == 20_000)
        #expect(stats.taggedSamples == 20_000)
        let rejected = Array("p:\(values)|ms|@2|#\(tags),bad|x".utf8)
        batch.removeAll()
        stats = ParseStats()
        LineParser().parse(line: rejected.span, into: &batch, stats: &stats)
        #expect(batch.samples.isEmpty && batch.tags.isEmpty && batch.bytes.isEmpty)
        #expect(stats.samples == 20_000)
        #expect(stats[.invalidSampleFactor] == 40_000)
        #expect(stats.tagErrors == 20_000)
        #expect(stats.taggedSamples == 0)
    }

    static let hostileRows: [LineCase] = [
        LineCase("a]b[c:1|c", [.counter("a]b[c", 1)], tagErrors: 1),
        LineCase("][:1|c", [.counter("][", 1)], tagErrors: 1),
        LineCase("[]:1|c", [.counter("", 1)]),
        LineCase("]:1|c", [.counter("]", 1)], tagErrors: 1),
        LineCase("[:1|c", [.counter("[", 1)], tagErrors: 1),
        LineCase(".:1e309|c", errors: [.malformedValue: 1], sampleCount: 1),
        LineCase("..:NaN|g", [.gauge("..", .nan)]),
        LineCase("..:-inf|g", [.gauge("..", -.infinity, relative: true)]),
        LineCase(":", errors: [.malformedLine: 1]),
        LineCase("::", errors: [.malformedLine: 1]),
        LineCase("|", errors: [.malformedLine: 1]),
        LineCase("a:|", errors: [.malformedValue: 1], sampleCount: 1),
        LineCase("a::|", errors: [.invalidExtendedAggregateType: 1]),
        LineCase("a::|ms", errors: [.malformedValue: 2], sampleCount: 2),
        LineCase("a:1|c|@", [.counter("a", 1)], errors: [.invalidSampleFactor: 1]),
        LineCase(
            "a:1|c|c:|c:x",
            errors: [.malformedContainerID: 1, .malformedValue: 1, .malformedComponent: 1],
            sampleCount: 3
        ),
        LineCase("a:1|c|#k:v|c:|c:x", errors: [.malformedContainerID: 1], sampleCount: 1, taggedSamples: 0),
        LineCase("a:1|c|||||", errors: [.malformedComponent: 1], sampleCount: 1),
        LineCase("a:1|c|#|#|#|#", [.counter("a", 1)]),
        LineCase("\\xff:1|c", errors: [.malformedLine: 1]),
        LineCase("a:1|c|#k:\\xf4\\x90\\x80\\x80", errors: [.malformedLine: 1]),
        LineCase("\\x00:1|c", [.counter("\u{0}", 1)]),
        LineCase("a\\rb:1|c", [.counter("a\rb", 1)]),
    ]

    @Test("hostile lines are counted, not fatal", arguments: hostileRows)
    func hostileLines(_ row: LineCase) {
        Self.check(row)
    }

    @Test("random input never breaks the batch's invariants")
    func randomInput() {
        let tokens = [
            ":", ":", "|", "|", "#", "@", ",", "=", "[", "]", "c", "g", "ms", "h", "d", "s", "1", "0.5", "-", "+",
            "\r", "\n", "\u{FF}", "é", "T", "e", "inf", "nan", "x", "a.b", "c:", "0x1p", "_", "1e309", ".",
        ]
        var generator = SplitMix64(seed: 7)
        let dialectChoices = [TagDialects(), Self.noDialects, Self.noDogStatsD, Self.noSignalFX]
        for round in 0..<5_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 40) {
                bytes.append(contentsOf: tokens[Int(generator.next() % UInt64(tokens.count))].utf8)
            }
            if generator.next() % 10 == 0 {
                bytes.append(UInt8(truncatingIfNeeded: generator.next()))
            }
            let parser = LineParser(dialects: dialectChoices[round % dialectChoices.count])
            var batch = SampleBatch()
            batch.bytes.append(contentsOf: [1, 2, 3])
            var stats = ParseStats()
            parser.parse(datagram: bytes.span, into: &batch, stats: &stats)
            #expect(stats.lines == UInt64(bytes.count { $0 == UInt8(ascii: "\n") } + 1))
            #expect(stats.samples >= UInt64(batch.samples.count))
            #expect(stats.taggedSamples <= stats.samples)
            for sample in batch.samples {
                #expect(sample.name.lowerBound >= 3 && sample.name.upperBound <= batch.bytes.count)
                #expect(sample.tags.lowerBound >= 0 && sample.tags.upperBound <= batch.tags.count)
                #expect(sample.repeatCount >= 1 && sample.repeatCount <= LineParser.maximumRepeatCount)
                #expect(sample.sampleRate > 0 && sample.sampleRate <= 1)
                let keys = batch.tags[sample.tags].map { batch.string(in: $0.key) }
                #expect(Set(keys).count == keys.count)
                for key in keys {
                    #expect(!key.isEmpty && NameEscaping.escape(key) == key)
                }
            }
            var again = SampleBatch()
            var againStats = ParseStats()
            parser.parse(datagram: bytes.span, into: &again, stats: &againStats)
            #expect(againStats == stats)
            #expect(Self.samples(again) == Self.samples(batch))
        }
    }
}

extension LineParserTests {
    @Test("random lines parse exactly like a literal port of the Go parser")
    func randomLinesMatchTheGoPort() {
        var generator = SplitMix64(seed: 2_024)
        let dialectChoices = [
            TagDialects(), Self.noDialects, Self.noDogStatsD, Self.noSignalFX, Self.noInfluxDB, Self.noLibrato,
        ]
        var totals = ParseStats()
        var accepted = 0
        for round in 0..<20_000 {
            var bytes: [UInt8] = []
            for line in 0..<(1 + Int(generator.next() % 3)) {
                if line > 0 {
                    bytes.append(UInt8(ascii: "\n"))
                }
                bytes.append(contentsOf: Self.randomLine(using: &generator).utf8)
            }
            let dialects = dialectChoices[round % dialectChoices.count]
            var oracle = GoLineParser(dialects: dialects)
            oracle.parse(datagram: bytes)
            var batch = SampleBatch()
            var stats = ParseStats()
            LineParser(dialects: dialects).parse(datagram: bytes.span, into: &batch, stats: &stats)
            let events = batch.samples.map { sample in
                GoLineParser.Event(
                    type: sample.type,
                    name: batch.name(of: sample),
                    value: sample.value,
                    isRelative: sample.isRelative,
                    repeatCount: sample.repeatCount,
                    labels: Dictionary(
                        batch.labels(of: sample).map { ($0.key, $0.value) },
                        uniquingKeysWith: { _, _ in "duplicate key" }
                    )
                )
            }
            let text = String(decoding: bytes, as: UTF8.self).debugDescription
            #expect(events == oracle.events, "\(text)")
            #expect(stats == oracle.stats, "\(text)")
            totals.add(stats)
            accepted += batch.samples.count
        }
        #expect(accepted > 5_000)
        #expect(totals.taggedSamples > 3_000)
        #expect(totals.tagErrors > 1_000)
        for error in LineError.allCases {
            #expect(totals[error] > 100, "\(error)")
        }
    }

    /// A line built from the grammar's pieces, valid or nearly so, with an occasional random token.
    static func randomLine(using generator: inout SplitMix64) -> String {
        let names = [
            "foo", "a.b", "x-y", "é", "[k=v]", "[", "]", ",k=v", "#k=v", ",bad", "#", ",", "[k=v,k2=v2]", "09", "[]",
            ",k=v,k=w", "#a.b=1", "",
        ]
        let values = ["1", "-2", "+3", "0.5", "1e3", "inf", "-nan", "nan", "x", "", "1e309", "0x1p-2", "1_0"]
        let types = ["c", "c", "g", "g", "ms", "h", "d", "s", "x", ""]
        let sections = [
            "@0.5", "@0.1", "@0", "@2", "@x", "@", "#k:v", "#k:v,k2:v2", "#bad", "#k:v,,", "##k:v", "c:id", "c", "c:",
            "T123", "x", "", "#container_id:z", "#k:v,k:w", "#a.b:1,a_b:2",
        ]
        let noise = [":", "|", "#", "@", ",", "=", "[", "]", "\r", "\u{301}", "\u{FF}"]
        func pick(_ list: [String], _ generator: inout SplitMix64) -> String {
            list[Int(generator.next() % UInt64(list.count))]
        }
        var line = ""
        for _ in 0..<(1 + Int(generator.next() % 2)) {
            line += pick(names, &generator)
        }
        line += ":"
        for sample in 0..<(1 + Int(generator.next() % 2)) {
            if sample > 0 {
                line += ":"
            }
            line += pick(values, &generator)
            for _ in 0..<Int(generator.next() % 3) where generator.next() % 3 == 0 {
                line += ":" + pick(values, &generator)
            }
            line += "|" + pick(types, &generator)
            for _ in 0..<Int(generator.next() % 4) {
                line += "|" + pick(sections, &generator)
            }
        }
        if generator.next() % 4 == 0 {
            var characters = Array(line)
            characters.insert(
                contentsOf: pick(noise, &generator),
                at: Int(generator.next() % UInt64(characters.count + 1))
            )
            line = String(characters)
        }
        if generator.next() % 10 == 0 {
            line = String(line.prefix(Int(generator.next() % UInt64(line.count + 1))))
        }
        return line
    }
}
