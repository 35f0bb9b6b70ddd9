import Mapping
import StatsDProtocol
import Testing

/// Glob matching through ``MappingConfig``: statsd_exporter's FSM semantics, including its quirks.
struct GlobMatcherTests {
    private func config(_ yaml: String) throws -> MappingConfig {
        try MappingConfig(yaml: yaml, fileName: "m.yml")
    }

    private func name(_ config: MappingConfig, _ metric: String, _ metricClass: MetricClass = .counter) -> String? {
        config.match(metric, class: metricClass)?.name
    }

    @Test func starMatchesExactlyOneComponentWhichMayBeEmpty() throws {
        let config = try self.config("mappings:\n- match: a.*.c\n  name: x\n  labels: {v: \"$1\"}\n")
        #expect(config.match("a..c", class: .counter)?.labels.first?.value == "")
        #expect(config.match("a.b.c", class: .counter)?.labels.first?.value == "b")
        #expect(self.name(config, "a.b.b.c") == nil)
        #expect(self.name(config, "a.c") == nil)
        #expect(self.name(config, "a.b.c.d") == nil)
        #expect(self.name(config, "xa.b.c") == nil)
    }

    @Test func starAloneMatchesAnySingleComponentName() throws {
        let config = try self.config("mappings:\n- match: \"*\"\n  name: x\n  labels: {v: \"$1\"}\n")
        #expect(config.match("", class: .counter)?.labels.first?.value == "")
        #expect(config.match("héllo wörld", class: .gauge)?.labels.first?.value == "héllo wörld")
        #expect(self.name(config, "a.b") == nil)
    }

    @Test func componentsCompareAsBytes() throws {
        let config = try self.config("mappings:\n- match: a.*\n  name: x\n  labels: {v: \"$1\"}\n")
        // "e\u{301}" and "\u{e9}" are canonically equivalent but are different bytes, as in Go.
        #expect(config.match("a.e\u{301}", class: .counter)?.labels.first?.value == "e\u{301}")
        let literal = try self.config("mappings:\n- match: a.b\n  name: x\n")
        #expect(self.name(literal, "a.b") == "x")
        #expect(self.name(literal, "a.B") == nil)
    }

    @Test func orderedModeLetsTheFirstRuleInTheFileWin() throws {
        let config = try self.config(
            """
            mappings:
            - match: a.*.c
              name: first
              labels: {v: "$1"}
            - match: a.b.*
              name: second
              labels: {v: "$1"}
            - match: a.b.c
              name: third
            """
        )
        let result = try #require(config.match("a.b.c", class: .counter))
        #expect(result.name == "first")
        #expect(result.labels.first?.value == "b")
        #expect(config.match("a.b.d", class: .counter)?.labels.first?.value == "d")
    }

    @Test func orderedModeKeepsTheCapturesOfTheWinningPath() throws {
        // The literal path finds mappings[0]; exploring mappings[1] afterwards must not change its captures.
        let config = try self.config(
            """
            mappings:
            - match: a.b.*
              name: first
              labels: {v: "$1"}
            - match: a.*.*
              name: second
              labels: {v: "$1", w: "$2"}
            """
        )
        let result = try #require(config.match("a.b.x", class: .counter))
        #expect(result.name == "first")
        #expect(result.labels.map(\.value) == ["x"])
        #expect(config.match("a.q.x", class: .counter)?.labels.map(\.value) == ["q", "x"])
    }

    @Test func disabledOrderingPrefersLiterals() throws {
        let config = try self.config(
            """
            defaults:
              glob_disable_ordering: true
            mappings:
            - match: a.*.c
              name: star
            - match: a.b.c
              name: literal
            """
        )
        #expect(self.name(config, "a.b.c") == "literal")
        #expect(self.name(config, "a.x.c") == "star")
    }

    @Test func disabledOrderingWithoutBacktrackingFollowsTheLiteralOnly() throws {
        // statsd_exporter decides that no backtracking is needed here ("a.*.*" is a superset of "a.b.c"), so a
        // name that enters the literal "b" branch cannot come back to "*": "a.b.x" is unmapped.
        let config = try self.config(
            """
            defaults:
              glob_disable_ordering: true
            mappings:
            - match: a.*.*
              name: general
            - match: a.b.c
              name: specific
            """
        )
        #expect(config.warnings.isEmpty)
        #expect(self.name(config, "a.b.c") == "specific")
        #expect(self.name(config, "a.z.x") == "general")
        #expect(self.name(config, "a.b.x") == nil)
    }

