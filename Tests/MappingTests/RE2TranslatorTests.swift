import ConfigSupport
import Mapping
import StatsDProtocol
import Testing

/// RE2 patterns (Go `regexp`, Go 1.25 and later) as regex rules: one row per construct of RE2's syntax, accepted
/// with the match Go finds or refused with Go's message.
struct RE2TranslatorTests {
    /// A pattern Go accepts, a name, and the groups of Go's first match in it (`nil`: no match).
    struct Accepted: Sendable, CustomTestStringConvertible {
        let construct: String
        let pattern: String
        let name: String
        let groups: [String]?

        init(_ construct: String, _ pattern: String, _ name: String, _ groups: [String]?) {
            self.construct = construct
            self.pattern = pattern
            self.name = name
            self.groups = groups
        }

        var testDescription: String { "\(self.construct): \(self.pattern)" }
    }

    /// A pattern Go refuses and Go's message (without `error parsing regexp: `).
    struct Refused: Sendable, CustomTestStringConvertible {
        let construct: String
        let pattern: String
        let message: String

        init(_ construct: String, _ pattern: String, _ message: String) {
            self.construct = construct
            self.pattern = pattern
            self.message = message
        }

        var testDescription: String { "\(self.construct): \(self.pattern)" }
    }

    static let accepted: [Accepted] = [
        // Literals and the search.
        Accepted("literal, unanchored search", "bc", "abcd", ["bc"]),
        Accepted("no match", "xyz", "abc", nil),
        Accepted("non-ASCII literal", "é+", "aéé", ["éé"]),
        Accepted("code points, not canonical equivalence", "\u{C5}", "A\u{30A}", nil),
        Accepted("composition-excluded literal", #"\x{212A}"#, "K\u{212A}", ["\u{212A}"]),
        Accepted(
            "composition-excluded range bound",
            #"[\x{2126}-\x{212B}]+"#,
            "a\u{2126}\u{212A}",
            ["\u{2126}\u{212A}"]
        ),
        Accepted(
            "escaped punctuation",
            #"\.\-\_\{\}\[\]\(\)\*\+\?\|\^\$\\\/\ "#,
            #"x.-_{}[]()*+?|^$\/ "#,
            [#".-_{}[]()*+?|^$\/ "#]
        ),
        Accepted("escaped #", "a\\#", "a#", ["a#"]),
        Accepted("octal escapes", #"\101\102\0"#, "AB\u{0}", ["AB\u{0}"]),
        Accepted("hex escapes", #"\x41\x{42}\x{1F600}"#, "AB😀", ["AB😀"]),
        Accepted("largest code point", #"\x{10FFFF}"#, "\u{10FFFF}", ["\u{10FFFF}"]),
        Accepted("surrogate escape never matches", #"a|\x{D800}"#, "a", ["a"]),
        Accepted("C escapes", #"\t\a\f\v"#, "\t\u{07}\u{0C}\u{0B}", ["\t\u{07}\u{0C}\u{0B}"]),
        Accepted("\\Q...\\E", #"\Qa.b*\E"#, "xa.b*", ["a.b*"]),
        Accepted("\\Q...\\E repetition takes the last character", #"\Qab\E+"#, "abbb", ["abbb"]),
        Accepted("\\Q without \\E", #"x\Q(a"#, "x(a", ["x(a"]),
        Accepted("empty \\Q\\E is nothing", #"a\Q\E*"#, "aaa", ["aaa"]),
        // Any character.
        Accepted(". stops only at \\n", "a.b", "a\rb", ["a\rb"]),
        Accepted(". matches U+2028", "a.b", "a\u{2028}b", ["a\u{2028}b"]),
        Accepted(". does not match \\n", "a.b", "a\nb", nil),
        Accepted("(?s) . matches \\n", "(?s)a.b", "a\nb", ["a\nb"]),
        // Anchors and boundaries.
        Accepted("^", "^a", "ba", nil),
        Accepted("$ is the end of text", "a$", "a\n", nil),
        Accepted("$", "b$", "ab", ["b"]),
        Accepted("(?m)$ before \\n", "(?m)a$", "a\nb", ["a"]),
        Accepted("(?m)$ not before \\r", "(?m)a$", "a\rb", nil),
        Accepted("(?m)^ not after \\r", "(?m)^b", "a\rb", nil),
        Accepted("\\A and \\z", #"\Aab\z"#, "ab", ["ab"]),
        Accepted("\\A", #"\Ab"#, "ab", nil),
        Accepted("\\b", #"\bfoo\b"#, "a.foo.b", ["foo"]),
        Accepted("\\b is ASCII", #"\bfoo"#, "éfoo", ["foo"]),
        Accepted("\\B", #"a\B"#, "a.ab", ["a"]),
        Accepted("repeated assertion", "^*a", "ba", ["a"]),
        // Perl classes.
        Accepted("\\d is ASCII", #"\d+"#, "a٣12", ["12"]),
        Accepted("\\D", #"\D+"#, "12ab3", ["ab"]),
        Accepted("\\s", #"\s+"#, "a \t\n\u{0C}\rb", [" \t\n\u{0C}\r"]),
        Accepted("\\s has no \\v", #"\s"#, "\u{0B}", nil),
        Accepted("\\S", #"\S+"#, " ab ", ["ab"]),
        Accepted("\\w is ASCII", #"\w+"#, "héllo", ["h"]),
        Accepted("\\W", #"\W+"#, "ab.é-c", [".é-"]),
        Accepted("Perl class in a class", #"[\d.]+"#, "a1.2b", ["1.2"]),
        Accepted("negated Perl class in a class", #"[^\D]+"#, "ab12", ["12"]),
        // POSIX classes.
        Accepted("[[:alpha:]]", "[[:alpha:]]+", "ab1", ["ab"]),
        Accepted("[[:^digit:]]", "[[:^digit:]]+", "12ab3", ["ab"]),
        Accepted("[[:space:]] has \\v", "[[:space:]]", "\u{0B}", ["\u{0B}"]),
        Accepted("[[:word:]]", "[[:word:]]+", "a_1-", ["a_1"]),
        Accepted("[[:punct:]]", "[[:punct:]]+", "a.-!b", [".-!"]),
        Accepted("[[:xdigit:]]", "[[:xdigit:]]+", "xfA9g", ["fA9"]),
        Accepted("[[:upper:]] is ASCII", "[[:upper:]]+", "ÉAB", ["AB"]),
        Accepted("[:alpha:] outside brackets is a class", "[:alpha:]+", "x:ah", [":ah"]),
        Accepted("[[:x] without :] is literal", "[[:x]]", "x]", ["x]"]),
        // Unicode classes.
        Accepted("\\pL", #"\pL+"#, "é1", ["é"]),
        Accepted("\\PL", #"\PL+"#, "é12", ["12"]),
        Accepted("\\p{^L}", #"\p{^L}+"#, "é12", ["12"]),
        Accepted("\\P{^L}", #"\P{^L}+"#, "é12", ["é"]),
        Accepted("\\p{Lu}", #"\p{Lu}+"#, "aÉBc", ["ÉB"]),
        Accepted("\\p{Greek}", #"\p{Greek}+"#, "aαβ", ["αβ"]),
        Accepted("\\p{Greek} is the Script property", #"\p{Greek}"#, "\u{342}", nil),
        Accepted("\\p{Old_Italic}", #"\p{Old_Italic}"#, "\u{10300}", ["\u{10300}"]),
        Accepted("\\p{Han}", #"\p{Han}+"#, "a漢字", ["漢字"]),
        Accepted("category alias", #"\p{Uppercase_Letter}"#, "aB", ["B"]),
        Accepted("loose name", #"\p{upper case-let ter}"#, "aB", ["B"]),
        Accepted("lower-case name", #"\p{greek}"#, "α", ["α"]),
        Accepted("\\p{Any}", #"\p{Any}+"#, "a\n", ["a\n"]),
        Accepted("\\p{ASCII}", #"\p{ascii}+"#, "abé", ["ab"]),
        Accepted("\\p{Assigned}", #"\p{Assigned}"#, "\u{378}a", ["a"]),
        Accepted("\\p{Cn}", #"\p{Cn}"#, "a\u{378}", ["\u{378}"]),
        Accepted("\\p{C} has no unassigned code points", #"\p{C}"#, "\u{378}\u{7F}", ["\u{7F}"]),
        Accepted("\\p{LC}", #"\p{LC}+"#, "1aB", ["aB"]),
        Accepted("\\pN in a class", #"[\pN\p{Greek}]+"#, "a1α٣", ["1α٣"]),
        // Classes.
        Accepted("class", "[a-c]+", "dabce", ["abc"]),
        Accepted("negated class", "[^a-c]+", "abxyc", ["xy"]),
        Accepted("negated class matches \\n", "[^a]", "\n", ["\n"]),
        Accepted("] first is a member", "[]a]+", "b]a", ["]a"]),
        Accepted("] first after ^", "[^]a]+", "]ab", ["b"]),
        Accepted("- at either end", "[-a]+[a-]+", "-aa-", ["-aa-"]),
        Accepted("- after a range", "[a-c-e]+", "-eb", ["-eb"]),
        Accepted("- after a Perl class", #"[\d-z]+"#, "a1-z", ["1-z"]),
        Accepted("&& is literal", "[a&&b]+", "&&ab", ["&&ab"]),
        Accepted("~~ is literal", "[a~~]+", "~a~", ["~a~"]),
        Accepted("[ is a literal", "[[a]+", "[a", ["[a"]),
        Accepted("escapes in a class", #"[\x41-\x{43}\n]+"#, "ABC\n", ["ABC\n"]),
        Accepted("octal range", #"[\060-\071]+"#, "a09", ["09"]),
        // Repetition.
        Accepted("*", "ab*", "abbb", ["abbb"]),
        Accepted("+", "ab+", "a", nil),
        Accepted("?", "ab?c", "ac", ["ac"]),
        Accepted("{n}", "a{2}", "aaa", ["aa"]),
        Accepted("{n,}", "a{2,}", "aaaa", ["aaaa"]),
        Accepted("{n,m}", "a{1,2}", "aaa", ["aa"]),
        Accepted("{0}", "ba{0}", "ba", ["b"]),
        Accepted("lazy *?", "a.*?b", "axbyb", ["axb"]),
        Accepted("lazy +?", "a+?", "aaa", ["a"]),
        Accepted("lazy ??", "ab??", "ab", ["a"]),
        Accepted("lazy {n,m}?", "a{2,3}?", "aaa", ["aa"]),
        Accepted("(?U) makes repetitions lazy", "(?U)a+", "aaa", ["a"]),
        Accepted("(?U) with ? makes them greedy", "(?U)a+?", "aaa", ["aaa"]),
        Accepted("{1000}", "a{1000}", "a", nil),
        Accepted("nested counts at the limit", "(?:[a-z]{4}){0,250}", "abcd", ["abcd"]),
        Accepted("{,n} is literal", "a{,2}", "xa{,2}", ["a{,2}"]),
        Accepted("{01} is literal", "a{01}", "a{01}", ["a{01}"]),
        Accepted("unclosed { is literal", "x{2", "x{2", ["x{2"]),
        Accepted("{ alone is literal", "x{", "x{", ["x{"]),
        Accepted("repetition after a flag group", "xa(?i)*y", "xaaay", ["xaaay"]),
        Accepted("repetition of a repetition across a flag group", "a*(?i)*b", "aab", ["aab"]),
        // Groups.
        Accepted("capture groups", "(a)|(b)", "b", ["b", "", "b"]),
        Accepted("named groups", #"(?P<host>[a-z]+)\.(?<n>\d+)"#, "x.abc.123", ["abc.123", "abc", "123"]),
        Accepted("non-capturing group", "(?:ab)+", "ababa", ["abab"]),
        Accepted("empty group", "a()b", "ab", ["ab", ""]),
        Accepted("empty alternatives", "a||b", "b", [""]),
        Accepted("empty alternative in a group", "x(|a)", "xa", ["x", ""]),
        Accepted("leftmost-first alternation", "a|ab", "ab", ["a"]),
        Accepted("leftmost-first groups", "(a|ab)(c|bcd)(d*)", "abcd", ["abcd", "a", "bcd", ""]),
        Accepted("group name with a digit first", "(?P<1a>x)", "x", ["x", "x"]),
        // Flags.
        Accepted("(?i)", "(?i)abc", "xABC", ["ABC"]),
        Accepted("(?i) k matches the Kelvin sign", "(?i)k", "\u{212A}", ["\u{212A}"]),
        Accepted("(?i) s matches long s", "(?i)s", "\u{17F}", ["\u{17F}"]),
        Accepted("(?i) sigma matches final sigma", "(?i)σ", "ς", ["ς"]),
        Accepted("(?i) ß matches capital sharp s", "(?i)ß", "ẞ", ["ẞ"]),
        Accepted("(?i) has no full folding", "(?i)ss", "ß", nil),
        Accepted("(?i) ohm sign", "(?i)ω", "\u{2126}", ["\u{2126}"]),
        Accepted("(?i) class", "(?i)[a-z]+", "ſKA1", ["ſKA"]),
        Accepted("(?i) negated class", "(?i)[^a]", "Ab", ["b"]),
        Accepted("(?i) \\W", #"(?i)\W"#, "ſ.", ["."]),
        Accepted("(?i) POSIX class", "(?i)[[:lower:]]+", "AbK1", ["AbK"]),
        Accepted("(?i) \\p{Lu}", #"(?i)\p{Lu}+"#, "1aB", ["aB"]),
        Accepted("(?i) \\P{Lu}", #"(?i)\P{Lu}+"#, "aB1.", ["1."]),
        Accepted("(?i) \\Q...\\E", #"(?i)\Qa.\E"#, "A.", ["A."]),
        Accepted("(?i:re)", "(?i:a)b", "AB", nil),
        Accepted("(?i) up to (?-i)", "(?i)a(?-i)b", "AB", nil),
        Accepted("(?i) to the end of the group", "(a(?i)b)c", "aBc", ["aBc", "aB"]),
        Accepted("(?i) carries into later alternatives", "a(?i)b|c", "C", ["C"]),
        Accepted("flags end with their group", "(?:(?i)a)a", "AA", nil),
        Accepted("(?) sets nothing", "(?)a", "a", ["a"]),
        Accepted("(?sm-iU:)", "(?sm-iU:a.b)", "a\nb", ["a\nb"]),
        Accepted("(?-s)", "(?s)(?-s)a.b", "a\nb", nil),
    ]

    static let refused: [Refused] = [
        Refused("\\C", #"\C"#, #"invalid escape sequence: `\C`"#),
        Refused("\\C in a class", #"[\C]"#, #"invalid escape sequence: `\C`"#),
        Refused("backreference", #"(a)\1"#, #"invalid escape sequence: `\1`"#),
        Refused("\\8", #"\8"#, #"invalid escape sequence: `\8`"#),
        Refused("\\Z", #"a\Z"#, #"invalid escape sequence: `\Z`"#),
        Refused("\\G", #"\Ga"#, #"invalid escape sequence: `\G`"#),
        Refused("\\K", #"a\Kb"#, #"invalid escape sequence: `\K`"#),
        Refused("\\e", #"\e"#, #"invalid escape sequence: `\e`"#),
        Refused("\\R", #"\R"#, #"invalid escape sequence: `\R`"#),
        Refused("\\X", #"\X"#, #"invalid escape sequence: `\X`"#),
        Refused("\\h", #"\h"#, #"invalid escape sequence: `\h`"#),
        Refused("\\N", #"\N{DIGIT ONE}"#, #"invalid escape sequence: `\N`"#),
        Refused("\\cA", #"\cA"#, #"invalid escape sequence: `\c`"#),
        Refused("\\o{}", #"\o{101}"#, #"invalid escape sequence: `\o`"#),
        Refused("\\u", #"\u0041"#, #"invalid escape sequence: `\u`"#),
        Refused("escaped non-ASCII", #"\é"#, #"invalid escape sequence: `\é`"#),
        Refused("\\b in a class", #"[\b]"#, #"invalid escape sequence: `\b`"#),
        Refused("\\Q in a class", #"[\Q]"#, #"invalid escape sequence: `\Q`"#),
        Refused("\\x{}", #"\x{}"#, #"invalid escape sequence: `\x{}`"#),
        Refused("\\x{g}", #"\x{g}"#, #"invalid escape sequence: `\x{g`"#),
        Refused("\\x{110000}", #"\x{110000}"#, #"invalid escape sequence: `\x{110000`"#),
        Refused("unclosed \\x{", #"\x{41"#, #"invalid escape sequence: `\x{41`"#),
        Refused("\\xg1", #"\xg1"#, #"invalid escape sequence: `\xg1`"#),
        Refused("short \\x", #"\x1"#, #"invalid escape sequence: `\x1`"#),
        Refused("bare \\x", #"\x"#, #"invalid escape sequence: `\x`"#),
        Refused("trailing backslash", #"a\"#, "trailing backslash at end of expression: ``"),
        Refused("lookahead", "(?=a)", "invalid or unsupported Perl syntax: `(?=`"),
        Refused("negative lookahead", "(?!a)", "invalid or unsupported Perl syntax: `(?!`"),
        Refused("lookbehind", "(?<=a)b", "invalid named capture: `(?<=a)b`"),
        Refused("negative lookbehind", "(?<!a)b", "invalid named capture: `(?<!a)b`"),
        Refused("lookbehind with >", "(?<=a>)b", "invalid named capture: `(?<=a>`"),
        Refused("atomic group", "(?>a)", "invalid or unsupported Perl syntax: `(?>`"),
        Refused("comment", "(?#c)a", "invalid or unsupported Perl syntax: `(?#`"),
        Refused("branch reset", "(?|a)", "invalid or unsupported Perl syntax: `(?|`"),
        Refused("quoted name", "(?'n'a)", "invalid or unsupported Perl syntax: `(?'`"),
        Refused("named backreference", "(?P<n>a)(?P=n)", "invalid or unsupported Perl syntax: `(?P`"),
        Refused("named call", "(?P>n)", "invalid or unsupported Perl syntax: `(?P`"),
        Refused("recursion", "(?R)", "invalid or unsupported Perl syntax: `(?R`"),
        Refused("subroutine call", "(a)(?1)", "invalid or unsupported Perl syntax: `(?1`"),
        Refused("conditional", "(?(1)a|b)", "invalid or unsupported Perl syntax: `(?(`"),
        Refused("flag x", "(?x)a", "invalid or unsupported Perl syntax: `(?x`"),
        Refused("flag after -", "(?i-)a", "invalid or unsupported Perl syntax: `(?i-)`"),
        Refused("two -", "(?-i-s)a", "invalid or unsupported Perl syntax: `(?-i-`"),
        Refused("unclosed (?", "(?", "invalid or unsupported Perl syntax: `(?`"),
        Refused("unclosed flags", "(?i", "invalid or unsupported Perl syntax: `(?i`"),
        Refused("unclosed (?<", "(?<", "invalid or unsupported Perl syntax: `(?<`"),
        Refused("unclosed (?P<", "(?P<", "invalid or unsupported Perl syntax: `(?P`"),
        Refused("unclosed name", "(?P<name", "invalid named capture: `(?P<name`"),
        Refused("empty name", "(?P<>a)", "invalid named capture: `(?P<>`"),
        Refused("empty short name", "(?<>a)", "invalid named capture: `(?<>`"),
        Refused("name with -", "(?P<a-b>x)", "invalid named capture: `(?P<a-b>`"),
        Refused("non-ASCII name", "(?<é>x)", "invalid named capture: `(?<é>`"),
        Refused("possessive *+", "a*+", "invalid nested repetition operator: `*+`"),
        Refused("possessive ++", "a++", "invalid nested repetition operator: `++`"),
        Refused("possessive ?+", "a?+", "invalid nested repetition operator: `?+`"),
        Refused("possessive {n}+", "a{2}+", "invalid nested repetition operator: `{2}+`"),
        Refused("lazy then +", "a*?+", "invalid nested repetition operator: `*?+`"),
        Refused("**", "a**", "invalid nested repetition operator: `**`"),
        Refused("*??", "a*??", "invalid nested repetition operator: `*??`"),
        Refused("{n}{m}", "a{2}{3}", "invalid nested repetition operator: `{2}{3}`"),
        Refused("repetition first", "*a", "missing argument to repetition operator: `*`"),
        Refused("lazy repetition first", "+?a", "missing argument to repetition operator: `+?`"),
        Refused("repetition after (", "(*a)", "missing argument to repetition operator: `*`"),
        Refused("repetition after |", "a|*", "missing argument to repetition operator: `*`"),
        Refused("repetition after a leading flag group", "(?i)*", "missing argument to repetition operator: `*`"),
        Refused("repetition after an empty \\Q\\E", #"\Q\E*"#, "missing argument to repetition operator: `*`"),
        Refused("count over 1000", "a{1001}", "invalid repeat count: `{1001}`"),
        Refused("maximum over 1000", "a{1000,1001}", "invalid repeat count: `{1000,1001}`"),
        Refused("minimum over maximum", "a{2,1}", "invalid repeat count: `{2,1}`"),
        Refused("huge count", "a{100000,}", "invalid repeat count: `{100000,}`"),
        Refused("unreadable count", "x{1,9876543210}", "invalid repeat count: `{1,9876543210}`"),
        Refused("nested counts over 1000", "(?:[a-z]{4}){0,251}", "invalid repeat count: `{0,251}`"),
        Refused("nested counts, lazy", "(a{500}){3}?", "invalid repeat count: `{3}?`"),
        Refused(
            "deeply nested counts",
            "((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}){2})",
            "invalid repeat count: `{2}`"
        ),
        Refused("unexpected )", "a)", "unexpected ): `a)`"),
        Refused("missing )", "(a|b", "missing closing ): `(a|b`"),
        Refused("missing ]", "[a", "missing closing ]: `[a`"),
        Refused("empty class", "[]", "missing closing ]: `[]`"),
        Refused("unclosed range", "x[a-", "missing closing ]: `[a-`"),
        Refused("reversed range", "[z-a]", "invalid character class range: `z-a`"),
        Refused("-- is a range", "[a&&b--]", "invalid character class range: `b--`"),
        Refused("Perl class ending a range", #"[a-\d]"#, #"invalid escape sequence: `\d`"#),
        Refused("unknown POSIX class", "[[:foo:]]", "invalid character class range: `[:foo:]`"),
        Refused("POSIX class up to a later :]", "[[:alpha]x:]]", "invalid character class range: `[:alpha]x:]`"),
        Refused("unknown \\p name", #"\p{Foo}"#, #"invalid character class range: `\p{Foo}`"#),
        Refused("unknown \\pX", #"\pX"#, #"invalid character class range: `\pX`"#),
        Refused("binary property", #"\p{Alphabetic}"#, #"invalid character class range: `\p{Alphabetic}`"#),
        Refused("property=value", #"\p{Script=Greek}"#, #"invalid character class range: `\p{Script=Greek}`"#),
        Refused("block name", #"\p{InGreek}"#, #"invalid character class range: `\p{InGreek}`"#),
        Refused("script code", #"\p{Grek}"#, #"invalid character class range: `\p{Grek}`"#),
        Refused("\\p at the end", #"a\p"#, #"invalid character class range: `\p`"#),
        Refused("unclosed \\p{", #"\p{Greek"#, #"invalid character class range: `\p{Greek`"#),
        Refused("empty \\p{}", #"\p{}"#, #"invalid character class range: `\p{}`"#),
        Refused("\\p{^}", #"\p{^}"#, #"invalid character class range: `\p{^}`"#),
        Refused("unknown \\p in a class", #"[\p{Foo}]"#, #"invalid character class range: `\p{Foo}`"#),
        Refused(
            "expression too large",
            "(" + String(repeating: "(xx?)", count: 1000) + "){1000}",
            "expression too large: `(" + String(repeating: "(xx?)", count: 1000) + "){1000}`"
        ),
        Refused(
            "nesting too deep",
            String(repeating: "(", count: 1000) + String(repeating: ")", count: 1000),
            "expression nests too deeply: `" + String(repeating: "(", count: 1000)
                + String(repeating: ")", count: 1000) + "`"
        ),
    ]

    /// The groups of the first match of `pattern` in `name`, through a one-rule config.
    private func groups(_ pattern: String, _ name: String, count: Int) throws -> [String]? {
        let quoted = pattern.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''")
        var yaml = "mappings:\n- match: '\(quoted)'\n  match_type: regex\n  name: x\n  labels:\n    g0: \"$0\"\n"
        for group in stride(from: 1, through: count, by: 1) {
            yaml += "    g\(group): \"${\(group)}\"\n"
        }
        let config = try MappingConfig(yaml: yaml, fileName: "m.yml")
        return config.match(name, class: .counter)?.labels.map(\.value)
    }

    @Test(arguments: Self.accepted)
    func patternsGoAcceptsMatchAsInGo(_ row: Accepted) throws {
        let output = try RE2Translator.translate(row.pattern)
        let count = (row.groups?.count ?? output.groupNames.count) - 1
        #expect(try self.groups(row.pattern, row.name, count: count) == row.groups)
    }

    @Test(arguments: Self.refused)
    func patternsGoRefusesAreRefused(_ row: Refused) {
        #expect(throws: RE2Translator.Failure(description: row.message)) {
            try RE2Translator.translate(row.pattern)
        }
    }

    /// Spot checks that the Go 1.25 `\p` names all reach a Swift property.
    @Test func everyScriptNameCompiles() throws {
        for script in RE2Translator.scripts {
            let pattern = #"\p{"# + script + "}"
            let config = try MappingConfig(
                yaml: "mappings:\n- match: '\(pattern)'\n  match_type: regex\n  name: x\n",
                fileName: "m.yml"
            )
            #expect(config.match("a", class: .counter) == nil || script == "Latin", "\(script)")
        }
    }

    @Test func matchingIsUnanchored() throws {
        let yaml = "mappings:\n- match: b\n  match_type: regex\n  name: x\n"
        let config = try MappingConfig(yaml: yaml, fileName: "m.yml")
        #expect(config.match("abc", class: .counter)?.name == "x")
        #expect(config.match("xyz", class: .counter) == nil)
    }

    /// The daemon refuses the file with the position of the pattern and Go's words.
    @Test func refusedPatternsNameTheirPosition() {
        let yaml = "mappings:\n- match: \"\\\\C\"\n  match_type: regex\n  name: m\n"
        do {
            _ = try MappingConfig(yaml: yaml, fileName: "m.yml")
            Issue.record("expected the config to fail to load")
        } catch {
            #expect(
                error.description
                    == #"m.yml:2:10: mappings[0].match: invalid regex "\C": invalid escape sequence: `\C`"#
            )
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
        let output = try RE2Translator.translate(#"(a)(?P<host>b)(?:c)(?<port>d)(?P<host>e)"#)
        #expect(output.groupNames == [nil, nil, "host", "port", "host"])
    }
}
