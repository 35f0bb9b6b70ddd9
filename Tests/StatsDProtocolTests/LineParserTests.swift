import TestSupport
import Testing

@testable import StatsDProtocol

/// The line grammar of statsd_exporter pkg/line, row by row, plus our documented differences.
struct LineParserTests {
    static let noDogStatsD = TagDialects(dogStatsD: false)
    static let noInfluxDB = TagDialects(influxDB: false)
    static let noLibrato = TagDialects(librato: false)
    static let noSignalFX = TagDialects(signalFX: false)
    static let noDialects = TagDialects(dogStatsD: false, influxDB: false, librato: false, signalFX: false)

    static let typesAndValuesRows: [LineCase] = [
        LineCase("foo:2|c", [.counter("foo", 2)]),
        LineCase("foo:3|g", [.gauge("foo", 3)]),
        LineCase("foo:-10|g", [.gauge("foo", -10, relative: true)]),
        LineCase("foo:+2|g", [.gauge("foo", 2, relative: true)]),
        LineCase("foo:-0|g", [.gauge("foo", -0.0, relative: true)]),
        LineCase("foo:-1|c", [.counter("foo", -1)]),
        LineCase("foo:200|ms", [.timer("foo", 0.2)]),
        LineCase("foo:200|h", [.histogram("foo", 200)]),
        LineCase("foo:200|d", [.distribution("foo", 200)]),
        LineCase("foo:1e3|c", [.counter("foo", 1000)]),
        LineCase("foo:.5|c", [.counter("foo", 0.5)]),
        LineCase("foo:5.|c", [.counter("foo", 5)]),
        LineCase("foo:inf|c", [.counter("foo", .infinity)]),
        LineCase("foo:-Infinity|g", [.gauge("foo", -.infinity, relative: true)]),
        LineCase("foo:NaN|c", [.counter("foo", .nan)]),
        LineCase("foo:0x1p-2|h", [.histogram("foo", 0.25)]),
        LineCase("foo:1_000|c", [.counter("foo", 1000)]),
        LineCase("foo:1e-400|c", [.counter("foo", 0)]),
        LineCase("foo:1e309|c", errors: [.malformedValue: 1], sampleCount: 1),
        LineCase("foo:-1e309|g", errors: [.malformedValue: 1], sampleCount: 1),
        LineCase("foo:+nan|g", errors: [.malformedValue: 1], sampleCount: 1),
        LineCase("foo:1o|c", errors: [.malformedValue: 1], sampleCount: 1),
        LineCase("foo: 1|c", errors: [.malformedValue: 1], sampleCount: 1),
        LineCase("foo:|c", errors: [.malformedValue: 1], sampleCount: 1),
        LineCase("foo:1|t", errors: [.illegalEvent: 1], sampleCount: 1),
        LineCase("foo:1|s", errors: [.illegalEvent: 1], sampleCount: 1),
        LineCase("foo:1|C", errors: [.illegalEvent: 1], sampleCount: 1),
        LineCase("foo:1|msx", errors: [.illegalEvent: 1], sampleCount: 1),
        LineCase("foo:1|", errors: [.illegalEvent: 1], sampleCount: 1),
        LineCase("foo:x|s", errors: [.malformedValue: 1], sampleCount: 1),
    ]