    @Test func disabledOrderingBacktracksWhenTheReferenceDoes() throws {
        let config = try self.config(
            """
            defaults:
              glob_disable_ordering: true
            mappings:
            - match: backtrack.*.bbb
              name: testb
              labels: {label: "${1}_foo"}
            - match: backtrack.justatest.aaa
              name: testa
            """
        )
        #expect(config.match("backtrack.justatest.bbb", class: .counter)?.labels.first?.value == "justatest_foo")
        #expect(self.name(config, "backtrack.justatest.aaa") == "testa")
    }

    @Test func matchMetricTypeRestrictsARuleToOneClass() throws {
        let config = try self.config(
            """
            mappings:
            - match: t.*
              name: counter_rule
              match_metric_type: counter
            - match: t.*
              name: observer_rule
              match_metric_type: observer
            - match: t.*
              name: any_rule
            """
        )
        #expect(self.name(config, "t.x", .counter) == "counter_rule")
        #expect(self.name(config, "t.x", .observer) == "observer_rule")
        #expect(self.name(config, "t.x", .gauge) == "any_rule")
    }

    @Test func aComponentThatIsLiterallyStarTakesTheStarTransitionWithoutCapturing() throws {
        let config = try self.config("mappings:\n- match: a.*.*\n  name: x\n  labels: {v: \"$1\", w: \"$2\"}\n")
        #expect(config.match("a.*.*", class: .observer)?.labels.map(\.value) == ["", ""])
        #expect(config.match("a.*.q", class: .observer)?.labels.map(\.value) == ["q", ""])
    }

    @Test func aGlobThatIsAPrefixOfAnEarlierLongerGlobNeverMatches() throws {
        let reversed = try self.config("mappings:\n- match: a.b\n  name: short\n- match: a.b.c\n  name: long\n")
        #expect(self.name(reversed, "a.b") == "short")
        #expect(self.name(reversed, "a.b.c") == "long")
        let quirk = try self.config("mappings:\n- match: a.b.c\n  name: long\n- match: a.b\n  name: short\n")
        #expect(self.name(quirk, "a.b") == nil)
        #expect(self.name(quirk, "a.b.c") == "long")
    }

    @Test func globRulesWinOverEarlierRegexRules() throws {
        let config = try self.config(
            """
            mappings:
            - match: "."
              match_type: regex
              name: regex
            - match: a.*
              name: glob
            """
        )
        #expect(self.name(config, "a.b") == "glob")
        #expect(self.name(config, "zzz") == "regex")
    }

    @Test func manyRulesStillMatchTheRightOne() throws {
        var yaml = "mappings:\n"
        for index in 0..<500 {
            yaml += "- match: app\(index).*.requests\n  name: app\(index)_requests\n  labels: {route: \"$1\"}\n"
        }
        let config = try self.config(yaml)
        #expect(config.ruleCount == 500)
        for index in [0, 1, 250, 499] {
            let result = try #require(config.match("app\(index).home.requests", class: .counter))
            #expect(result.name == "app\(index)_requests")
            #expect(result.labels.first?.value == "home")
            #expect(result.rule?.index == index)
        }
        #expect(self.name(config, "app500.home.requests") == nil)
    }

    @Test func theStateMachineDumpsAsDot() throws {
        let config = try self.config("mappings:\n- match: a.*\n  name: x\n  match_metric_type: gauge\n")
        #expect(
            config.globFSMDot() == """
                digraph g {
                rankdir=LR
                node [ label="",style=filled,fillcolor=white,shape=circle ]
                0 -> 1  [label = "counter"];
                1 [color="#D6B656",fillcolor="#FFF2CC"];
                0 -> 2  [label = "gauge"];
                2 [color="#D6B656",fillcolor="#FFF2CC"];
                0 -> 3  [label = "observer"];
                3 [color="#D6B656",fillcolor="#FFF2CC"];
                2 -> 4  [label = "a"];
                4 -> 5  [label = "*"];
                5 [color="#82B366",fillcolor="#D5E8D4"];
                0 [color="#a94442",fillcolor="#f2dede"];
                }
                """
        )
    }
}
