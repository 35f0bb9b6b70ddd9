/// Protocol-buffer wire encoding, appended to a byte array: just what the exposition messages need.
///
/// A nested message is written in place: ``beginMessage(_:in:)`` leaves one byte for its length and
/// ``endMessage(_:in:)`` fills it in, moving the message up when its length needs more bytes (only messages of 128
/// bytes or more, so mostly families). Nothing is built per series besides the bytes themselves.
package enum ProtobufWriter {
    /// Wire types.
    private static let varintType: UInt64 = 0
    private static let fixed64Type: UInt64 = 1
    private static let lengthType: UInt64 = 2

    @inline(__always)
    package static func varint(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    @inline(__always)
    package static func tag(_ field: UInt64, _ wireType: UInt64, to out: inout [UInt8]) {
        Self.varint(field << 3 | wireType, to: &out)
    }

    /// An unsigned or enum field.
    @inline(__always)
    package static func uint(_ field: UInt64, _ value: UInt64, to out: inout [UInt8]) {
        Self.tag(field, Self.varintType, to: &out)
        Self.varint(value, to: &out)
    }

    /// An `int64`/`int32` field (two's complement, ten bytes when negative).
    @inline(__always)
    package static func int(_ field: UInt64, _ value: Int64, to out: inout [UInt8]) {
        Self.uint(field, UInt64(bitPattern: value), to: &out)
    }

    /// A `sint32`/`sint64` field (zigzag).
    @inline(__always)
    package static func sint(_ field: UInt64, _ value: Int64, to out: inout [UInt8]) {
        Self.uint(field, Self.zigzag(value), to: &out)
    }

    @inline(__always)
    package static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    @inline(__always)
    package static func double(_ field: UInt64, _ value: Double, to out: inout [UInt8]) {
        Self.tag(field, Self.fixed64Type, to: &out)
        var bits = value.bitPattern.littleEndian
        withUnsafeBytes(of: &bits) { out.append(contentsOf: $0) }
    }

    @inline(__always)
    package static func bytes(_ field: UInt64, _ value: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        Self.tag(field, Self.lengthType, to: &out)
        Self.varint(UInt64(value.count), to: &out)
        out.append(contentsOf: value)
    }

    package static func string(_ field: UInt64, _ value: String, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { Self.bytes(field, UnsafeRawBufferPointer($0), to: &out) }
    }

    /// Starts a length-delimited field (a nested message or a packed array); `field` nil starts a top-level message
    /// of a delimited stream, which has a length but no tag.
    /// - Returns: where its length goes, for ``endMessage(_:in:)``.
    @inline(__always)
    package static func beginMessage(_ field: UInt64?, in out: inout [UInt8]) -> Int {
        if let field { Self.tag(field, Self.lengthType, to: &out) }
        out.append(0)
        return out.count &- 1
    }

    /// Writes the length of the field started at `start`.
    @inline(__always)
    package static func endMessage(_ start: Int, in out: inout [UInt8]) {
        let length = out.count &- start &- 1
        if length < 0x80 {
            out[start] = UInt8(length)
            return
        }
        var size = 1
        while length >> (7 &* size) > 0 { size &+= 1 }
        out.insert(contentsOf: repeatElement(0, count: size &- 1), at: start &+ 1)
        var value = length
        for index in start..<(start &+ size) {
            out[index] = UInt8(truncatingIfNeeded: value) | (index &+ 1 < start &+ size ? 0x80 : 0)
            value >>= 7
        }
    }
}