    static let lineStructureRows: [LineCase] = [
        LineCase("", lines: 1),
        LineCase("\\r", lines: 1),
        LineCase("foo", errors: [.malformedLine: 1]),
        LineCase(":1|c", errors: [.malformedLine: 1]),
        LineCase("foo:1", errors: [.notEnoughPartsAfterColon: 1]),
        LineCase("foo:1:2", errors: [.notEnoughPartsAfterColon: 1]),
        LineCase("_sc|name|0", errors: [.malformedLine: 1]),
        LineCase("_e{5,4}:title|text", errors: [.malformedValue: 1], tagErrors: 1, sampleCount: 1),
        LineCase("foo:1|c\\r", [.counter("foo", 1)]),
        LineCase("foo:1|c\\r\\r", errors: [.illegalEvent: 1], sampleCount: 1),
        LineCase("foo:1|c|", errors: [.malformedComponent: 1], sampleCount: 1),
        LineCase("foo:1|c||@0.5", errors: [.malformedComponent: 1], sampleCount: 1),
        LineCase("foo:1|c|@1|@1|@1|@1", [.counter("foo", 1)]),
        LineCase("foo:1|c|@1|@1|@1|@1|@1", errors: [.malformedComponent: 1], sampleCount: 1),
        LineCase("foo:1|c|x", errors: [.invalidSampleFactor: 1], sampleCount: 1),
        LineCase("foo:1|c|#a:b|x", errors: [.invalidSampleFactor: 1], sampleCount: 1, taggedSamples: 0),
        LineCase("foo:1|c|T1656581400", [.counter("foo", 1)]),
        LineCase("foo:1|c|Tnot-a-time", [.counter("foo", 1)]),
        LineCase(".:1|c", [.counter(".", 1)]),
        LineCase("..:1|c", [.counter("..", 1)]),
        LineCase(" foo :1|c", [.counter(" foo ", 1)]),
        LineCase("withñ:1|c", [.counter("withñ", 1)]),
        LineCase("invalid\\xc3\\x28utf8:1|c", errors: [.malformedLine: 1]),
        LineCase("foo:1|c|#tag:\\xc3\\x28", errors: [.malformedLine: 1]),
        LineCase("foo:\\xed\\xa0\\x80|c", errors: [.malformedLine: 1]),
        LineCase("foo:1|c\\xff", errors: [.malformedLine: 1]),
    ]

    static let samplingRows: [LineCase] = [
        LineCase("foo:1|c|@0.1", [.counter("foo", 10, rate: 0.1)]),
        LineCase("foo:100|c|@0.1", [.counter("foo", 1000, rate: 0.1)]),
        LineCase("foo:1|c|@0.5|@0.5", [.counter("foo", 4, rate: 0.25)]),
        LineCase("foo:3|g|@0.2", [.gauge("foo", 3, rate: 0.2)]),
        LineCase("foo:0.5|ms|@0.1", [.timer("foo", 0.0005, repeat: 10, rate: 0.1)]),
        LineCase("foo:1|ms|@0.3", [.timer("foo", 0.001, repeat: 3, rate: 0.3)]),
        LineCase("foo:1|h|@0.7", [.histogram("foo", 1, repeat: 1, rate: 0.7)]),
        LineCase("foo:0.01|d|@0.2", [ExpectedSample(.distribution, "foo", 0.01, repeat: 5, rate: 0.2)]),
        LineCase("foo:1|h|@1e-9", [.histogram("foo", 1, repeat: 1_000_000, rate: 1e-9)]),
        LineCase("foo:1|h|@5e-324", [.histogram("foo", 1, repeat: 1_000_000, rate: .leastNonzeroMagnitude)]),
        LineCase("foo:1|h|@0.5|@1", [.histogram("foo", 1, repeat: 1, rate: 1)]),
        // Unparseable rates count an error, and the sample still goes through with rate 1.
        LineCase("foo:1|c|@bar", [.counter("foo", 1)], errors: [.invalidSampleFactor: 1]),
        LineCase("foo:1|c|@", [.counter("foo", 1)], errors: [.invalidSampleFactor: 1]),
        LineCase("foo:1|g|@bar", [.gauge("foo", 1)], errors: [.invalidSampleFactor: 1]),
        LineCase("foo:1|c|@1e400", [.counter("foo", 1)], errors: [.invalidSampleFactor: 1]),
        // Our difference: a rate outside (0, 1] counts an error and is applied as 1.
        LineCase("foo:2|c|@0", [.counter("foo", 2)], errors: [.invalidSampleFactor: 1]),
        LineCase("foo:1|c|@-0.5", [.counter("foo", 1)], errors: [.invalidSampleFactor: 1]),
        LineCase("foo:1|ms|@2", [.timer("foo", 0.001)], errors: [.invalidSampleFactor: 1]),
        LineCase("foo:1|h|@nan", [.histogram("foo", 1)], errors: [.invalidSampleFactor: 1]),
        LineCase("foo:1|h|@inf", [.histogram("foo", 1)], errors: [.invalidSampleFactor: 1]),
        LineCase("foo:1|g|@2", [.gauge("foo", 1)], errors: [.invalidSampleFactor: 1]),
        LineCase("foo:1|c|@0.5|@2", [.counter("foo", 2, rate: 0.5)], errors: [.invalidSampleFactor: 1]),
        LineCase("foo:1|x|@2", errors: [.invalidSampleFactor: 1, .illegalEvent: 1], sampleCount: 1),
    ]

