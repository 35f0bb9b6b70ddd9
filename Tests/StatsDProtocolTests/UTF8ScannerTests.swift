import TestSupport
import Testing

@testable import StatsDProtocol

/// UTF-8 validation with Go's rules.
struct UTF8ScannerTests {
    static let rows: [([UInt8], Bool)] = [
        ([], true),
        (Array("plain ascii".utf8), true),
        (Array("ñ😱€".utf8), true),
        ([0xC3, 0x28], false),
        ([0xC3], false),
        ([0x80], false),
        ([0xC0, 0x80], false),
        ([0xC1, 0xBF], false),
        ([0xE0, 0x80, 0x80], false),
        ([0xE0, 0xA0, 0x80], true),
        ([0xED, 0x9F, 0xBF], true),
        ([0xED, 0xA0, 0x80], false),
        ([0xEF, 0xBF, 0xBF], true),
        ([0xF0, 0x8F, 0xBF, 0xBF], false),
        ([0xF0, 0x90, 0x80, 0x80], true),
        ([0xF4, 0x8F, 0xBF, 0xBF], true),
        ([0xF4, 0x90, 0x80, 0x80], false),
        ([0xF5, 0x80, 0x80, 0x80], false),
        ([0xFF], false),
        ([0xE2, 0x82], false),
        ([0xE2, 0x82, 0x41], false),
    ]

    @Test("valid and invalid sequences", arguments: rows)
    func validity(_ bytes: [UInt8], _ isValid: Bool) {
        let result = UTF8Scanner.isValid(bytes.span)
        #expect(result == isValid)
    }

    @Test("random bytes validate like the standard library")
    func randomBytesMatchTheStandardLibrary() {
        var generator = SplitMix64(seed: 42)
        let alphabet: [UInt8] = [
            0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF,
            0xF0, 0xF4, 0xF5, 0xFF,
        ]
        for _ in 0..<50_000 {
            let count = Int(generator.next() % 6)
            let bytes = (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let result = UTF8Scanner.isValid(bytes.span)
            #expect(result == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }
}
