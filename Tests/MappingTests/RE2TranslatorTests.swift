import Mapping
import StatsDProtocol
import Testing

/// RE2 patterns (Go `regexp`) as regex rules: what compiles, what is refused, and what matches.
struct RE2TranslatorTests {
    /// The groups of the first match of `pattern` in `name`, through a one-rule config.
    private func labels(_ pattern: String, _ name: String, groups: Int) throws -> [String]? {
        var yaml = "mappings:\n- match: '\(pattern.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''"))'\n  match_type: regex\n"
        yaml += "  name: x\n  labels:\n    g0: \"$0\"\n"
        for group in stride(from: 1, through: groups, by: 1) {
            yaml += "    g\(group): \"${\(group)}\"\n"
        }
        let config = try MappingConfig(yaml: yaml, fileName: "m.yml")
        return config.match(name, class: .counter)?.labels.map(\.value)
    }

    @Test(arguments: [
        (#"test\.(\w+)\.(\w+)\.counter"#, "test.aws.requests.counter", ["test.aws.requests.counter", "aws", "requests"]),
        (#"(.*)\.(.*)-(.*)\.(.*)"#, "proxy-1.http-goober.success", ["proxy-1.http-goober.success", "proxy-1", "http", "goober"]),
        ("b+", "abbbc", ["bbb"]),
        ("^a$", "a", ["a"]),
        (#"(?P<host>[a-z]+)\.(?<n>\d+)"#, "x.abc.123", ["abc.123", "abc", "123"]),
        (#"\w+"#, "héllo", ["h"]),
        (#"[[:alpha:]]+"#, "ab1", ["ab"]),
        (#"[^.]+$"#, "a.b.céd", ["céd"]),
        (#"\pL+"#, "é1", ["é"]),
        (#"\p{^L}+"#, "é12", ["12"]),
        ("a{,2}", "xa{,2}", ["a{,2}"]),
        ("a{2}", "aaa", ["aa"]),
        ("x{", "x{", ["x{"]),
        (#"\Qa.b\E"#, "xa.b", ["a.b"]),
        ("[a&&b]+", "&&ab", ["&&ab"]),
        ("[a-c-e]+", "-eb", ["-eb"]),
        ("[]a]+", "]a", ["]a"]),
        (#"\x41\x{42}\101"#, "ABA", ["ABA"]),
        ("(?i)abc", "ABC", ["ABC"]),
        ("(?U)a+", "aaa", ["a"]),
        ("(?s:.)", "\n", nil),
        ("(a)|(b)", "b", ["b", "", "b"]),
        (#"\_\-"#, "_-", ["_-"]),
    ] as [(String, String, [String]?)])
    func patternsMatchLikeRE2(pattern: String, name: String, expected: [String]?) throws {
        let groups = (expected?.count ?? 1) - 1
        let result = try self.labels(pattern, name, groups: groups)
        if let expected {
            #expect(result == expected)
        }
    }

    @Test func matchingIsUnanchored() throws {
        let config = try MappingConfig(yaml: "mappings:\n- match: b\n  match_type: regex\n  name: x\n", fileName: "m.yml")
        #expect(config.match("abc", class: .counter)?.name == "x")
        #expect(config.match("xyz", class: .counter) == nil)
    }

    @Test(arguments: [
        (#"(a)\1"#, #"invalid escape sequence: `\1`"#),
        ("(?=a)", "invalid or unsupported Perl syntax: `(?=`"),
        ("(?!a)", "invalid or unsupported Perl syntax: `(?!`"),
        ("(?<=a)b", "invalid or unsupported Perl syntax: `(?<=`"),
        ("(?>a)", "invalid or unsupported Perl syntax: `(?>`"),
        ("(?#c)a", "invalid or unsupported Perl syntax: `(?#`"),
        ("(?x)a", "invalid or unsupported Perl syntax: `(?x`"),
        ("a*+", "invalid nested repetition operator: `*+`"),
        ("a**", "invalid nested repetition operator: `**`"),
        ("a{2}{3}", "invalid nested repetition operator: `{2}{3}`"),
        ("*a", "missing argument to repetition operator: `*`"),
        ("a{1001}", "invalid repeat count: `{1001}`"),
        (#"\e"#, #"invalid escape sequence: `\e`"#),
        (#"\Z"#, #"invalid escape sequence: `\Z`"#),
        ("a)", "unexpected ): `a)`"),
        ("(a", "missing closing ): `(a`"),
        ("[a", "missing closing ]: `[a`"),
        ("[z-a]", "invalid character class range: `z-a`"),
        ("[[:foo:]]", "invalid character class range: `[:foo:]`"),
        ("(?P<a-b>x)", "invalid named capture: `(?P<a-b>`"),
        (#"a\"#, "trailing backslash at end of expression: ``"),
        (#"\C"#, #"invalid escape sequence: `\C`"#),
    ])
    func patternsGoRefusesAreRefused(pattern: String, message: String) {
        #expect(throws: RE2Translator.Failure(description: message)) {
            try RE2Translator.translate(pattern)
        }
    }

    /// Go accepts a name on several groups; `${name}` is the first of them that took part in the match.
    @Test(arguments: [
        ("(?P<a>x)(?P<a>y)", "xy", "x"),
        ("(?P<a>x)|(?P<a>y)", "y", "y"),
        ("(?P<a>x?)(?P<a>y)", "y", ""),
    ])
    func duplicateGroupNamesExpandToTheFirstParticipatingGroup(pattern: String, name: String, expected: String) throws {
        let yaml = "mappings:\n- match: '\(pattern)'\n  match_type: regex\n  name: m\n  labels:\n    a: \"${a}\"\n"
        let config = try MappingConfig(yaml: yaml, fileName: "m.yml")
        let result = config.match(name, class: .counter)
        #expect(result?.name == "m")
        #expect(result?.labels.first?.value == expected)
    }

    @Test func groupNamesAreTracked() throws {
        let output = try RE2Translator.translate(#"(a)(?P<host>b)(?:c)(?<port>d)"#)
        #expect(output.groupNames == [nil, nil, "host", "port"])
    }
}
