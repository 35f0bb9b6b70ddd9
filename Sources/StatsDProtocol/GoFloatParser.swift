/// Go's `strconv.ParseFloat(s, 64)`, on bytes.
///
/// Accepts exactly what Go accepts:
/// - decimal numbers with an optional sign, optional fraction and optional `e`/`E` exponent (`1`, `-0.5`, `.5`, `1.`,
///   `+1e-3`);
/// - hexadecimal numbers, which need a `p`/`P` exponent (`0x1p-2`, `0X1.8P1`);
/// - `_` between digits, as in Go literals (`1_000`);
/// - `Inf` and `Infinity` with an optional sign, and `NaN` without a sign, in any case.
///
/// Not accepted: surrounding whitespace, a hexadecimal number without an exponent (`0x1`), `+NaN`, a lone sign or dot,
/// and a finite number too large for a `Double` (`1e309`: Go reports a range error). Too small a number rounds to zero
/// or a subnormal without error, as in Go. Results are correctly rounded, so they are identical to Go's and to
/// `Double(String)` for the same text.
package enum GoFloatParser {
    /// The value of `text`, or `nil` where Go's `strconv.ParseFloat(text, 64)` returns an error.
    ///
    /// Decimal numbers are converted as Go converts them, without allocating: exactly in floating point when the
    /// mantissa and the power of ten are both exact, else with the Eisel–Lemire algorithm. Only hexadecimal numbers,
    /// subnormal or out-of-range results and the rare cases Eisel–Lemire cannot decide fall back to the standard
    /// library's correctly rounded parser, which allocates a `String` when the text is longer than 15 bytes.
    /// - Complexity: O(*n*), where *n* is `text.count`.
    package static func parse(_ text: Span<UInt8>) -> Double? {
        guard text.count > 0 else { return nil }
        if let value = self.shortDecimal(text) {
            return value
        }
        switch self.special(text) {
        case .value(let value): return value
        case .invalid: return nil
        case .notSpecial: break
        }
        guard let number = self.readFloat(text), number.length == text.count else { return nil }
        if !number.isHex {
            if !number.isTruncated, let exact = self.exactValue(number) {
                return exact
            }
            if let value = self.eiselLemire(number.mantissa, number.exponent, isNegative: number.isNegative) {
                if !number.isTruncated {
                    return value
                }
                let upper = self.eiselLemire(number.mantissa &+ 1, number.exponent, isNegative: number.isNegative)
                if upper == value {
                    return value
                }
            }
        }
        return self.slowValue(text, number)
    }

    /// The common StatsD value, `[+-]digits[.digits]` with at most 15 digits, read in one pass; `nil` for anything
    /// else, which the full parser then reads.
    ///
    /// Such a mantissa is below 2⁵², so it and the divisor 10^*k* (*k* ≤ 15) are exact doubles and one correctly
    /// rounded division gives Go's `atof64exact` result, `-0` included.
    @inline(__always)
    private static func shortDecimal(_ text: Span<UInt8>) -> Double? {
        text.withUnsafeBufferPointer { bytes -> Double? in
            let count = bytes.count
            guard count <= 17 else { return nil }
            var i = 0
            var isNegative = false
            if bytes[0] == UInt8(ascii: "-") {
                isNegative = true
                i = 1
            } else if bytes[0] == UInt8(ascii: "+") {
                i = 1
            }
            var mantissa: UInt64 = 0
            var digits = 0
            var fractionDigits = -1
            while i < count {
                let byte = bytes[i]
                let digit = byte &- UInt8(ascii: "0")
                if digit < 10 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    digits &+= 1
                    if fractionDigits >= 0 {
                        fractionDigits &+= 1
                    }
                } else if byte == UInt8(ascii: "."), fractionDigits < 0 {
                    fractionDigits = 0
                } else {
                    return nil
                }
                i &+= 1
            }
            guard digits > 0, digits <= 15 else { return nil }
            var value = Double(mantissa)
            if fractionDigits > 0 {
                value /= Self.exactPowerOfTen(fractionDigits)
            }
            return isNegative ? -value : value
        }
    }

    /// 10^`exponent` for 1...15, exact in a `Double`.
    @inline(__always)
    private static func exactPowerOfTen(_ exponent: Int) -> Double {
        var power = 10.0
        var remaining = exponent &- 1
        while remaining > 0 {
            power *= 10
            remaining &-= 1
        }
        return power
    }

    /// The outcome of looking for `Inf`, `Infinity` or `NaN`.
    private enum Special {
        /// The text is one of the special values.
        case value(Double)
        /// The text starts like a special value but is not one, so Go rejects it.
        case invalid
        /// The text must be read as a number.
        case notSpecial
    }

    /// A number read by ``readFloat(_:)``: Go's `readFloat` results plus where the exponent starts.
    private struct Number {
        /// Up to 19 significant decimal (16 hexadecimal) digits.
        var mantissa: UInt64 = 0
        /// The power of ten (of two for hexadecimal) that scales ``mantissa``.
        var exponent = 0
        var isNegative = false
        /// Whether non-zero digits beyond the mantissa's capacity were dropped.
        var isTruncated = false
        var isHex = false
        var hasUnderscores = false
        /// The number of bytes read.
        var length = 0
        /// The index where the exponent marker starts, or ``length`` without one.
        var mantissaEnd = 0
        var hasExponent = false
        /// The exponent as written, clamped as Go clamps it (digits stop counting at 10,000).
        var writtenExponent = 0
    }

    /// Exact powers of ten that a `Double` represents without rounding.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Go's `special`: a signed `inf`/`infinity` or an unsigned `nan`, ignoring case, which must be the whole text.
    private static func special(_ text: Span<UInt8>) -> Special {
        let first = text[0]
        var start = 0
        var sign = 1.0
        switch first {
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            if first == UInt8(ascii: "-") {
                sign = -1
            }
            start = 1
        case UInt8(ascii: "i"), UInt8(ascii: "I"):
            break
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            let isNaN = text.count == 3 && text[1] | 0x20 == UInt8(ascii: "a") && text[2] | 0x20 == UInt8(ascii: "n")
            return isNaN ? .value(.nan) : .invalid
        default:
            return .notSpecial
        }
        var matched = 0
        while start &+ matched < text.count, matched < 8,
            self.matchesInfinity(text[start &+ matched], at: matched)
        {
            matched &+= 1
        }
        if matched > 3, matched < 8 {
            matched = 3
        }
        if matched == 3 || matched == 8 {
            return start &+ matched == text.count ? .value(sign * .infinity) : .invalid
        }
        return start == 0 ? .invalid : .notSpecial
    }

    /// Whether `byte` is, ignoring case, the letter at `position` of `infinity`.
    private static func matchesInfinity(_ byte: UInt8, at position: Int) -> Bool {
        let lower = byte | 0x20
        switch position {
        case 0, 3, 5: return lower == UInt8(ascii: "i")
        case 1, 4: return lower == UInt8(ascii: "n")
        case 2: return lower == UInt8(ascii: "f")
        case 6: return lower == UInt8(ascii: "t")
        case 7: return lower == UInt8(ascii: "y")
        default: return false
        }
    }

    /// Go's `readFloat`: the mantissa, decimal or binary exponent and flags of the number at the start of `text`.
    private static func readFloat(_ text: Span<UInt8>) -> Number? {
        var number = Number()
        let count = text.count
        var i = 0
        if text[i] == UInt8(ascii: "+") {
            i &+= 1
        } else if text[i] == UInt8(ascii: "-") {
            number.isNegative = true
            i &+= 1
        }
        var base: UInt64 = 10
        var maximumMantissaDigits = 19
        var exponentMarker = UInt8(ascii: "e")
        if i &+ 2 < count, text[i] == UInt8(ascii: "0"), text[i &+ 1] | 0x20 == UInt8(ascii: "x") {
            base = 16
            maximumMantissaDigits = 16
            i &+= 2
            exponentMarker = UInt8(ascii: "p")
            number.isHex = true
        }
        var sawDot = false
        var sawDigits = false
        var digitCount = 0
        var mantissaDigits = 0
        var decimalPoint = 0
        while i < count {
            let byte = text[i]
            if byte == UInt8(ascii: "_") {
                number.hasUnderscores = true
            } else if byte == UInt8(ascii: ".") {
                if sawDot { break }
                sawDot = true
                decimalPoint = digitCount
            } else if NameEscaping.isDigit(byte) {
                sawDigits = true
                if byte == UInt8(ascii: "0"), digitCount == 0 {
                    decimalPoint &-= 1
                } else {
                    digitCount &+= 1
                    if mantissaDigits < maximumMantissaDigits {
                        number.mantissa = number.mantissa &* base &+ UInt64(byte &- UInt8(ascii: "0"))
                        mantissaDigits &+= 1
                    } else if byte != UInt8(ascii: "0") {
                        number.isTruncated = true
                    }
                }
            } else if base == 16, byte | 0x20 >= UInt8(ascii: "a"), byte | 0x20 <= UInt8(ascii: "f") {
                sawDigits = true
                digitCount &+= 1
                if mantissaDigits < maximumMantissaDigits {
                    number.mantissa = number.mantissa &* 16 &+ UInt64((byte | 0x20) &- UInt8(ascii: "a") &+ 10)
                    mantissaDigits &+= 1
                } else {
                    number.isTruncated = true
                }
            } else {
                break
            }
            i &+= 1
        }
        guard sawDigits else { return nil }
        if !sawDot {
            decimalPoint = digitCount
        }
        if base == 16 {
            decimalPoint &*= 4
            mantissaDigits &*= 4
        }
        number.mantissaEnd = i
        if i < count, text[i] | 0x20 == exponentMarker {
            number.hasExponent = true
            i &+= 1
            guard i < count else { return nil }
            var exponentSign = 1
            if text[i] == UInt8(ascii: "+") {
                i &+= 1
            } else if text[i] == UInt8(ascii: "-") {
                i &+= 1
                exponentSign = -1
            }
            guard i < count, NameEscaping.isDigit(text[i]) else { return nil }
            var exponent = 0
            while i < count {
                let byte = text[i]
                if byte == UInt8(ascii: "_") {
                    number.hasUnderscores = true
                } else if NameEscaping.isDigit(byte) {
                    if exponent < 10_000 {
                        exponent = exponent &* 10 &+ Int(byte &- UInt8(ascii: "0"))
                    }
                } else {
                    break
                }
                i &+= 1
            }
            number.writtenExponent = exponent &* exponentSign
            decimalPoint &+= number.writtenExponent
        } else if base == 16 {
            return nil
        }
        if number.mantissa != 0 {
            number.exponent = decimalPoint &- mantissaDigits
        }
        number.length = i
        if number.hasUnderscores, !self.underscoresAreValid(text, upTo: i) {
            return nil
        }
        return number
    }

    /// Go's `underscoreOK`: every `_` sits between digits, or between a base prefix and a digit.
    private static func underscoresAreValid(_ text: Span<UInt8>, upTo end: Int) -> Bool {
        var start = 0
        if end >= 1, text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "+") {
            start = 1
        }
        var previous = UInt8(ascii: "^")
        var isHex = false
        var i = start
        if end &- start >= 2, text[start] == UInt8(ascii: "0") {
            let marker = text[start &+ 1] | 0x20
            if marker == UInt8(ascii: "b") || marker == UInt8(ascii: "o") || marker == UInt8(ascii: "x") {
                i = start &+ 2
                previous = UInt8(ascii: "0")
                isHex = marker == UInt8(ascii: "x")
            }
        }
        while i < end {
            let byte = text[i]
            let lower = byte | 0x20
            if NameEscaping.isDigit(byte) || (isHex && lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f")) {
                previous = UInt8(ascii: "0")
            } else if byte == UInt8(ascii: "_") {
                if previous != UInt8(ascii: "0") { return false }
                previous = UInt8(ascii: "_")
            } else {
                if previous == UInt8(ascii: "_") { return false }
                previous = UInt8(ascii: "!")
            }
            i &+= 1
        }
        return previous != UInt8(ascii: "_")
    }

    /// Go's `atof64exact`: the value when the mantissa and the power of ten are both exact in a `Double`.
    private static func exactValue(_ number: Number) -> Double? {
        guard number.mantissa >> 52 == 0 else { return nil }
        var value = Double(number.mantissa)
        if number.isNegative {
            value = -value
        }
        var exponent = number.exponent
        switch exponent {
        case 0:
            return value
        case 1...37:
            if exponent > 22 {
                value *= self.powersOfTen[exponent &- 22]
                exponent = 22
            }
            if value > 1e15 || value < -1e15 {
                return nil
            }
            return value * self.powersOfTen[exponent]
        case -22 ... -1:
            return value / self.powersOfTen[-exponent]
        default:
            return nil
        }
    }

    /// The correctly rounded value of an already validated number, through the standard library's parser.
    ///
    /// Underscores are dropped and the exponent is rewritten with Go's clamping, so the result is the one Go computes.
    /// Allocates only when the rewritten text is longer than 15 bytes (the limit of an inline `String`).
    private static func slowValue(_ text: Span<UInt8>, _ number: Number) -> Double? {
        var exponentDigits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0)
        var exponentLength = 0
        if number.hasExponent {
            var magnitude = number.writtenExponent.magnitude
            repeat {
                withUnsafeMutableBytes(of: &exponentDigits) { $0[exponentLength] = UInt8(magnitude % 10) &+ 0x30 }
                exponentLength &+= 1
                magnitude /= 10
            } while magnitude > 0
        }
        let capacity = number.mantissaEnd &+ exponentLength &+ 2
        let canonical = String(unsafeUninitializedCapacity: capacity) { buffer in
            var count = 0
            var i = 0
            while i < number.mantissaEnd {
                if text[i] != UInt8(ascii: "_") {
                    buffer[count] = text[i]
                    count &+= 1
                }
                i &+= 1
            }
            if number.hasExponent {
                buffer[count] = number.isHex ? UInt8(ascii: "p") : UInt8(ascii: "e")
                count &+= 1
                if number.writtenExponent < 0 {
                    buffer[count] = UInt8(ascii: "-")
                    count &+= 1
                }
                withUnsafeBytes(of: exponentDigits) { digits in
                    var digit = exponentLength
                    while digit > 0 {
                        digit &-= 1
                        buffer[count] = digits[digit]
                        count &+= 1
                    }
                }
            }
            return count
        }
        guard let value = Double(canonical), value.isFinite else { return nil }
        return value
    }
}
