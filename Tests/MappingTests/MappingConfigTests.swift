import ConfigSupport
import Foundation
import Mapping
import StatsDProtocol
import Testing

/// Loading: strictness, every error at once with file:line:column, quirk warnings, effective defaults.
struct MappingConfigTests {
    private func loadError(_ yaml: String) throws -> ConfigLoadError {
        do {
            _ = try MappingConfig(yaml: yaml, fileName: "m.yml")
        } catch {
            return error
        }
        Issue.record("expected the config to fail to load")
        throw CancellationError()
    }

    private func descriptions(_ diagnostics: [ConfigDiagnostic]) -> [String] {
        diagnostics.map(\.description)
    }

    /// Windows editors save UTF-8 with a byte-order mark; statsd_exporter reads such a file as if it had none.
    @Test func byteOrderMarkIsIgnored() throws {
        let config = try MappingConfig(
            yaml: "\u{FEFF}mappings:\n- match: \"a.*\"\n  name: \"x\"\n",
            fileName: "bom.yml"
        )
        #expect(config.ruleCount == 1)
        #expect(config.warnings.isEmpty)
        let result = try #require(config.match("a.b", class: .counter))
        #expect(result.name == "x")
    }

    /// statsd_exporter 0.31 (upstream #735): `$0` in a glob rule's templates is the whole StatsD name.
    @Test func dollarZeroInAGlobRuleIsTheWholeName() throws {
        let yaml =
            "mappings:\n- match: \"app.*.hits\"\n  name: \"hits_$1\"\n  labels:\n    raw: \"$0\"\n    both: "
            + "\"${0}/$1\"\n"
        let config = try MappingConfig(yaml: yaml, fileName: "m.yml")
        #expect(config.warnings.isEmpty)
        let result = try #require(config.match("app.web.hits", class: .counter))
        #expect(result.name == "hits_web")
        #expect(result.labels.map(\.0) == ["raw", "both"])
        #expect(result.labels.map(\.1) == ["app.web.hits", "app.web.hits/web"])
    }