    static let multiValueRows: [LineCase] = [
        LineCase("foo:1|c:2|c", [.counter("foo", 1), .counter("foo", 2)]),
        LineCase("foo:1|c:5|g", [.counter("foo", 1), .gauge("foo", 5)]),
        LineCase(
            "foo:200|ms:300|ms:5|c|@0.1:6|g",
            [.timer("foo", 0.2), .timer("foo", 0.3), .counter("foo", 50, rate: 0.1), .gauge("foo", 6)]
        ),
        LineCase("foo:1|c:2", [.counter("foo", 1)], errors: [.malformedComponent: 1], sampleCount: 2),
        LineCase(
            "foo:1|c::2|c",
            [.counter("foo", 1), .counter("foo", 2)],
            errors: [.malformedComponent: 1],
            sampleCount: 3
        ),
        LineCase("foo:1|c|c:abc", errors: [.malformedContainerID: 1, .malformedComponent: 1], sampleCount: 2),
        LineCase("foo:1|c:2|c|#a:b", errors: [.malformedContainerID: 1], sampleCount: 1),
        LineCase("foo:1|c:2|c|#a:b", dialects: noDogStatsD, errors: [.malformedContainerID: 1], sampleCount: 1),
        LineCase("foo,a=b:1|c:2|g", [.counter("foo", 1, tags: ["a=b"]), .gauge("foo", 2, tags: ["a=b"])]),
    ]

    static let packedValuesRows: [LineCase] = [
        LineCase("foo:1:2:3|h", [.histogram("foo", 1), .histogram("foo", 2), .histogram("foo", 3)]),
        LineCase(
            "foo:1:2|ms|@0.5",
            [.timer("foo", 0.001, repeat: 2, rate: 0.5), .timer("foo", 0.002, repeat: 2, rate: 0.5)]
        ),
        LineCase("foo:1:2|d", [.distribution("foo", 1), .distribution("foo", 2)]),
        LineCase("foo:1:2|c", errors: [.invalidExtendedAggregateType: 1]),
        LineCase("foo:1:2|g|#a:b", errors: [.invalidExtendedAggregateType: 1]),
        LineCase("foo:1:2|s", errors: [.invalidExtendedAggregateType: 1]),
        LineCase(
            "foo:1::2|ms",
            [.timer("foo", 0.001), .timer("foo", 0.002)],
            errors: [.malformedValue: 1],
            sampleCount: 3
        ),
        LineCase(
            "foo:1:x|ms|#a:b",
            [.timer("foo", 0.001, tags: ["a=b"])],
            errors: [.malformedValue: 1],
            sampleCount: 2
        ),
        LineCase(
            "foo:x:1|ms|#a:b",
            [.timer("foo", 0.001, tags: ["a=b"])],
            errors: [.malformedValue: 1],
            sampleCount: 2
        ),
        LineCase("foo:1:2|ms|#bad", [.timer("foo", 0.001), .timer("foo", 0.002)], tagErrors: 2),
        LineCase(
            "foo:1:2|ms|#a:b,bad",
            [.timer("foo", 0.001, tags: ["a=b"]), .timer("foo", 0.002, tags: ["a=b"])],
            tagErrors: 2
        ),
        LineCase("foo:1:2|ms|c", errors: [.malformedContainerID: 2], sampleCount: 2),
        LineCase("foo:1:2|ms|", errors: [.malformedComponent: 2], sampleCount: 2),
        LineCase(
            "foo,a=b:1:2|ms|c:xyz",
            [
                .timer("foo", 0.001, tags: ["a=b", "container_id=xyz"]),
                .timer("foo", 0.002, tags: ["a=b", "container_id=xyz"]),
            ]
        ),
        LineCase(
            "foo.[a=b]bar:1:2|h",
            [.histogram("foo.bar", 1, tags: ["a=b"]), .histogram("foo.bar", 2, tags: ["a=b"])]
        ),
    ]

