/// A protocol-buffer message decoded to its fields by wire type only, so tests can read the exposition's protobuf
/// without generated code: each accessor reads fields by number as metrics.proto declares them.
package struct ProtobufMessage: Sendable {
    package enum Value: Sendable, Equatable {
        case varint(UInt64)
        case fixed64(UInt64)
        case bytes([UInt8])
        case fixed32(UInt32)
    }

    package struct DecodeError: Error, CustomStringConvertible {
        package var description: String
    }

    package var fields: [(number: Int, value: Value)] = []

    package init(_ bytes: [UInt8]) throws {
        var index = 0
        while index < bytes.count {
            let key = try Self.varint(bytes, &index)
            let number = Int(key >> 3)
            switch key & 7 {
            case 0:
                self.fields.append((number, .varint(try Self.varint(bytes, &index))))
            case 1:
                guard index + 8 <= bytes.count else { throw DecodeError(description: "truncated fixed64") }
                var value: UInt64 = 0
                for offset in 0..<8 { value |= UInt64(bytes[index + offset]) << (8 * offset) }
                index += 8
                self.fields.append((number, .fixed64(value)))
            case 2:
                let length = Int(try Self.varint(bytes, &index))
                guard index + length <= bytes.count else { throw DecodeError(description: "truncated field \(number)") }
                self.fields.append((number, .bytes(Array(bytes[index..<(index + length)]))))
                index += length
            case 5:
                guard index + 4 <= bytes.count else { throw DecodeError(description: "truncated fixed32") }
                var value: UInt32 = 0
                for offset in 0..<4 { value |= UInt32(bytes[index + offset]) << (8 * offset) }
                index += 4
                self.fields.append((number, .fixed32(value)))
            default:
                throw DecodeError(description: "wire type \(key & 7) in field \(number)")
            }
        }
    }

    /// The messages of a delimited stream: each preceded by its length as a varint.
    package static func delimited(_ bytes: [UInt8]) throws -> [ProtobufMessage] {
        var messages: [ProtobufMessage] = []
        var index = 0
        while index < bytes.count {
            let length = Int(try Self.varint(bytes, &index))
            guard index + length <= bytes.count else { throw DecodeError(description: "truncated message") }
            messages.append(try ProtobufMessage(Array(bytes[index..<(index + length)])))
            index += length
        }
        return messages
    }

    /// Every nested message in field `number`.
    package func messages(_ number: Int) throws -> [ProtobufMessage] {
        try self.fields.compactMap { field in
            guard field.number == number, case .bytes(let bytes) = field.value else { return nil }
            return try ProtobufMessage(bytes)
        }
    }

    /// The last nested message in field `number`.
    package func message(_ number: Int) throws -> ProtobufMessage? {
        try self.messages(number).last
    }

    package func has(_ number: Int) -> Bool {
        self.fields.contains { $0.number == number }
    }

    package func string(_ number: Int) -> String? {
        self.fields.last { $0.number == number }.flatMap { field in
            guard case .bytes(let bytes) = field.value else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    package func uint(_ number: Int) -> UInt64? {
        self.fields.last { $0.number == number }.flatMap { field in
            guard case .varint(let value) = field.value else { return nil }
            return value
        }
    }

    /// A `sint32`/`sint64` field (zigzag).
    package func sint(_ number: Int) -> Int64? {
        self.uint(number).map(Self.unzigzag)
    }

    package func double(_ number: Int) -> Double? {
        self.fields.last { $0.number == number }.flatMap { field in
            guard case .fixed64(let bits) = field.value else { return nil }
            return Double(bitPattern: bits)
        }
    }

    /// A packed repeated `sint64` field.
    package func packedSints(_ number: Int) throws -> [Int64] {
        var values: [Int64] = []
        for field in self.fields where field.number == number {
            guard case .bytes(let bytes) = field.value else { continue }
            var index = 0
            while index < bytes.count { values.append(Self.unzigzag(try Self.varint(bytes, &index))) }
        }
        return values
    }

    private static func unzigzag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    private static func varint(_ bytes: [UInt8], _ index: inout Int) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < bytes.count, shift < 64 else { throw DecodeError(description: "bad varint") }
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }
}
