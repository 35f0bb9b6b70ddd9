/// The byte form of a sorted label set, in which a series is stored: compact, hashable, and ordered as client_golang
/// orders series (label pairs compared one by one, name then value, and a shorter set first) by plain byte
/// comparison.
///
/// Each pair is written as its name, a 0 byte, its value, and a 0 byte. Names never contain 0 or 1 (they are
/// Prometheus label names); in values a 0 byte is written as 1, 1 and a 1 byte as 1, 2, which keeps the order, so the
/// encoding of one label set sorts before another exactly when client_golang sorts it first.
package enum LabelKey {
    /// Appends the encoding of `labels` (sorted by name, names unique) to `bytes`.
    package static func append(_ labels: [Label], to bytes: inout [UInt8]) {
        for label in labels {
            bytes.append(contentsOf: label.name.utf8)
            bytes.append(0)
            for byte in label.value.utf8 {
                if byte <= 1 {
                    bytes.append(1)
                    bytes.append(byte &+ 1)
                } else {
                    bytes.append(byte)
                }
            }
            bytes.append(0)
        }
    }

    /// The encoding of `labels`.
    package static func encode(_ labels: [Label]) -> [UInt8] {
        var bytes: [UInt8] = []
        Self.append(labels, to: &bytes)
        return bytes
    }

    /// Calls `body` with each pair of an encoded label set: the name's bytes, and the value's bytes still encoded
    /// (``decodeValue(_:into:)`` reads them; when `isPlain` is true they are the value itself).
    /// - Complexity: O(*n*) in the encoding's length; does not allocate.
    @inline(__always)
    package static func forEach(
        in encoded: UnsafeRawBufferPointer,
        _ body: (_ name: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, _ isPlain: Bool) -> Void
    ) {
        let count = encoded.count
        var start = 0
        while start < count {
            var end = start
            while end < count && encoded[end] != 0 { end &+= 1 }
            let name = UnsafeRawBufferPointer(rebasing: encoded[start..<end])
            let valueStart = end &+ 1
            var valueEnd = valueStart
            var isPlain = true
            while valueEnd < count && encoded[valueEnd] != 0 {
                if encoded[valueEnd] == 1 {
                    isPlain = false
                    valueEnd &+= 1
                }
                valueEnd &+= 1
            }
            body(name, UnsafeRawBufferPointer(rebasing: encoded[valueStart..<min(valueEnd, count)]), isPlain)
            start = valueEnd &+ 1
        }
    }

    /// Appends the real bytes of an encoded value to `out`.
    package static func decodeValue(_ value: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        var index = 0
        while index < value.count {
            let byte = value[index]
            if byte == 1, index &+ 1 < value.count {
                out.append(value[index &+ 1] &- 1)
                index &+= 2
            } else {
                out.append(byte)
                index &+= 1
            }
        }
    }

    /// The labels of an encoded label set.
    package static func decode(_ encoded: UnsafeRawBufferPointer) -> [Label] {
        var labels: [Label] = []
        var scratch: [UInt8] = []
        Self.forEach(in: encoded) { name, value, _ in
            scratch.removeAll(keepingCapacity: true)
            Self.decodeValue(value, into: &scratch)
            labels.append(
                Label(name: String(decoding: name, as: UTF8.self), value: String(decoding: scratch, as: UTF8.self))
            )
        }
        return labels
    }
}