    static let dogStatsDTagsRows: [LineCase] = [
        LineCase("foo:100|c|#tag1:bar,tag2:baz", [.counter("foo", 100, tags: ["tag1=bar", "tag2=baz"])]),
        LineCase("foo:100|c|#tag1:bar,#tag2:baz", [.counter("foo", 100, tags: ["tag1=bar", "tag2=baz"])]),
        LineCase("foo:100|c|#tag:value,,", [.counter("foo", 100, tags: ["tag=value"])], tagErrors: 1),
        LineCase("foo:100|c|@0.1|#tag1:foo:bar", [.counter("foo", 1000, rate: 0.1, tags: ["tag1=foo:bar"])]),
        LineCase("foo:100|c|#tag_without_a_value", [.counter("foo", 100)], tagErrors: 1),
        LineCase(
            "foo:100|c|#tag_without_a_value,tag:value",
            [.counter("foo", 100, tags: ["tag=value"])],
            tagErrors: 1
        ),
        LineCase(
            "foo:100|c|#09digits:0,tag.with.dots:1",
            [.counter("foo", 100, tags: ["_09digits=0", "tag_with_dots=1"])]
        ),
        LineCase("foo:1|c|#a:1,b:2,a:3", [.counter("foo", 1, tags: ["a=3", "b=2"])]),
        LineCase("foo:1|c|#a.b:1,a_b:2", [.counter("foo", 1, tags: ["a_b=2"])]),
        LineCase("foo:1|c|#:v,k:,#", [.counter("foo", 1)], tagErrors: 3),
        LineCase("foo:1|c|#,", [.counter("foo", 1)], tagErrors: 1),
        LineCase("foo:1|c|#", [.counter("foo", 1)]),
        LineCase("foo:1|c|##a:b", [.counter("foo", 1, tags: ["a=b"])]),
        LineCase("foo:1|c|###a:b", [.counter("foo", 1, tags: ["_a=b"])]),
        LineCase("foo:1|c|#a-b:x y", [.counter("foo", 1, tags: ["a_b=x y"])]),
        LineCase("foo:1|c|#ключ:значение", [.counter("foo", 1, tags: ["____=значение"])]),
        LineCase("foo:1|c|#a:b|#c:d", [.counter("foo", 1, tags: ["a=b", "c=d"])]),
        LineCase("foo:1|c|#a:b", dialects: noDogStatsD, [.counter("foo", 1)]),
        LineCase("foo:1|c|#bad", dialects: noDogStatsD, [.counter("foo", 1)]),
        LineCase("foo:1|x|#a:b", errors: [.illegalEvent: 1], sampleCount: 1, taggedSamples: 1),
    ]

    static let containerIDRows: [LineCase] = [
        LineCase(
            "foo:100|c|#tag1:value|c:container123",
            [.counter("foo", 100, tags: ["tag1=value", "container_id=container123"])]
        ),
        LineCase(
            "foo:100|c|#tag1:value|c:sha256:abcd1234efgh5678",
            [.counter("foo", 100, tags: ["tag1=value", "container_id=sha256:abcd1234efgh5678"])]
        ),
        LineCase("foo:500|h|#tag1:value|c:hist", [.histogram("foo", 500, tags: ["tag1=value", "container_id=hist"])]),
        LineCase("foo:1|c|#container_id:x|c:y", [.counter("foo", 1, tags: ["container_id=y"])]),
        LineCase("foo:1|c|c:y|#container_id:x", dialects: noDogStatsD, [.counter("foo", 1, tags: ["container_id=y"])]),
        LineCase("foo:1|c|#a:b|c:y", dialects: noDogStatsD, [.counter("foo", 1, tags: ["container_id=y"])]),
        LineCase("foo:1|c|c:y|#container_id:x", [.counter("foo", 1, tags: ["container_id=x"])]),
        LineCase("foo:100|c|#tag1:value|c", errors: [.malformedContainerID: 1], sampleCount: 1),
        LineCase("foo:100|c|#tag1:value|c:", errors: [.malformedContainerID: 1], sampleCount: 1),
        LineCase("foo:100|c|#tag1:value|cx", errors: [.malformedContainerID: 1], sampleCount: 1),
        LineCase("foo:1|c|c", errors: [.malformedContainerID: 1], sampleCount: 1),
    ]

