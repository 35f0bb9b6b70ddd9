import Mapping
import Testing

/// Glob templates (statsd_exporter's `fsm` formatter) and regex templates (Go's `Regexp.Expand`).
struct TemplateTests {
    /// Expands with capture *i* = `c<i+1>` for glob templates, so `$0` (``Template/wholeName``, -1) reads `c0`.
    private func expandGlob(_ text: String, captureCount: Int) -> String {
        Template.glob(text, captureCount: captureCount).template.expand { Substring("c\($0 + 1)") }
    }

    @Test(arguments: [
        ("$1", "c1"),
        ("${1}_total", "c1_total"),
        ("${1}_$2", "c1_c2"),
        ("$1-$2-$3", "c1-c2-"),
        ("prefix_${2}", "prefix_c2"),
        ("static", "static"),
        ("", ""),
        ("$1_total", ""),
        ("$1$2", ""),
        ("${host}", ""),
        ("$0", "c0"),
        ("${0}_$1", "c0_c1"),
        ("${1", "c1"),
        ("$1}", "c1"),
        ("$$1", ""),
        ("$", "$"),
        ("a$-b", "a$-b"),
        ("$1-$1x", "c1-%!s(MISSING)x"),
    ])
    func globTemplates(template: String, expected: String) {
        #expect(self.expandGlob(template, captureCount: 2) == expected)
    }

    @Test func globReplacementIsTextualAsInGo() {
        // "$1" is replaced everywhere first, which also turns "$10" into "<c1>0"; then "$10" takes the second slot.
        #expect(self.expandGlob("$1-$10", captureCount: 10) == "c1-c100")
        #expect(self.expandGlob("$10-$1", captureCount: 10) == "c10-c1")
    }

    @Test func globProblemsExplainWhatWasMeant() {
        #expect(
            Template.glob("$1_total", captureCount: 1).problems.map(\.message) == [
                #"$1_total is read as a reference to a capture named "1_total", which does not exist, so it expands to "#
                    + #"nothing (as in statsd_exporter); write ${1}_total"#
            ]
        )
        #expect(
            Template.glob("${3}", captureCount: 2).problems.map(\.message) == [
                #"${3} expands to nothing: the glob has 2 "*" components, and references count from $1 ($0 is the "#
                    + #"whole name)"#
            ]
        )
        #expect(Template.glob("$0", captureCount: 1).problems.isEmpty)
        #expect(
            Template.glob("${host}", captureCount: 1).problems.map(\.message) == [
                #"${host} expands to nothing: glob rules only have numbered captures ($1, ${1}, ...)"#
            ]
        )
        #expect(Template.glob("100%_$1", captureCount: 1).problems.map(\.reference) == ["%"])
        #expect(Template.glob("100%", captureCount: 1).problems.isEmpty)
        #expect(Template.glob("${1}_total", captureCount: 1).problems.isEmpty)
    }

    @Test func aTemplateWithoutReferencesIsConstant() {
        #expect(Template.glob("static_name", captureCount: 3).template.constant == "static_name")
        #expect(Template.glob("$1_x", captureCount: 3).template.constant == "")
        #expect(Template.glob("$1", captureCount: 3).template.constant == nil)
    }

    /// Expands a regex template against `text` matched by groups: 0 = whole, 1 = "aws", 2 = "requests",
    /// 3 (named "host") = "h1", 4 did not participate.
    private func expandRegex(_ text: String) -> String {
        let names: [String?] = [nil, nil, nil, "host", "x"]
        let values: [Substring?] = ["test.aws.requests", "aws", "requests", "h1", nil]
        return Template.regex(text, groupNames: names).template.expand { values[$0] }
    }

    @Test(arguments: [
        ("$0", "test.aws.requests"),
        ("${2}_total", "requests_total"),
        ("$2_total", ""),
        ("${2}_$1", "requests_aws"),
        ("$host", "h1"),
        ("${host}-x", "h1-x"),
        ("$hostname", ""),
        ("$x", ""),
        ("$5", ""),
        ("$$1", "$1"),
        ("a$", "a$"),
        ("$-1", "$-1"),
        ("${1", "${1"),
        ("$01", ""),
        ("static", "static"),
    ])
    func regexTemplates(template: String, expected: String) {
        #expect(self.expandRegex(template) == expected)
    }

    @Test func regexProblemsExplainWhatWasMeant() {
        let names: [String?] = [nil, nil, "host"]
        #expect(
            Template.regex("$1_total", groupNames: names).problems.map(\.message) == [
                #"$1_total is read as a reference to a group named "1_total", which does not exist, so it expands to "#
                    + #"nothing (as in statsd_exporter); write ${1}_total"#
            ]
        )
        #expect(
            Template.regex("$3", groupNames: names).problems.map(\.message) == [
                "$3 expands to nothing: the regex has 2 capture groups"
            ]
        )
        #expect(
            Template.regex("${nope}", groupNames: names).problems.map(\.message) == [
                #"${nope} expands to nothing: the regex has no group named "nope""#
            ]
        )
        #expect(Template.regex("$host $2 $0 $$", groupNames: names).problems.isEmpty)
    }
}
