import ByteTables
import TestSupport
import Testing

struct ByteOrderTests {
    /// Short strings over a few bytes, high ones included, so equal prefixes, proper prefixes and bytes that are
    /// negative as `Int8` all occur, on both sides of the eight-byte step.
    static let strings: [[UInt8]] = {
        var generator = SplitMix64(seed: 7)
        let alphabet: [UInt8] = [0x00, 0x61, 0x62, 0x7F, 0x80, 0xFF]
        return (0..<200).map { _ in
            (0..<Int.random(in: 0...19, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        }
    }()

    @Test
    func equalAndPrecedesAgreeWithArrayComparison() {
        for lhs in Self.strings {
            for rhs in Self.strings {
                lhs.withUnsafeBytes { left in
                    rhs.withUnsafeBytes { right in
                        #expect(ByteOrder.equal(left, right) == (lhs == rhs))
                        #expect(ByteOrder.precedes(left, right) == lhs.lexicographicallyPrecedes(rhs))
                    }
                }
            }
        }
    }

    @Test
    func emptyBuffersAreEqualWithOrWithoutABaseAddress() {
        let bytes: [UInt8] = [1, 2, 3]
        bytes.withUnsafeBytes { buffer in
            let emptySlice = UnsafeRawBufferPointer(rebasing: buffer[1..<1])
            #expect(ByteOrder.equal(emptySlice, UnsafeRawBufferPointer(start: nil, count: 0)))
            #expect(!ByteOrder.precedes(emptySlice, UnsafeRawBufferPointer(start: nil, count: 0)))
            #expect(ByteOrder.precedes(emptySlice, buffer))
        }
    }

    @Test
    func byteHashDependsOnBytesAndSeedOnly() {
        for string in Self.strings {
            let copy = Array(string)
            #expect(ByteHash.hash(string, seed: 1) == copy.withUnsafeBytes { ByteHash.hash($0, seed: 1) })
        }
        #expect(ByteHash.hash([1, 2, 3], seed: 1) != ByteHash.hash([1, 2, 3], seed: 2))
        #expect(ByteHash.hash([1, 2, 3], seed: 1) != ByteHash.hash([1, 2, 3, 0], seed: 1))
        let distinct = Set(Self.strings.map { ByteHash.hash($0, seed: 1) })
        #expect(distinct.count == Set(Self.strings).count)
    }
}
