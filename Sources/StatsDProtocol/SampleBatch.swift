import ByteTables

/// Reusable output of ``LineParser``.
///
/// The batch owns a byte arena, ``bytes``, so that names (SignalFx `foo.[a=b]bar` becomes `foo.bar`), escaped tag keys
/// and tag values need not be contiguous in, or outlive, the input. Call ``removeAll()`` between datagrams: it keeps
/// every buffer's capacity, so a steady stream of similar datagrams is parsed without allocating.
package struct SampleBatch: Sendable {
    /// The arena that ``StatsDSample/name`` and ``TagRange`` point into.
    package var bytes: [UInt8]
    /// The tags that ``StatsDSample/tags`` points into. Samples of one line may share entries.
    package var tags: [TagRange]
    /// The accepted samples, in the order they were received.
    package var samples: [StatsDSample]
    /// Scratch index of tag numbers by key, for removing repeated tag keys from long tag lists.
    var tagIndex: HashIndex
    /// Seeds the tag key hashes, so tag keys that collide cannot be chosen from outside.
    let tagSeed: UInt64

    /// Creates an empty batch.
    package init() {
        self.bytes = []
        self.tags = []
        self.samples = []
        self.tagIndex = HashIndex()
        self.tagSeed = ByteHash.randomSeed()
    }

    /// Empties the batch and keeps the capacity of its buffers.
    ///
    /// `removeLast(count)` rather than `removeAll(keepingCapacity: true)`: for these plain element types it does
    /// the same in about a third of the time, which matters when every datagram holds a single line.
    package mutating func removeAll() {
        self.bytes.removeLast(self.bytes.count)
        self.tags.removeLast(self.tags.count)
        self.samples.removeLast(self.samples.count)
    }

    /// The raw (unescaped) name of `sample` as a `String`.
    ///
    /// Allocates; for slow paths such as logging, explain output and tests.
    package func name(of sample: StatsDSample) -> String {
        self.string(in: sample.name)
    }

    /// The bytes in `range` of ``bytes``, decoded as UTF-8.
    ///
    /// Allocates; for slow paths such as logging, explain output and tests.
    package func string(in range: Range<Int>) -> String {
        String(decoding: self.bytes[range], as: UTF8.self)
    }

    /// The tags of `sample` as (escaped key, value) strings, in the sample's order.
    ///
    /// Allocates; for slow paths such as logging, explain output and tests.
    package func labels(of sample: StatsDSample) -> [(key: String, value: String)] {
        self.tags[sample.tags].map { (key: self.string(in: $0.key), value: self.string(in: $0.value)) }
    }

    /// Copies `source` to the end of ``bytes`` and returns where it landed.
    mutating func appendBytes(_ source: Span<UInt8>) -> Range<Int> {
        let start = self.bytes.count
        source.withUnsafeBufferPointer { self.bytes.append(contentsOf: $0) }
        return start..<self.bytes.count
    }

    /// Shrinks ``bytes`` and ``tags`` back to the given counts, keeping capacity.
    mutating func truncate(bytes byteCount: Int, tags tagCount: Int) {
        if self.bytes.count > byteCount {
            self.bytes.removeLast(self.bytes.count - byteCount)
        }
        if self.tags.count > tagCount {
            self.tags.removeLast(self.tags.count - tagCount)
        }
    }
}
