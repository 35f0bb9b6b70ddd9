import Testing

@testable import StatsDProtocol

/// statsd_exporter's `escapeMetricName`.
struct NameEscapingTests {
    static let rows: [(String, String)] = [
        ("", ""),
        ("foo", "foo"),
        ("Aa_09", "Aa_09"),
        ("test.web-server.foo.bar", "test_web_server_foo_bar"),
        ("0abc", "_0abc"),
        ("9", "_9"),
        ("_9", "_9"),
        ("with--doubledash", "with_doubledash"),
        ("with---multiple-dashes", "with_multiple_dashes"),
        ("with.*.multiple", "with___multiple"),
        ("with😱emoji", "with_emoji"),
        ("withñaccent", "with_accent"),
        ("ключ", "____"),
        ("a..b", "a__b"),
        ("a-_-b", "a___b"),
        ("a-.-b", "a___b"),
        ("-", "_"),
        ("---", "_"),
        ("-a", "_a"),
        ("1-", "_1_"),
        ("a b\tc", "a_b_c"),
        (".", "_"),
        ("..", "__"),
        ("tag.with.dots", "tag_with_dots"),
        ("09digits", "_09digits"),
        ("a]b[c", "a_b_c"),
        ("\u{FFFD}", "_"),
        ("é-é", "___"),
    ]

    @Test("strings escape like statsd_exporter", arguments: rows)
    func stringsEscape(_ input: String, _ expected: String) {
        #expect(NameEscaping.escape(input) == expected)
    }

    @Test("bytes escape like strings and append to what is already there", arguments: rows)
    func bytesEscapeAndAppend(_ input: String, _ expected: String) {
        let bytes = Array(input.utf8)
        var out = Array("prefix:".utf8)
        NameEscaping.escape(bytes.span, into: &out)
        #expect(out == Array(("prefix:" + expected).utf8))
    }

    @Test("invalid UTF-8 becomes one underscore per bad byte")
    func invalidUTF8() {
        let rows: [([UInt8], String)] = [
            ([0xFF, 0x61], "_a"),
            ([0x61, 0xC3], "a_"),
            ([0xE2, 0x82], "__"),
            ([0xC3, 0xA9], "_"),
            ([0xED, 0xA0, 0x80], "___"),
            ([0xC0, 0x80], "__"),
            ([0x80, 0x80, 0x2D, 0x2D], "___"),
            ([0x31, 0xFF], "_1_"),
        ]
        for (bytes, expected) in rows {
            var out: [UInt8] = []
            NameEscaping.escape(bytes.span, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == expected, "\(bytes)")
        }
    }
}
