extension LineParser {
    /// The index of the first `byte` in `range` of `line`, or `nil`.
    ///
    /// Reads eight bytes per step (see ``ByteScan``). Does not allocate.
    /// - Complexity: O(*n*), where *n* is `range.count`.
    static func firstIndex(of byte: UInt8, in line: Span<UInt8>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        precondition(range.lowerBound >= 0 && range.upperBound <= line.count, "range out of bounds")
        return line.withUnsafeBufferPointer { ByteScan.firstIndex(of: byte, in: $0, range) }
    }

    /// Whether `range` of `line` contains the two-byte sequence `|#` that marks DogStatsD tags.
    ///
    /// Does not allocate.
    /// - Complexity: O(*n*), where *n* is `range.count`.
    static func containsTagMarker(_ line: Span<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= 2 else { return false }
        precondition(range.lowerBound >= 0 && range.upperBound <= line.count, "range out of bounds")
        return line.withUnsafeBufferPointer { bytes in
            var start = range.lowerBound
            // A `|` in the last byte cannot start the pair, so search up to the one before it.
            while let pipe = ByteScan.firstIndex(of: UInt8(ascii: "|"), in: bytes, start..<range.upperBound &- 1) {
                if bytes[pipe &+ 1] == UInt8(ascii: "#") { return true }
                start = pipe &+ 1
            }
            return false
        }
    }

    /// The number of observations for an effective sample rate in (0, 1]: `Int(1 / rate)`, truncated, capped at
    /// ``maximumRepeatCount``.
    static func repeatCount(forRate rate: Double) -> Int {
        let inverse = 1 / rate
        guard inverse < Double(Self.maximumRepeatCount) else { return Self.maximumRepeatCount }
        return Int(inverse)
    }
}

/// Byte searches that read a machine word (eight bytes) per step, the hot loops of the parser.
///
/// Each byte of a word is compared at once with the classic exact zero-byte test, so there are no false positives
/// and no carries between bytes. Callers pass in-bounds ranges; reads never leave the range.
enum ByteScan {
    private static let lowSevenBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// `byte` in every byte of a word.
    @inline(__always)
    static func broadcast(_ byte: UInt8) -> UInt64 {
        UInt64(byte) &* 0x0101_0101_0101_0101
    }

    /// The high bit of every byte of `word` that equals the byte broadcast in `pattern`; 0 elsewhere.
    @inline(__always)
    static func equalBytes(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let difference = word ^ pattern
        let nonZero = ((difference & Self.lowSevenBits) &+ Self.lowSevenBits) | difference
        return ~nonZero & Self.highBits
    }

    /// The high bit of every byte of `word` that is not ASCII.
    @inline(__always)
    static func nonASCIIBytes(_ word: UInt64) -> UInt64 {
        word & Self.highBits
    }

    /// The eight bytes at `offset`, first byte in the low bits.
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        UInt64(
            littleEndian: UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        )
    }

    /// The index of the first `byte` in `range` of `bytes`, or `nil`.
    @inline(__always)
    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        let end = range.upperBound
        let pattern = Self.broadcast(byte)
        while i &+ 8 <= end {
            let matches = Self.equalBytes(Self.word(bytes, at: i), pattern)
            if matches != 0 {
                return i &+ (matches.trailingZeroBitCount &>> 3)
            }
            i &+= 8
        }
        while i < end {
            if bytes[i] == byte { return i }
            i &+= 1
        }
        return nil
    }

    /// The index of the first byte in `range` that is one of the (up to four) bytes broadcast in `patterns`.
    @inline(__always)
    static func firstIndex(
        ofAny patterns: (UInt64, UInt64, UInt64, UInt64),
        in bytes: UnsafeBufferPointer<UInt8>,
        _ range: Range<Int>
    ) -> Int? {
        var i = range.lowerBound
        let end = range.upperBound
        @inline(__always)
        func matches(at offset: Int) -> UInt64 {
            let word = Self.word(bytes, at: offset)
            return Self.equalBytes(word, patterns.0) | Self.equalBytes(word, patterns.1)
                | Self.equalBytes(word, patterns.2) | Self.equalBytes(word, patterns.3)
        }
        guard end &- i >= 8 else {
            while i < end {
                let pattern = Self.broadcast(bytes[i])
                if pattern == patterns.0 || pattern == patterns.1 || pattern == patterns.2 || pattern == patterns.3 {
                    return i
                }
                i &+= 1
            }
            return nil
        }
        while i &+ 8 <= end {
            let found = matches(at: i)
            if found != 0 {
                return i &+ (found.trailingZeroBitCount &>> 3)
            }
            i &+= 8
        }
        guard i < end else { return nil }
        // The last eight bytes overlap bytes already searched, which held no match.
        let last = end &- 8
        let found = matches(at: last)
        return found != 0 ? last &+ (found.trailingZeroBitCount &>> 3) : nil
    }

    /// Whether every byte in `range` of `bytes` is ASCII.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        let end = range.upperBound
        var seen: UInt64 = 0
        guard end &- i >= 8 else {
            while i < end {
                seen |= UInt64(bytes[i])
                i &+= 1
            }
            return Self.nonASCIIBytes(seen) == 0
        }
        while i &+ 8 <= end {
            seen |= Self.word(bytes, at: i)
            i &+= 8
        }
        if i < end {
            // The last eight bytes overlap ones already seen, which changes nothing.
            seen |= Self.word(bytes, at: end &- 8)
        }
        return Self.nonASCIIBytes(seen) == 0
    }
}
