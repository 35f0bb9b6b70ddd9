/// UTF-8 validation on bytes, with the rules of Go's `unicode/utf8`.
///
/// Rejects overlong forms, surrogates (U+D800–U+DFFF), code points above U+10FFFF, stray continuation bytes and
/// truncated sequences, the same set that Go's `utf8.ValidString` rejects.
package enum UTF8Scanner {
    /// Whether all of `bytes` is valid UTF-8.
    ///
    /// Does not allocate.
    /// - Complexity: O(*n*), where *n* is `bytes.count`.
    package static func isValid(_ bytes: Span<UInt8>) -> Bool {
        let count = bytes.count
        // Most StatsD text is ASCII: check eight bytes per step first, and walk sequences only when that fails.
        if count == 0 || bytes.withUnsafeBufferPointer({ ByteScan.isASCII($0, 0..<count) }) {
            return true
        }
        var i = 0
        while i < count {
            if bytes[i] < 0x80 {
                i &+= 1
            } else if let length = self.sequenceLength(bytes, at: i) {
                i &+= length
            } else {
                return false
            }
        }
        return true
    }

    /// The length of the valid multi-byte sequence starting at `index`, or `nil` if the bytes there do not form one.
    ///
    /// An ASCII byte is not a multi-byte sequence and gives `nil` as well; callers check for ASCII first.
    /// - Parameters:
    ///   - bytes: The text.
    ///   - index: A valid index of `bytes`.
    package static func sequenceLength(_ bytes: Span<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        let remaining = bytes.count &- index
        let length: Int
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF:
            length = 2
        case 0xE0:
            length = 3
            secondLow = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF:
            length = 3
        case 0xED:
            length = 3
            secondHigh = 0x9F
        case 0xF0:
            length = 4
            secondLow = 0x90
        case 0xF1...0xF3:
            length = 4
        case 0xF4:
            length = 4
            secondHigh = 0x8F
        default:
            return nil
        }
        guard remaining >= length else { return nil }
        let second = bytes[index &+ 1]
        guard second >= secondLow, second <= secondHigh else { return nil }
        var i = 2
        while i < length {
            guard bytes[index &+ i] & 0xC0 == 0x80 else { return nil }
            i &+= 1
        }
        return length
    }
}
