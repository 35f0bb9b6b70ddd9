import Benchmark
import Mapping
import StatsDProtocol

/// Mapping lookups, shaped like statsd_exporter's pkg/mapper/mapper_benchmark_test.go so the figures compare: rules
/// `metric<i>.*` (glob) or `metric<i>\.([^.]*)` (regex), each mapping to `metric_single{name="$1"}`.
///
/// Differences from the Go benchmarks, on purpose: Go's `Glob10Rules` loads 100 rules and looks up `metric100.a`,
/// which no rule matches; here `Glob10Rules` loads 10 rules and looks up a name that matches, and the no-match case
/// is `Glob100RulesNoMatch`.
enum MappingBenchmarks {
    static func rules(_ count: Int, regex: Bool) -> String {
        var yaml = regex ? "defaults:\n  match_type: regex\nmappings:\n" : "mappings:\n"
        for index in 0..<count {
            let match = regex ? "metric\(index)\\\\.([^.]*)" : "metric\(index).*"
            yaml += "- match: \"\(match)\"\n  name: \"metric_single\"\n  labels:\n    name: \"$1\"\n"
        }
        return yaml
    }

    static func load(_ yaml: String) -> MappingConfig {
        do {
            return try MappingConfig(yaml: yaml, fileName: "bench.yml")
        } catch {
            fatalError("benchmark mapping must load: \(error)")
        }
    }

    static func register() {
        let cases: [(name: String, rules: Int, regex: Bool, lookup: String)] = [
            ("Glob10Rules", 10, false, "metric5.a"),
            ("Glob100Rules", 100, false, "metric50.a"),
            ("Glob100RulesNoMatch", 100, false, "metric100.a"),
            ("Regex10RulesAverage", 10, true, "metric5.a"),
            ("Regex100RulesAverage", 100, true, "metric50.a"),
        ]
        for entry in cases {
            let loaded = Lazy { Self.load(Self.rules(entry.rules, regex: entry.regex)) }
            Benchmark("Mapping/\(entry.name) (per lookup)", configuration: Suite.perOperation) { benchmark in
                let config = loaded.get
                let name = entry.lookup
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    blackHole(config.match(name, class: .counter))
                }
                benchmark.stopMeasurement()
            }
        }
        for entry in [cases[1], cases[4]] {
            let loaded = Lazy { () -> (MappingConfig, MappingCache) in
                let config = Self.load(Self.rules(entry.rules, regex: entry.regex))
                let cache = MappingCache(size: 1000, type: .lru)
                _ = cache.result(for: entry.lookup, class: .counter, in: config)
                return (config, cache)
            }
            Benchmark("Mapping/\(entry.name)Cached (per lookup)", configuration: Suite.perOperation) { benchmark in
                let (config, cache) = loaded.get
                let name = entry.lookup
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    blackHole(cache.result(for: name, class: .counter, in: config))
                }
                benchmark.stopMeasurement()
            }
        }
    }
}