    static let nameTagsRows: [LineCase] = [
        LineCase("foo,tag1=bar,tag2=baz:100|c", [.counter("foo", 100, tags: ["tag1=bar", "tag2=baz"])]),
        LineCase("foo#tag1=bar,tag2=baz:100|c", [.counter("foo", 100, tags: ["tag1=bar", "tag2=baz"])]),
        LineCase(
            "foo#09digits=0,tag.with.dots=1:100|c",
            [.counter("foo", 100, tags: ["_09digits=0", "tag_with_dots=1"])]
        ),
        LineCase("foo.[tag1=bar,tag2=baz]test:100|c", [.counter("foo.test", 100, tags: ["tag1=bar", "tag2=baz"])]),
        LineCase("[tag1=bar,tag2=baz]foo.test:100|c", [.counter("foo.test", 100, tags: ["tag1=bar", "tag2=baz"])]),
        LineCase("foo.test[tag1=bar,tag2=baz]:100|c", [.counter("foo.test", 100, tags: ["tag1=bar", "tag2=baz"])]),
        LineCase("foo.[]test:100|c", [.counter("foo.test", 100)]),
        LineCase("foo.[tag1,tag2]test:100|c", [.counter("foo.test", 100)], tagErrors: 2),
        LineCase("foo.[a=b,]test:100|c", [.counter("foo.test", 100, tags: ["a=b"])]),
        LineCase("foo.[a=b,,c=d]test:100|c", [.counter("foo.test", 100, tags: ["a=b", "c=d"])], tagErrors: 1),
        LineCase("foo.[a=1,a=2]x:1|c", [.counter("foo.x", 1, tags: ["a=2"])]),
        LineCase("[tag1=bar,tag2=bazfoo.test:100|c", [.counter("[tag1=bar,tag2=bazfoo.test", 100)], tagErrors: 1),
        LineCase("tag1=bar,tag2=baz]foo.test:100|c", [.counter("tag1=bar,tag2=baz]foo.test", 100)], tagErrors: 1),
        // Our difference: `]` before `[` crashes the reference; here it is a tag error and the name is kept.
        LineCase("a]b[c:1|c", [.counter("a]b[c", 1)], tagErrors: 1),
        LineCase("a]b[c=d]:1|c", [.counter("a]b[c=d]", 1)], tagErrors: 1),
        LineCase("foo#:1|c", [.counter("foo", 1)]),
        LineCase("foo,:1|c", [.counter("foo", 1)]),
        LineCase("foo#a,b=c:1|c", [.counter("foo", 1, tags: ["b=c"])], tagErrors: 1),
        LineCase("foo#a=b=c:1|c", [.counter("foo", 1, tags: ["a=b=c"])]),
        LineCase("foo,a=b#c=d:1|c", [.counter("foo", 1, tags: ["a=b#c=d"])]),
        LineCase(",a=b:1|c", [.counter("", 1, tags: ["a=b"])]),
        LineCase("[a=b]:1|c", [.counter("", 1, tags: ["a=b"])]),
        LineCase("foo#tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz", errors: [.mixedTaggingStyles: 1]),
        LineCase("foo[tag1=foo,tag3=bing]:100|c|#tag1:bar,#tag2:baz", errors: [.mixedTaggingStyles: 1]),
        LineCase("foo,tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz", errors: [.mixedTaggingStyles: 1]),
        LineCase("foo,a=b,c:1|c|#x:y", errors: [.mixedTaggingStyles: 1], tagErrors: 1),
        LineCase("foo,a=b:1|c|#x:y", dialects: noDogStatsD, errors: [.mixedTaggingStyles: 1]),
        LineCase("foo.[]test:100|c|#a:b", [.counter("foo.test", 100, tags: ["a=b"])]),
        LineCase("foo,bad:1|c|#a:b", [.counter("foo", 1, tags: ["a=b"])], tagErrors: 1),
        LineCase(
            "foo.[tag1=bar,tag2=baz]test:100|c",
            dialects: noSignalFX,
            [.counter("foo.[tag1=bar", 100, tags: ["tag2=baz]test"])]
        ),
        LineCase("foo.[tag1,tag2]test:100|c", dialects: noSignalFX, [.counter("foo.[tag1", 100)], tagErrors: 1),
        LineCase("a]b[c:1|c", dialects: noSignalFX, [.counter("a]b[c", 1)]),
        LineCase("foo,tag1=bar:1|c", dialects: noInfluxDB, [.counter("foo,tag1=bar", 1)]),
        LineCase(
            "foo,tag1=bar#tag2=baz:1|c",
            dialects: noInfluxDB,
            [.counter("foo,tag1=bar", 1, tags: ["tag2=baz"])]
        ),
        LineCase(
            "foo#09digits=0,tag.with.dots=1:100|c",
            dialects: noLibrato,
            [.counter("foo#09digits=0", 100, tags: ["tag_with_dots=1"])]
        ),
        LineCase(
            "foo[tag1=foo,tag3=bing]:100|c|#tag1:bar,#tag2:baz",
            dialects: noDialects,
            [.counter("foo[tag1=foo,tag3=bing]", 100)]
        ),
        LineCase("foo#a=b:100|c", dialects: noDialects, [.counter("foo#a=b", 100)]),
    ]

