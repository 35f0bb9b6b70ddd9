import Aggregation
import ByteTables
import Exposition

/// The labels of one series while it is encoded for remote write: names and values in one reused byte arena, so a
/// series costs no allocation, written out sorted by name with `__name__` and the `le`/`quantile` label merged in.
struct LabelScratch {
    private var bytes: [UInt8] = []
    private var pairs: [(name: Range<Int>, value: Range<Int>)] = []
    /// The pairs a series carries (set by ``addMissing(_:)``) before ``write(metricName:suffix:extra:_:into:)`` adds
    /// its own.
    private var baseCount = 0
    private var order: [Int] = []

    /// Forgets the previous series' labels.
    mutating func reset() {
        self.bytes.removeAll(keepingCapacity: true)
        self.pairs.removeAll(keepingCapacity: true)
        self.baseCount = 0
    }

    /// A label of the series, its value still in ``LabelKey``'s encoding.
    mutating func append(name: UnsafeRawBufferPointer, encodedValue: UnsafeRawBufferPointer, isPlain: Bool) {
        let nameStart = self.bytes.count
        self.bytes.append(contentsOf: name)
        let valueStart = self.bytes.count
        if isPlain {
            self.bytes.append(contentsOf: encodedValue)
        } else {
            LabelKey.decodeValue(encodedValue, into: &self.bytes)
        }
        self.pairs.append((nameStart..<valueStart, valueStart..<self.bytes.count))
    }

    mutating func append(name: [UInt8], value: [UInt8], valueSuffix: [UInt8] = []) {
        let nameStart = self.bytes.count
        self.bytes.append(contentsOf: name)
        let valueStart = self.bytes.count
        self.bytes.append(contentsOf: value)
        self.bytes.append(contentsOf: valueSuffix)
        self.pairs.append((nameStart..<valueStart, valueStart..<self.bytes.count))
    }

    /// Adds each of `external` (sorted by name) whose name the series does not have; the series' labels are
    /// complete after this.
    mutating func addMissing(_ external: [(name: [UInt8], value: [UInt8])]) {
        let own = self.pairs.count
        for label in external where !self.has(label.name, among: own) {
            self.append(name: label.name, value: label.value)
        }
        self.baseCount = self.pairs.count
    }

    /// Writes the `Label` messages (TimeSeries field 1: name 1, value 2) of the series plus `__name__`
    /// (`metricName` + `suffix`) and `extra` when it is not empty, sorted by name in byte order.
    mutating func write(
        metricName: [UInt8],
        suffix: [UInt8],
        extra: [UInt8],
        _ extraValue: [UInt8],
        into out: inout [UInt8]
    ) {
        self.pairs.removeSubrange(self.baseCount...)
        self.append(name: Self.nameLabel, value: metricName, valueSuffix: suffix)
        if !extra.isEmpty {
            self.append(name: extra, value: extraValue)
        }
        self.order.removeAll(keepingCapacity: true)
        self.order.append(contentsOf: self.pairs.indices)
        self.bytes.withUnsafeBytes { bytes in
            // Insertion sort: a handful of labels, mostly in order already.
            for index in 1..<max(1, self.order.count) {
                var position = index
                let moving = self.order[index]
                while position > 0,
                    ByteOrder.precedes(
                        UnsafeRawBufferPointer(rebasing: bytes[self.pairs[moving].name]),
                        UnsafeRawBufferPointer(rebasing: bytes[self.pairs[self.order[position &- 1]].name])
                    )
                {
                    self.order[position] = self.order[position &- 1]
                    position &-= 1
                }
                self.order[position] = moving
            }
            for index in self.order {
                let pair = self.pairs[index]
                let message = ProtobufWriter.beginMessage(1, in: &out)
                ProtobufWriter.bytes(1, UnsafeRawBufferPointer(rebasing: bytes[pair.name]), to: &out)
                ProtobufWriter.bytes(2, UnsafeRawBufferPointer(rebasing: bytes[pair.value]), to: &out)
                ProtobufWriter.endMessage(message, in: &out)
            }
        }
    }

    private func has(_ name: [UInt8], among count: Int) -> Bool {
        self.bytes.withUnsafeBytes { bytes in
            name.withUnsafeBytes { name in
                self.pairs[..<count].contains {
                    ByteOrder.equal(UnsafeRawBufferPointer(rebasing: bytes[$0.name]), name)
                }
            }
        }
    }

    private static let nameLabel = Array("__name__".utf8)
}
