import Aggregation

/// One sign's native buckets as spans and delta-encoded counts, laid out as client_golang's `makeBuckets` lays them
/// out: a gap of one or two empty buckets stays inside a span (as zero deltas), a longer one starts a new span.
///
/// Shared by the exposition (`io.prometheus.client.Histogram`) and remote write (`prometheus.Histogram`), whose
/// `BucketSpan` messages are the same; the arrays are reused from one histogram to the next.
package struct NativeBucketLayout {
    package private(set) var spans: [(offset: Int32, length: UInt32)] = []
    package private(set) var deltas: [Int64] = []

    package init() {}

    /// Lays out the buckets of `range` (positions in the snapshot's ``ExpositionSnapshot/nativeKeys``).
    package mutating func layOut(_ range: Range<Int>, of snapshot: ExpositionSnapshot) {
        self.spans.removeAll(keepingCapacity: true)
        self.deltas.removeAll(keepingCapacity: true)
        var previousCount: Int64 = 0
        var nextIndex: Int32 = 0
        for position in range {
            let index = snapshot.nativeKeys[position]
            let gap = index &- nextIndex
            if position == range.lowerBound || gap > 2 {
                self.spans.append((gap, 0))
            } else {
                for _ in 0..<gap {
                    self.spans[self.spans.count &- 1].length &+= 1
                    self.deltas.append(-previousCount)
                    previousCount = 0
                }
            }
            let count = Int64(bitPattern: snapshot.nativeCounts[position])
            self.spans[self.spans.count &- 1].length &+= 1
            self.deltas.append(count &- previousCount)
            previousCount = count
            nextIndex = index &+ 1
        }
    }

    /// Writes the spans (each a `BucketSpan` in `spanField`) and the packed zigzag deltas (`deltaField`); nothing
    /// when there are no buckets.
    package func write(spanField: UInt64, deltaField: UInt64, into out: inout [UInt8]) {
        guard !self.deltas.isEmpty else { return }
        for span in self.spans {
            let message = ProtobufWriter.beginMessage(spanField, in: &out)
            ProtobufWriter.sint(1, Int64(span.offset), to: &out)
            ProtobufWriter.uint(2, UInt64(span.length), to: &out)
            ProtobufWriter.endMessage(message, in: &out)
        }
        let packed = ProtobufWriter.beginMessage(deltaField, in: &out)
        for delta in self.deltas {
            ProtobufWriter.varint(ProtobufWriter.zigzag(delta), to: &out)
        }
        ProtobufWriter.endMessage(packed, in: &out)
    }
}