    static let datagramsRows: [LineCase] = [
        LineCase(
            "a.one:1|c\\na.two:2|c\\na.three:3|g",
            [.counter("a.one", 1), .counter("a.two", 2), .gauge("a.three", 3)],
            lines: 3
        ),
        LineCase("foo:1|c\\n", [.counter("foo", 1)], lines: 2),
        LineCase("\\n\\n", lines: 3),
        LineCase("foo:1|c\\r\\nbar:2|c\\r\\n", [.counter("foo", 1), .counter("bar", 2)], lines: 3),
        LineCase(
            "valid_utf8:1|c\\ninvalid\\xc3\\x28utf8:1|c",
            [.counter("valid_utf8", 1)],
            errors: [.malformedLine: 1],
            lines: 2
        ),
        LineCase(
            "foo:200|c|#tag:value\\nfoo:300|c|#tag:\\xc3\\x28invalid",
            [.counter("foo", 200, tags: ["tag=value"])],
            errors: [.malformedLine: 1],
            lines: 2
        ),
        LineCase(
            "foo:200|ms:300|ms:5|c|@0.1:6|g\\nbar:1|c:5|ms",
            [
                .timer("foo", 0.2), .timer("foo", 0.3), .counter("foo", 50, rate: 0.1), .gauge("foo", 6),
                .counter("bar", 1), .timer("bar", 0.005),
            ],
            lines: 2
        ),
        LineCase(
            "foo:1|c\\nnocolon\\nbar:1",
            [.counter("foo", 1)],
            errors: [.malformedLine: 1, .notEnoughPartsAfterColon: 1],
            lines: 3
        ),
    ]

    @Test("types and values", arguments: typesAndValuesRows)
    func typesAndValuesParse(_ row: LineCase) {
        Self.check(row)
    }

    @Test("line structure and errors", arguments: lineStructureRows)
    func lineStructureIsChecked(_ row: LineCase) {
        Self.check(row)
    }

    @Test("sample rates", arguments: samplingRows)
    func sampleRates(_ row: LineCase) {
        Self.check(row)
    }

    @Test("classic multi-value lines", arguments: multiValueRows)
    func classicMultiValueLines(_ row: LineCase) {
        Self.check(row)
    }

    @Test("DogStatsD value packing", arguments: packedValuesRows)
    func dogStatsDValuePacking(_ row: LineCase) {
        Self.check(row)
    }

    @Test("DogStatsD tags", arguments: dogStatsDTagsRows)
    func dogStatsDTagSections(_ row: LineCase) {
        Self.check(row)
    }

    @Test("DogStatsD container ids", arguments: containerIDRows)
    func containerIDSections(_ row: LineCase) {
        Self.check(row)
    }

    @Test("InfluxDB, Librato and SignalFx name tags", arguments: nameTagsRows)
    func nameEmbeddedTags(_ row: LineCase) {
        Self.check(row)
    }

    @Test("datagrams split on newlines", arguments: datagramsRows)
    func datagramsSplitOnNewlines(_ row: LineCase) {
        Self.check(row)
    }

    @Test("a line parsed alone equals the same datagram without newlines")
    func lineAndDatagramAgree() {
        let parser = LineParser()
        let rows =
            Self.typesAndValuesRows + Self.samplingRows + Self.packedValuesRows + Self.dogStatsDTagsRows
            + Self.nameTagsRows
        for row in rows {
            let bytes = StatsDText.unescape(row.input)
            var lineBatch = SampleBatch()
            var lineStats = ParseStats()
            parser.parse(line: bytes.span, into: &lineBatch, stats: &lineStats)
            var datagramBatch = SampleBatch()
            var datagramStats = ParseStats()
            parser.parse(datagram: bytes.span, into: &datagramBatch, stats: &datagramStats)
            #expect(lineStats == datagramStats, "\(row.input)")
            #expect(Self.samples(lineBatch) == Self.samples(datagramBatch), "\(row.input)")
        }
    }

