import Exposition
import TestSupport
import Testing

struct GoFloatTests {
    /// Outputs of Go's `strconv.FormatFloat(f, 'g', -1, 64)`, which writeFloat uses for everything but the special
    /// values and zero.
    static let strconvCases: [(Double, String)] = [
        (1.0, "1"),
        (0.25, "0.25"),
        (1_000_000.0, "1e+06"),
        (100_000.0, "100000"),
        (123_456_789.0, "1.23456789e+08"),
        (1.5e-07, "1.5e-07"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (20000.0, "20000"),
        (23130.51, "23130.51"),
        (0.6000000000000001, "0.6000000000000001"),
        (1_234_567.0, "1.234567e+06"),
        (-0.5, "-0.5"),
        (.leastNonzeroMagnitude, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (-1.0, "-1"),
        (2.0, "2"),
        (100.0, "100"),
        (999_999.0, "999999"),
        (9_999_999.0, "9.999999e+06"),
        (123_456.7, "123456.7"),
        (12345.678, "12345.678"),
        (0.1, "0.1"),
        (0.1 + 0.2, "0.30000000000000004"),
        (0.000123, "0.000123"),
        (0.00001234, "1.234e-05"),
        (1e-06, "1e-06"),
        (-1e-07, "-1e-07"),
        (0.005, "0.005"),
        (2.5, "2.5"),
        (1e21, "1e+21"),
        (1e22, "1e+22"),
        (1e23, "1e+23"),
        (1e100, "1e+100"),
        (1e-100, "1e-100"),
        (0x1p53, "9.007199254740992e+15"),
        (0x1p53 - 1, "9.007199254740991e+15"),
        (0x1p60, "1.152921504606847e+18"),
        (2.2250738585072014e-308, "2.2250738585072014e-308"),
        (.leastNonzeroMagnitude * 3, "1.5e-323"),
        (18_446_744_073_709_551_615.0, "1.8446744073709552e+19"),
        (-123_456.0, "-123456"),
        (3.0e-5, "3e-05"),
        (0.5, "0.5"),
        (33.333333333333336, "33.333333333333336"),
    ]

    @Test(arguments: Self.strconvCases)
    func matchesStrconv(value: Double, expected: String) {
        #expect(GoFloat.format(value) == expected)
    }

    /// writeFloat's own cases, which never reach strconv: `-0` prints as `0` because `-0 == 0` in Go.
    static let writeFloatCases: [(Double, String)] = [
        (0.0, "0"), (-0.0, "0"), (.nan, "NaN"), (-.nan, "NaN"), (.infinity, "+Inf"), (-.infinity, "-Inf"),
    ]

    @Test(arguments: Self.writeFloatCases)
    func specialValuesMatchWriteFloat(value: Double, expected: String) {
        #expect(GoFloat.format(value) == expected)
    }

    @Test func appendsAfterExistingBytes() {
        var out = Array("x ".utf8)
        GoFloat.append(1_000_000, to: &out)
        out.append(UInt8(ascii: "\n"))
        GoFloat.append(-0.25, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "x 1e+06\n-0.25")
    }

    /// Every finite value formats to the digits and decimal exponent of Swift's `description` (also shortest, closest),
    /// parses back to itself, and uses exponent form exactly where Go's `%g` does.
    @Test func randomValuesAreShortestAndRoundTrip() {
        var generator = SplitMix64(seed: 0x5EED_F10A7)
        var checked = 0
        while checked < 200_000 {
            let value: Double
            let bits = generator.next()
            switch checked % 6 {
            case 0:
                value = Double(bitPattern: bits)
            case 1:
                // Decimal-looking values, the common case in metrics.
                let scale = [1.0, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7][Int(bits % 8)]
                value = Double(Int64(truncatingIfNeeded: generator.next() % 10_000_000_000)) / scale
            case 2:
                // Binary exponents −110...69: both sides of the 128-bit path's limits.
                value = Double(bitPattern: bits & (1 << 52 - 1) | UInt64(913 + generator.next() % 180) << 52)
            case 3:
                // Powers of two and their neighbours, where the gap below is half the gap above.
                value = Double(bitPattern: (1 + bits % 2046) << 52 | generator.next() % 3)
            case 4:
                value = Double(bits >> 11) * 0x1p-53 * 1000
            default:
                // Subnormals and the smallest normals.
                value = Double(bitPattern: bits % (1 << 53))
            }
            guard value.isFinite, value != 0 else {
                continue
            }
            checked += 1
            let text = GoFloat.format(value)
            #expect(Double(text) == value, "\(text) does not parse back to \(value)")
            let ours = Self.digitsAndPoint(text)
            #expect(ours == Self.digitsAndPoint(value.description), "\(text) vs \(value.description)")
            let exponent = ours.point - 1
            #expect(text.contains("e") == (exponent < -4 || exponent >= 6), "\(text)")
        }
    }

    /// Significant digits (no leading or trailing zeros) and the position of the decimal point relative to them.
    private static func digitsAndPoint(_ text: String) -> (digits: String, point: Int) {
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(of: "e") {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        if mantissa.first == "-" {
            mantissa = mantissa.dropFirst()
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        var digits = Substring(String(parts[0]) + (parts.count > 1 ? String(parts[1]) : ""))
        var point = parts[0].count + exponent
        while digits.first == "0" {
            digits = digits.dropFirst()
            point -= 1
        }
        while digits.last == "0" {
            digits = digits.dropLast()
        }
        return (String(digits), point)
    }
}
