import Testing

@testable import StatsDProtocol

/// The parser's reusable output.
struct SampleBatchTests {
    /// A batch holding the given `key=value` tags, in order, and nothing else.
    static func batch(withTags tags: [(String, String)]) -> SampleBatch {
        var batch = SampleBatch()
        for (key, value) in tags {
            let keyStart = batch.bytes.count
            batch.bytes.append(contentsOf: key.utf8)
            let valueStart = batch.bytes.count
            batch.bytes.append(contentsOf: value.utf8)
            batch.tags.append(TagRange(key: keyStart..<valueStart, value: valueStart..<batch.bytes.count))
        }
        return batch
    }

    static func strings(_ batch: SampleBatch, _ range: Range<Int>) -> [String] {
        batch.tags[range].map { batch.string(in: $0.key) + "=" + batch.string(in: $0.value) }
    }

    @Test("short tag lists keep the first position and the last value of a key")
    func shortListsDeduplicate() {
        var batch = Self.batch(withTags: [("x", "0"), ("a", "1"), ("b", "2"), ("a", "3"), ("c", "4"), ("b", "5")])
        let range = batch.deduplicateTags(from: 1)
        #expect(range == 1..<4)
        #expect(Self.strings(batch, range) == ["a=3", "b=5", "c=4"])
        #expect(batch.tags.count == 4)
        #expect(Self.strings(batch, 0..<1) == ["x=0"])
    }

    @Test("long tag lists deduplicate the same way through the hash table")
    func longListsDeduplicate() {
        var tags: [(String, String)] = []
        for round in 0..<3 {
            for key in 0..<100 {
                tags.append(("k\(key)", "v\(key)-\(round)"))
            }
        }
        tags.append(("k7", "last"))
        var batch = Self.batch(withTags: tags)
        let range = batch.deduplicateTags(from: 0)
        #expect(range == 0..<100)
        let expected = (0..<100).map { $0 == 7 ? "k7=last" : "k\($0)=v\($0)-2" }
        #expect(Self.strings(batch, range) == expected)
    }

    @Test("lists without repeats are unchanged", arguments: [0, 1, 2, 16, 17, 300])
    func distinctKeysAreKept(_ count: Int) {
        let tags = (0..<count).map { ("key\($0)", "value\($0)") }
        var batch = Self.batch(withTags: tags)
        let range = batch.deduplicateTags(from: 0)
        #expect(range == 0..<count)
        #expect(Self.strings(batch, range) == tags.map { $0.0 + "=" + $0.1 })
    }

    @Test("removeAll empties the batch and keeps its capacity")
    func removeAllKeepsCapacity() {
        let parser = LineParser()
        var batch = SampleBatch()
        var stats = ParseStats()
        let bytes = Array("a.b:1|c|#k:v\nc.d,x=y:2:3|ms\n".utf8)
        parser.parse(datagram: bytes.span, into: &batch, stats: &stats)
        let capacities = (batch.bytes.capacity, batch.tags.capacity, batch.samples.capacity)
        batch.removeAll()
        #expect(batch.bytes.isEmpty && batch.tags.isEmpty && batch.samples.isEmpty)
        #expect((batch.bytes.capacity, batch.tags.capacity, batch.samples.capacity) == capacities)
        for _ in 0..<100 {
            batch.removeAll()
            parser.parse(datagram: bytes.span, into: &batch, stats: &stats)
        }
        #expect((batch.bytes.capacity, batch.tags.capacity, batch.samples.capacity) == capacities)
        #expect(batch.samples.count == 3)
    }

    @Test("string accessors decode names, tags and labels")
    func accessors() {
        let parser = LineParser()
        var batch = SampleBatch()
        var stats = ParseStats()
        let bytes = Array("jobs.[queue=slow]done:3|c".utf8)
        parser.parse(line: bytes.span, into: &batch, stats: &stats)
        let sample = batch.samples[0]
        #expect(batch.name(of: sample) == "jobs.done")
        let labels = batch.labels(of: sample)
        #expect(labels.map(\.key) == ["queue"])
        #expect(labels.map(\.value) == ["slow"])
        #expect(batch.string(in: batch.tags[sample.tags.lowerBound].value) == "slow")
    }
}