    @Test func everyErrorOfTheFileIsReportedWithItsPosition() throws {
        let error = try self.loadError(
            """
            mappings:
            - match: bad--metric-line.*.*
              name: "foo"
            - match: test.*.*
              name: "0foo"
            - match: test.*.*
              labels:
                this: "$1"
            - match: "*\\\\.foo"
              match_type: regex
              name: foo
            - match: a.b
              name: x
              observer_type: wrong
              timer_type: summary
              match_metric_type: timer
              action: xyz
              labels: {a-b: x, k: "$1"}
              summary_options: {max_age: 5x}
              observertype: histogram
            - match: foo_*
              name: a:b
            - match: x
              name: y
              match_type: regexp
            """
        )
        #expect(
            self.descriptions(error.diagnostics) == [
                #"m.yml:2:10: mappings[0].match: invalid glob "bad--metric-line.*.*": "-" in "bad--metric-line" must "#
                    + #"sit between letters, digits or underscores (no leading, trailing or doubled "-")"#,
                #"m.yml:5:9: mappings[1].name: invalid metric name "0foo": it must match "#
                    + #"^([a-zA-Z_]|$n|${n})([a-zA-Z0-9_]|$n|${n})*$ (a name cannot start with a digit)"#,
                #"m.yml:6:3: mappings[2].name: a name is required (statsd_exporter requires it even with action: "#
                    + #"drop)"#,
                #"m.yml:9:10: mappings[3].match: invalid regex "*\.foo": missing argument to repetition operator: `*`"#,
                #"m.yml:14:18: mappings[4].observer_type: invalid observer type "wrong"; expected summary or "#
                    + #"histogram"#,
                #"m.yml:15:3: mappings[4].timer_type: unknown key "timer_type" (removed from statsd_exporter; use "#
                    + #"observer_type)"#,
                #"m.yml:16:22: mappings[4].match_metric_type: invalid metric type "timer"; expected counter, gauge or "#
                    + #"observer (timer was removed from statsd_exporter; use observer)"#,
                #"m.yml:17:11: mappings[4].action: invalid action "xyz"; expected map or drop"#,
                #"m.yml:18:12: mappings[4].labels: invalid label name "a-b": it must match ^[a-zA-Z_][a-zA-Z0-9_]*$"#,
                #"m.yml:19:30: mappings[4].summary_options.max_age: invalid duration "5x" (time: unknown unit "x" in "#
                    + #"duration "5x"); write e.g. 30s, 5m, 1h30m or 500ms"#,
                #"m.yml:20:3: mappings[4].observertype: unknown key "observertype"; did you mean "observer_type"?"#,
                #"m.yml:21:10: mappings[5].match: invalid glob "foo_*": partial wildcard "foo_*"; "*" must be a whole "#
                    + #"component (prefix globs are not supported, statsd_exporter issue #481); use match_type: regex "#
                    + #"for this"#,
                #"m.yml:22:9: mappings[5].name: invalid metric name "a:b": it must match "#
                    + #"^([a-zA-Z_]|$n|${n})([a-zA-Z0-9_]|$n|${n})*$ (statsd_exporter does not allow ":" in mapped "#
                    + #"names)"#,
                #"m.yml:25:15: mappings[6].match_type: invalid match type "regexp"; expected glob or regex"#,
            ]
        )
        #expect(error.description == self.descriptions(error.diagnostics).joined(separator: "\n"))
        let location = try #require(error.diagnostics.first?.location)
        #expect(location == ConfigSupport.SourceLocation(file: "m.yml", line: 2, column: 10))
        #expect(error.diagnostics.first?.path == "mappings[0].match")
    }

    @Test(arguments: [
        ("foo.", #"invalid glob "foo.": empty component 2 component (check for ".." or a leading or trailing ".")"#),
        ("a..b", #"invalid glob "a..b": empty component 2 component (check for ".." or a leading or trailing ".")"#),
        ("1a.b", #"invalid glob "1a.b": the first component cannot start with a digit"#),
        (
            "a.b c",
            #"invalid glob "a.b c": character " " in "b c" is not allowed (components are letters, digits, "_" and "#
                + #""-", or a whole "*")"#
        ),
        (
            "a.-b",
            #"invalid glob "a.-b": "-" in "-b" must sit between letters, digits or underscores (no leading, trailing "#
                + #"or doubled "-")"#
        ),
        (
            "a.*b",
            #"invalid glob "a.*b": partial wildcard "*b"; "*" must be a whole component (prefix globs are not "#
                + #"supported, statsd_exporter issue #481); use match_type: regex for this"#
        ),
    ])
    func invalidGlobs(match: String, message: String) throws {
        let error = try self.loadError("mappings:\n- match: \"\(match)\"\n  name: x\n")
        #expect(error.diagnostics.map(\.message) == [message])
    }

    @Test(arguments: ["a.1b", "a.b-c.d_e", "*", "*.*", "_x.9", "A-b.C"])
    func validGlobs(match: String) throws {
        let config = try MappingConfig(yaml: "mappings:\n- match: \"\(match)\"\n  name: x\n", fileName: "m.yml")
        #expect(config.ruleCount == 1)
    }

    @Test func singleCharacterLabelNamesAreAllowed() throws {
        let config = try MappingConfig(
            yaml: "mappings:\n- match: a.*\n  name: x\n  labels:\n    k: \"$1\"\n",
            fileName: "m.yml"
        )
        let result = try #require(config.match("a.b", class: .counter))
        #expect(result.labels.map(\.name) == ["k"])
        #expect(result.labels.map(\.value) == ["b"])
    }

    @Test func yamlSyntaxErrorsNameThePositionAndTheUsualFix() throws {
        let alias = try self.loadError("mappings:\n- match: *.test.*\n  name: x\n")
        #expect(
            self.descriptions(alias.diagnostics) == [
                #"m.yml:2:11: invalid YAML: did not find expected alphabetic or numeric character (while scanning an "#
                    + #"alias at line 2, column 10); a value starting with "*" is read as a YAML alias: quote it, e.g. "#
                    + #"match: "*.foo""#
            ]
        )
        let escape = try self.loadError("mappings:\n- match: \"test\\.(\\w+)\"\n  match_type: regex\n  name: x\n")
        #expect(
            self.descriptions(escape.diagnostics) == [
                #"m.yml:2:15: invalid YAML: found unknown escape character (while parsing a quoted scalar at line 2, "#
                    + #"column 10); inside double quotes a backslash starts an escape: use single quotes, or write \\"#
            ]
        )
        let duplicate = try self.loadError("mappings:\n- match: a\n  name: x\n  name: y\n")
        #expect(self.descriptions(duplicate.diagnostics) == [#"m.yml:3:3: duplicate key "name" in one mapping"#])
    }

    @Test func unknownKeysAreErrorsEverywhere() throws {
        let error = try self.loadError(
            """
            mapping: []
            defaults:
              buckets: [1]
              name: x
              summary_options:
                max_summary_age: 1m
                quantiles: [{quantile: 0.5, eror: 0.1}]
              histogram_options: {bucket: [1]}
            mappings:
            - match: a
              name: x
              glob_disable_ordering: true
            """
        )
        #expect(
            self.descriptions(error.diagnostics) == [
                #"m.yml:1:1: mapping: unknown key "mapping"; did you mean "mappings"?"#,
                #"m.yml:3:3: defaults.buckets: unknown key "buckets" (removed from statsd_exporter; use "#
                    + #"histogram_options.buckets)"#,
                #"m.yml:4:3: defaults.name: unknown key "name" (only valid in an entry of mappings)"#,
                #"m.yml:6:5: defaults.summary_options.max_summary_age: unknown key "max_summary_age" (removed from "#
                    + #"statsd_exporter; use max_age)"#,
                #"m.yml:7:33: defaults.summary_options.quantiles[0].eror: unknown key "eror"; did you mean "error"?"#,
                #"m.yml:8:23: defaults.histogram_options.bucket: unknown key "bucket"; did you mean "buckets"?"#,
                #"m.yml:12:3: mappings[0].glob_disable_ordering: unknown key "glob_disable_ordering" (only valid in "#
                    + #"defaults)"#,
            ]
        )
    }

    @Test func wrongShapesAreErrors() throws {
        let error = try self.loadError(
            """
            mappings:
              match: a
            defaults:
              glob_disable_ordering: maybe
              ttl: [1]
              summary_options:
                age_buckets: -1
                buf_cap: x
            """
        )
        #expect(
            self.descriptions(error.diagnostics) == [
                "m.yml:2:3: mappings: expected a list, found a mapping",
                #"m.yml:4:26: defaults.glob_disable_ordering: expected true or false, found "maybe""#,
                "m.yml:5:8: defaults.ttl: expected a duration such as 30s, 5m or 1h30m, found a list",
                "m.yml:7:18: defaults.summary_options.age_buckets: -1 is out of range (0 to 4294967295)",
                #"m.yml:8:14: defaults.summary_options.buf_cap: expected a whole number, found "x""#,
            ]
        )
    }

    @Test func theDocumentMustBeAMapping() throws {
        let error = try self.loadError("- match: a\n  name: x\n")
        #expect(
            self.descriptions(error.diagnostics) == ["m.yml:1:1: expected a mapping of keys to values, found a list"]
        )
    }

    @Test func summaryAndHistogramOptionsTogetherWithTheirObserverTypeAreErrors() throws {
        let error = try self.loadError(
            """
            defaults:
              observer_type: histogram
            mappings:
            - match: a
              name: a
              summary_options: {max_age: 1m}
            - match: b
              name: b
              observer_type: summary
              histogram_options: {buckets: [1]}
            """
        )
        #expect(
            self.descriptions(error.diagnostics) == [
                "m.yml:6:20: mappings[0].summary_options: cannot be used with observer type histogram (set in "
                    + "defaults.observer_type)",
                "m.yml:10:22: mappings[1].histogram_options: cannot be used with observer type summary",
            ]
        )
    }

    @Test func quirksLoadWithTheReferenceResultAndAWarning() throws {
        let config = try MappingConfig(
            yaml: """
                defaults:
                  ttl: 60
                  summary_options:
                    max_age: 1m
                mappings:
                - match: a.*
                  name: "$1_total"
                - match: b.*
                  name: b
                  histogram_options:
                    buckets: [1, 2]
                - match: "c\\\\.(\\\\w+)"
                  match_type: regex
                  name: c
                  labels:
                    x: "$1_x"
                    y: "${host}"
                - match: ""
                  match_type: regex
                  name: d
                """,
            fileName: "m.yml"
        )
        #expect(
            self.descriptions(config.warnings) == [
                "m.yml:2:8: defaults.ttl: 60 has no unit and is read as 60 nanoseconds (as statsd_exporter does); write "
                    + "a unit, e.g. 60s",
                "m.yml:4:5: defaults.summary_options: max_age, age_buckets and buf_cap here apply only to mappings "
                    + "whose observer_type is summary (set on the mapping or in defaults.observer_type); the 4 "
                    + "mapping(s) without observer_type and unmapped metrics use 10m, 5 and 500, as in statsd_exporter; "
                    + "set defaults.observer_type: summary to apply them to the mappings",
                #"m.yml:7:9: mappings[0].name: $1_total is read as a reference to a capture named "1_total", which "#
                    + #"does not exist, so it expands to nothing (as in statsd_exporter); write ${1}_total"#,
                "m.yml:11:5: mappings[1].histogram_options: ignored: no observer_type is set here or in defaults, so "
                    + "timers become summaries (as in statsd_exporter); add observer_type: histogram",
                #"m.yml:16:8: mappings[2].labels.x: $1_x is read as a reference to a group named "1_x", which does not "#
                    + #"exist, so it expands to nothing (as in statsd_exporter); write ${1}_x"#,
                #"m.yml:17:8: mappings[2].labels.y: ${host} expands to nothing: the regex has no group named "host""#,
                "m.yml:18:10: mappings[3].match: the regex is empty and matches every name, as in statsd_exporter",
            ]
        )
        #expect(config.match("a.b", class: .counter)?.name == "")
        #expect(config.match("a.b", class: .counter)?.ttl == .nanoseconds(60))
        #expect(config.match("b.x", class: .observer)?.observerType == .summary)
        #expect(config.match("b.x", class: .observer)?.summaryOptions.maxAge == .seconds(600))
        #expect(config.match("c.q", class: .counter)?.labels.map(\.value) == ["", ""])
        #expect(config.match("anything", class: .gauge)?.name == "d")
    }

    @Test func globRulesThatCanNeverMatchAreWarnedAbout() throws {
        let config = try MappingConfig(
            yaml: """
                mappings:
                - match: a.b.c
                  name: long
                - match: a.b
                  name: short
                - match: x.*
                  name: first
                - match: x.*
                  name: second
                  match_metric_type: gauge
                - match: o.*.*
                  name: general
                - match: o.*.bbb
                  name: specific
                """,
            fileName: "m.yml"
        )
        #expect(
            self.descriptions(config.warnings) == [
                "m.yml:4:10: mappings[1].match: never matches: statsd_exporter's glob state machine gives no result to "
                    + "a glob that is a prefix of an earlier, longer glob; move this rule above the longer one",
                "m.yml:8:10: mappings[3].match: never matches: mappings[2] has the same match and comes first",
                #"m.yml:13:10: mappings[5].match: never matches: mappings[4] ("o.*.*", line 11) matches every name it "#
                    + #"matches and glob rules are tried in file order; move it above, or set "#
                    + #"defaults.glob_disable_ordering: true to prefer literal components"#,
            ]
        )
        #expect(config.match("a.b", class: .counter) == nil)
        #expect(config.match("x.y", class: .gauge)?.name == "first")
        #expect(config.match("o.a.bbb", class: .gauge)?.name == "general")
    }

    @Test func disabledOrderingWarnsAboutBacktracking() throws {
        let config = try MappingConfig(
            yaml: """
                defaults:
                  glob_disable_ordering: true
                mappings:
                - match: backtrack.*.bbb
                  name: testb
                - match: backtrack.justatest.aaa
                  name: testa
                """,
            fileName: "m.yml"
        )
        #expect(
            self.descriptions(config.warnings) == [
                #"m.yml:4:10: mappings[0].match: "backtrack.*.bbb" makes glob matching backtrack (as in "#
                    + #"statsd_exporter); lookups of names that fail a literal component try "*" as well"#
            ]
        )
    }

    @Test func regexRulesRepeatingAGroupNameDropWhatTheyMatchWithAWarning() throws {
        let config = try MappingConfig(
            yaml: """
                mappings:
                - match: "(?P<a>x)(?P<a>y)(?P<b>z)?(?P<b>w)?(?P<a>v)?"
                  match_type: regex
                  name: "m"
                - match: "(?P<a>q)(?P<b>r)"
                  match_type: regex
                  name: "n"
                """,
            fileName: "m.yml"
        )
        #expect(
            self.descriptions(config.warnings) == [
                #"m.yml:2:10: mappings[0].match: group names "a", "b" are used more than once: statsd_exporter "#
                    + "shows nothing for the lines this rule matches, so they are dropped here too and counted in "
                    + #"statsd_exporter_events_actions_total{action="drop"}; give each group its own name"#
            ]
        )
        #expect(config.match("xy", class: .counter)?.action == .drop)
        #expect(config.match("xy", class: .counter)?.rule?.index == 0)
        #expect(config.match("qr", class: .counter)?.action == .map)
        #expect(config.match("qr", class: .counter)?.name == "n")
    }

    @Test func warningsAreKeptWhenLoadingFails() throws {
        let error = try self.loadError("mappings:\n- match: a\n  name: x\n  ttl: 5\n- match: b\n")
        #expect(error.diagnostics.count == 1)
        #expect(error.warnings.map(\.location?.line) == [4])
    }

    @Test func emptyConfigLeavesEverythingUnmappedWithClassicHistograms() throws {
        let config = MappingConfig.empty
        #expect(config.ruleCount == 0)
        #expect(config.fileName == nil)
        #expect(config.warnings.isEmpty)
        #expect(config.match("foo.bar", class: .counter) == nil)
        let unmapped = config.unmappedResult(for: "foo.bar")
        #expect(unmapped.name == "foo.bar")
        #expect(unmapped.action == .map)
        #expect(unmapped.labels.isEmpty)
        #expect(unmapped.rule == nil)
        #expect(unmapped.observerType == .summary)
        #expect(unmapped.summaryOptions == .default)
        #expect(unmapped.histogramOptions == .default)
        #expect(unmapped.histogramOptions.nativeBucketFactor == 0)
        #expect(unmapped.ttl == .zero)
    }

    @Test(arguments: ["", "---\n", "# only a comment\n", "mappings:\n", "mappings: []\ndefaults: {}\n"])
    func emptyFilesLoad(yaml: String) throws {
        let config = try MappingConfig(yaml: yaml, fileName: "m.yml")
        #expect(config.ruleCount == 0)
        #expect(config.fileName == "m.yml")
        let unmapped = config.unmappedResult(for: "x")
        #expect(unmapped.histogramOptions.nativeBucketFactor == 1.1)
        #expect(unmapped.histogramOptions.nativeMaxBuckets == 256)
        #expect(unmapped.histogramOptions.buckets == HistogramOptions.defaultBuckets)
    }

    @Test func defaultsApplyToUnmappedMetrics() throws {
        let config = try MappingConfig(
            yaml: """
                defaults:
                  observer_type: histogram
                  ttl: 1m2s
                  summary_options:
                    quantiles: [{quantile: 0.3, error: 0.1}]
                    max_age: 1m
                  histogram_options:
                    buckets: [1, 5]
                    native_histogram_bucket_factor: 1.5
                mappings: []
                """,
            fileName: "m.yml"
        )
        let unmapped = config.unmappedResult(for: "x.y")
        #expect(unmapped.observerType == .histogram)
        #expect(unmapped.ttl == .seconds(62))
        #expect(unmapped.summaryOptions.quantiles == [Quantile(quantile: 0.3, error: 0.1)])
        #expect(unmapped.summaryOptions.maxAge == .seconds(600))
        #expect(
            unmapped.histogramOptions
                == HistogramOptions(buckets: [1, 5], nativeBucketFactor: 1.5, nativeMaxBuckets: 256)
        )
    }

    @Test func ruleResultsCarryEveryField() throws {
        let config = try MappingConfig(
            yaml: """
                mappings:
                - match: a.*
                  name: "a_$1"
                  help: "A help"
                  scale: 0
                  honor_labels: yes
                  ttl: 1h30m
                  observer_type: histogram
                  histogram_options:
                    buckets: [10, 1, 5, 5, .inf]
                    native_histogram_max_buckets: 10
                  labels:
                    z: static
                    k: "$1"
                """,
            fileName: "m.yml"
        )
        #expect(
            self.descriptions(config.warnings) == [
                "m.yml:10:14: mappings[0].histogram_options.buckets: buckets must be strictly increasing; "
                    + "statsd_exporter crashes on these when the histogram is created; statsd-bridge uses them sorted, "
                    + "without duplicates"
            ]
        )
        let result = try #require(config.match("a.b", class: .observer))
        #expect(result.name == "a_b")
        #expect(result.help == "A help")
        #expect(result.scale == 0)
        #expect(result.honorLabels)
        #expect(result.ttl == .seconds(5400))
        #expect(result.observerType == .histogram)
        #expect(
            result.histogramOptions
                == HistogramOptions(buckets: [1, 5, 10], nativeBucketFactor: 1.1, nativeMaxBuckets: 10)
        )
        #expect(result.labels.map(\.name) == ["z", "k"])
        #expect(result.labels.map(\.value) == ["static", "b"])
        #expect(
            result.rule
                == MatchedRule(
                    index: 0,
                    location: ConfigSupport.SourceLocation(file: "m.yml", line: 2, column: 3),
                    match: "a.*"
                )
        )
        let plain = try MappingConfig(yaml: "mappings:\n- match: a\n  name: a\n", fileName: "m.yml")
        let plainResult = try #require(plain.match("a", class: .counter))
        #expect(plainResult.help == nil)
        #expect(plainResult.scale == nil)
        #expect(!plainResult.honorLabels)
        #expect(plainResult.ttl == .zero)
    }

    @Test func negativeTTLsExpireAtTheNextSweep() throws {
        let config = try MappingConfig(
            yaml: "defaults:\n  ttl: -1s\nmappings:\n- match: a\n  name: a\n- match: b\n  name: b\n  ttl: -2s\n",
            fileName: "m.yml"
        )
        #expect(config.match("a", class: .counter)?.ttl == .zero)
        #expect(config.match("b", class: .counter)?.ttl == .nanoseconds(1))
        #expect(config.unmappedResult(for: "c").ttl == .nanoseconds(1))
        #expect(config.warnings.count == 2)
    }

    @Test func observerTypeEmptyStringMeansSummaryAndNullMeansUnset() throws {
        let config = try MappingConfig(
            yaml: """
                defaults:
                  observer_type: histogram
                mappings:
                - match: a
                  name: a
                  observer_type: ""
                - match: b
                  name: b
                  observer_type:
                """,
            fileName: "m.yml"
        )
        #expect(config.match("a", class: .observer)?.observerType == .summary)
        #expect(config.match("b", class: .observer)?.observerType == .histogram)
    }

    @Test func yamlScalarsResolveLikeGoYAML() throws {
        let config = try MappingConfig(
            yaml: """
                defaults:
                  glob_disable_ordering: on
                  match_type: regex
                mappings:
                - match: 123
                  name: x
                  honor_labels: Y
                  labels: {a: 1, b: ~, c: 2.50, d: true}
                  scale: 1e3
                - match: q
                  match_type: ""
                  name: y
                """,
            fileName: "m.yml"
        )
        let result = try #require(config.match("x123y", class: .counter))
        #expect(result.honorLabels)
        #expect(result.scale == 1000)
        #expect(result.labels.map(\.value) == ["1", "", "2.50", "true"])
        #expect(config.match("q", class: .counter)?.name == "y")
        #expect(config.match("qq", class: .counter) == nil)
    }

    @Test func yamlMergeKeysAreApplied() throws {
        let config = try MappingConfig(
            yaml: """
                mappings:
                - &first
                  match: a
                  name: first
                  ttl: 5s
                - <<: *first
                  match: b
                  name: second
                """,
            fileName: "m.yml"
        )
        #expect(config.match("b", class: .counter)?.name == "second")
        #expect(config.match("b", class: .counter)?.ttl == .seconds(5))
    }

    @Test func onlyTheFirstDocumentIsRead() throws {
        let config = try MappingConfig(yaml: "mappings: []\n---\nfoo: bar\n", fileName: "m.yml")
        #expect(
            config.warnings.map(\.message) == [
                "the file holds more than one YAML document; only the first is read, as in statsd_exporter"
            ]
        )
    }

    @Test func theAirflowHelmChartMappingLoads() throws {
        let config = try MappingConfig(yaml: AirflowHelmChartMapping.yaml, fileName: "airflow.yml")
        #expect(config.ruleCount == 21)
        #expect(config.warnings.isEmpty)
        let task = try #require(config.match("airflow.dag.etl.extract.duration", class: .observer))
        #expect(task.name == "airflow_task_duration")
        #expect(task.labels.map(\.value) == ["etl", "extract"])
        let operatorResult = try #require(config.match("airflow.operator_successes_BashOperator", class: .counter))
        #expect(operatorResult.name == "airflow_operator_successes")
        #expect(operatorResult.labels.map(\.value) == ["BashOperator"])
        #expect(config.match("airflow.ti.start", class: .counter) == nil)
    }

    @Test func loadReadsTheFileAndNamesItInDiagnostics() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mapping-\(UUID().uuidString).yml")
            .path
        try "mappings:\n- match: a.*\n  name: \"$1_total\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try MappingConfig.load(contentsOf: path)
        #expect(config.fileName == path)
        #expect(config.warnings.first?.location == ConfigSupport.SourceLocation(file: path, line: 3, column: 9))

        let missing = path + ".missing"
        #expect {
            try MappingConfig.load(contentsOf: missing)
        } throws: { error in
            guard let error = error as? ConfigLoadError else { return false }
            return error.diagnostics.count == 1 && error.diagnostics[0].location == nil
                && error.description.hasPrefix("\(missing): cannot read mapping config: ")
        }
    }

    @Test func diagnosticsDescribeThemselves() {
        let diagnostic = ConfigDiagnostic(
            location: ConfigSupport.SourceLocation(file: "airflow.yml", line: 12, column: 5),
            path: "mappings[3].match",
            message: "empty glob component"
        )
        #expect(diagnostic.description == "airflow.yml:12:5: mappings[3].match: empty glob component")
        #expect(ConfigDiagnostic(location: nil, message: "oops").description == "oops")
    }
}
