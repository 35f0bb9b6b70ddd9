extension LineParser {
    /// The index of the first `byte` in `range` of `line`, or `nil`.
    ///
    /// Does not allocate.
    /// - Complexity: O(*n*), where *n* is `range.count`.
    static func firstIndex(of byte: UInt8, in line: Span<UInt8>, _ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        while i < range.upperBound {
            if line[i] == byte { return i }
            i &+= 1
        }
        return nil
    }

    /// Whether `range` of `line` contains the two-byte sequence `|#` that marks DogStatsD tags.
    ///
    /// Does not allocate.
    /// - Complexity: O(*n*), where *n* is `range.count`.
    static func containsTagMarker(_ line: Span<UInt8>, _ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        while i &+ 1 < range.upperBound {
            if line[i] == UInt8(ascii: "|"), line[i &+ 1] == UInt8(ascii: "#") { return true }
            i &+= 1
        }
        return false
    }

    /// The number of observations for an effective sample rate in (0, 1]: `Int(1 / rate)`, truncated, capped at
    /// ``maximumRepeatCount``.
    static func repeatCount(forRate rate: Double) -> Int {
        let inverse = 1 / rate
        guard inverse < Double(Self.maximumRepeatCount) else { return Self.maximumRepeatCount }
        return Int(inverse)
    }
}
