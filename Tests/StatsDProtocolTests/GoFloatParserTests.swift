import TestSupport
import Testing

@testable import StatsDProtocol

/// Go's `strconv.ParseFloat(s, 64)` acceptance and exact values.
struct GoFloatParserTests {
    /// A text and the value Go returns for it, or `nil` for a Go error.
    struct Row: Sendable, CustomTestStringConvertible {
        let text: String
        let value: Double?
        var testDescription: String { self.text.isEmpty ? "(empty)" : self.text }
    }

    static let acceptedRows: [Row] = [
        Row(text: "0", value: 0),
        Row(text: "-0", value: -0.0),
        Row(text: "+0", value: 0),
        Row(text: "1", value: 1),
        Row(text: "-1", value: -1),
        Row(text: "+2", value: 2),
        Row(text: "0.5", value: 0.5),
        Row(text: ".5", value: 0.5),
        Row(text: "5.", value: 5),
        Row(text: "-.5", value: -0.5),
        Row(text: "00012", value: 12),
        Row(text: "0.000", value: 0),
        Row(text: "1e3", value: 1000),
        Row(text: "1E3", value: 1000),
        Row(text: "1e+3", value: 1000),
        Row(text: "1e-3", value: 0.001),
        Row(text: "+.5e-3", value: 0.0005),
        Row(text: "1.e5", value: 100_000),
        Row(text: "0.1", value: 0.1),
        Row(text: "0.01", value: 0.01),
        Row(text: "23130.51", value: 23130.51),
        Row(text: "0.30000000000000004", value: 0.30000000000000004),
        Row(text: "1e23", value: 1e23),
        Row(text: "1e22", value: 1e22),
        Row(text: "123456789012345678901234567890", value: 1.2345678901234568e29),
        Row(text: "9007199254740993", value: 9_007_199_254_740_992),
        Row(text: "9007199254740995", value: 9_007_199_254_740_996),
        Row(text: "12345678901234567890123", value: 1.2345678901234568e22),
        Row(text: "1.7976931348623157e308", value: .greatestFiniteMagnitude),
        Row(text: "2.2250738585072014e-308", value: .leastNormalMagnitude),
        Row(text: "4.9e-324", value: .leastNonzeroMagnitude),
        Row(text: "1e-400", value: 0),
        Row(text: "-1e-400", value: -0.0),
        Row(text: "0e99999", value: 0),
        Row(text: "1_000", value: 1000),
        Row(text: "1_0.5", value: 10.5),
        Row(text: "1e1_0", value: 1e10),
        Row(text: "0x1p-2", value: 0.25),
        Row(text: "0X1P-2", value: 0.25),
        Row(text: "-0x1p-2", value: -0.25),
        Row(text: "0x1.8p1", value: 3),
        Row(text: "0x.8p1", value: 1),
        Row(text: "0x1.p0", value: 1),
        Row(text: "0x_1p0", value: 1),
        Row(text: "0xAbCp0", value: 2748),
        Row(text: "0x1p-1080", value: 0),
        Row(text: "inf", value: .infinity),
        Row(text: "+Inf", value: .infinity),
        Row(text: "-INF", value: -.infinity),
        Row(text: "infinity", value: .infinity),
        Row(text: "-Infinity", value: -.infinity),
        Row(text: "INFINITY", value: .infinity),
        Row(text: "nan", value: .nan),
        Row(text: "NaN", value: .nan),
        Row(text: "NAN", value: .nan),
    ]

    static let rejectedRows: [Row] = [
        "", "+", "-", ".", "+.", "e5", "1e", "1e+", "1e-", "1e_5", " 1", "1 ", "1.2.3", "1o", "0x", "0x1", "0xp1",
        "0x1p", "0x.p1", "1__0", "_1", "1_", "1_.5", "1._5", "1e5_", "--1", "+-1", "1e309", "-1e309", "1e99999",
        "1.7976931348623159e308", "0x1p1024", "0x1.fffffffffffff8p1023", "infin", "infinit", "infx", "infinityx",
        "in", "i", "-nan", "+nan", "nan1", "na", "n", "0b101", "0o17", "1,5", "١",
    ].map { Row(text: $0, value: nil) }

    @Test("Go accepts these and returns exactly this value", arguments: acceptedRows)
    func acceptedValues(_ row: Row) throws {
        let bytes = Array(row.text.utf8)
        let result = GoFloatParser.parse(bytes.span)
        let parsed = try #require(result)
        let expected = try #require(row.value)
        if expected.isNaN {
            #expect(parsed.isNaN)
        } else {
            #expect(parsed.bitPattern == expected.bitPattern)
        }
    }