    @Test("samples accumulate in one batch and stats accumulate across calls")
    func batchesAccumulate() {
        let parser = LineParser()
        var batch = SampleBatch()
        var stats = ParseStats()
        for text in ["foo,a=b:1|c", "bar:2|g|#x:y", "bad", "baz:3|ms|#k:v|c:id"] {
            let bytes = Array(text.utf8)
            parser.parse(line: bytes.span, into: &batch, stats: &stats)
        }
        #expect(
            Self.samples(batch) == [
                .counter("foo", 1, tags: ["a=b"]),
                .gauge("bar", 2, tags: ["x=y"]),
                .timer("baz", 0.003, tags: ["k=v", "container_id=id"]),
            ]
        )
        #expect(stats.lines == 4)
        #expect(stats.samples == 3)
        #expect(stats.taggedSamples == 3)
        #expect(stats[.malformedLine] == 1)
    }

    @Test("a rejected line leaves nothing behind in the batch")
    func rejectedLinesLeaveNoBytes() {
        let parser = LineParser()
        var batch = SampleBatch()
        var stats = ParseStats()
        for text in [
            "foo,a=b:1|c|#x:y", "long.name.with.tags,k=v:1:2|c", "foo#k=v:1|c|x", "foo:1|c|#a:b,c:d|c",
            "foo:1|c|#a:b|bogus", "foo:1:2|ms|#a:b|c",
        ] {
            let bytes = Array(text.utf8)
            parser.parse(line: bytes.span, into: &batch, stats: &stats)
        }
        #expect(batch.samples.isEmpty)
        #expect(batch.bytes.isEmpty)
        #expect(batch.tags.isEmpty)
        #expect(stats.lines == 6)
    }

    @Test("a rejected sample of a multi-sample line leaves only its siblings' data")
    func rejectedSamplesAreRolledBack() {
        let parser = LineParser()
        var batch = SampleBatch()
        var stats = ParseStats()
        let bytes = Array("m:1|c:2|c|c:abc:3|g".utf8)
        parser.parse(line: bytes.span, into: &batch, stats: &stats)
        #expect(Self.samples(batch) == [.counter("m", 1), .gauge("m", 3)])
        #expect(batch.bytes == Array("m".utf8))
        #expect(batch.tags.isEmpty)
        #expect(stats[.malformedContainerID] == 1)
        #expect(stats[.malformedComponent] == 1)
        #expect(stats.samples == 4)
    }

    @Test("packed samples share one tag list")
    func packedSamplesShareTags() {
        let parser = LineParser()
        var batch = SampleBatch()
        var stats = ParseStats()
        let bytes = Array("t:1:2:3|ms|#a:b,c:d|c:e".utf8)
        parser.parse(line: bytes.span, into: &batch, stats: &stats)
        #expect(batch.samples.count == 3)
        #expect(batch.samples.allSatisfy { $0.tags == batch.samples[0].tags && $0.name == batch.samples[0].name })
        #expect(batch.tags.count == 3)
        #expect(batch.string(in: batch.tags[2].key) == "container_id")
    }

    /// Parses `row.input` as one datagram and checks the samples and every counter exactly.
    static func check(_ row: LineCase, sourceLocation: SourceLocation = #_sourceLocation) {
        let parser = LineParser(dialects: row.dialects)
        let bytes = StatsDText.unescape(row.input)
        var batch = SampleBatch()
        var stats = ParseStats()
        parser.parse(datagram: bytes.span, into: &batch, stats: &stats)
        #expect(Self.samples(batch) == row.samples, sourceLocation: sourceLocation)
        #expect(stats == row.expectedStats, sourceLocation: sourceLocation)
    }

    /// The samples of `batch` with their ranges resolved.
    static func samples(_ batch: SampleBatch) -> [ExpectedSample] {
        batch.samples.map { ExpectedSample($0, in: batch) }
    }
}