    @Test("Go rejects these", arguments: rejectedRows)
    func rejectedValues(_ row: Row) {
        let bytes = Array(row.text.utf8)
        let result = GoFloatParser.parse(bytes.span)
        #expect(result == nil)
    }

    @Test("random decimal texts parse exactly like Double(String)")
    func decimalTextsMatchTheStandardLibrary() {
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<20_000 {
            let text = Self.randomDecimal(using: &generator)
            let bytes = Array(text.utf8)
            let parsed = GoFloatParser.parse(bytes.span)
            let reference = Double(text).flatMap { $0.isFinite ? $0 : nil }
            #expect(parsed?.bitPattern == reference?.bitPattern, "\(text)")
        }
    }

    @Test("random 16 to 19 digit mantissas, the Eisel-Lemire range, parse exactly like Double(String)")
    func longMantissasMatchTheStandardLibrary() {
        var generator = SplitMix64(seed: 0x1E3)
        for _ in 0..<20_000 {
            let digits = 16 + Int(generator.next() % 4)
            var mantissa = String(1 + generator.next() % 9)
            for _ in 1..<digits {
                mantissa += String(generator.next() % 10)
            }
            let exponent = Int(generator.next() % 640) - 330
            let text = generator.next() % 2 == 0 ? "\(mantissa)e\(exponent)" : "0.\(mantissa)e\(exponent)"
            let bytes = Array(text.utf8)
            let parsed = GoFloatParser.parse(bytes.span)
            let reference = Double(text).flatMap { $0.isFinite ? $0 : nil }
            #expect(parsed?.bitPattern == reference?.bitPattern, "\(text)")
        }
    }

    @Test("Eisel-Lemire is exact whenever it answers, and answers almost always")
    func eiselLemireIsExact() {
        var generator = SplitMix64(seed: 99)
        var answered = 0
        for _ in 0..<20_000 {
            let mantissa = generator.next() >> (generator.next() % 64)
            let exponent = Int(generator.next() % 600) - 300
            guard let value = GoFloatParser.eiselLemire(mantissa, exponent, isNegative: false) else { continue }
            answered += 1
            #expect(value.bitPattern == Double("\(mantissa)e\(exponent)")?.bitPattern, "\(mantissa)e\(exponent)")
        }
        #expect(answered > 19_000)
    }

    @Test("the power-of-ten table holds the exact leading 128 bits")
    func powerOfTenTable() {
        let table = GoFloatParser.powerOfTenMantissas
        #expect(table.count == 2 * 696)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for word in table {
            hash = (hash ^ word) &* 0x0000_0100_0000_01b3
        }
        #expect(hash == 0xa979_888c_7fec_fd2c)
        let spots: [(Int, UInt64, UInt64)] = [
            (-348, 0xfa8f_d5a0_081c_0288, 0x1732_c869_cd60_e453),
            (-1, 0xcccc_cccc_cccc_cccc, 0xcccc_cccc_cccc_cccc),
            (0, 0x8000_0000_0000_0000, 0),
            (1, 0xa000_0000_0000_0000, 0),
            (23, 0xa968_163f_0a57_b400, 0),
            (347, 0xd13e_b464_6944_7567, 0x4b71_95f2_d2d1_a9fb),
        ]
        for (exponent, high, low) in spots {
            #expect(table[2 * (exponent + 348)] == high, "10^\(exponent)")
            #expect(table[2 * (exponent + 348) + 1] == low, "10^\(exponent)")
        }
    }

    /// A random decimal in any of the forms Go and Swift both accept.
    static func randomDecimal(using generator: inout SplitMix64) -> String {
        var text = ""
        switch generator.next() % 3 {
        case 0: text += "-"
        case 1: text += "+"
        default: break
        }
        let integerDigits = Int(generator.next() % 22)
        let fractionDigits = Int(generator.next() % 22)
        for _ in 0..<integerDigits {
            text += String(generator.next() % 10)
        }
        if fractionDigits > 0 || integerDigits == 0 {
            text += "."
            for _ in 0..<max(fractionDigits, 1) {
                text += String(generator.next() % 10)
            }
        }
        if generator.next() % 2 == 0 {
            text += generator.next() % 2 == 0 ? "e" : "E"
            let exponent = Int(generator.next() % 700) - 350
            text += exponent >= 0 && generator.next() % 2 == 0 ? "+\(exponent)" : "\(exponent)"
        }
        return text
    }
}
