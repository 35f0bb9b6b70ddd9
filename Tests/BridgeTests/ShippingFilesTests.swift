import Foundation
import Testing

/// What ships beside the code: the Dockerfile (no Docker engine exists on CI machines, so its text is checked
/// against the README and the tree instead of being built) and the Grafana dashboard (every metric it queries must
/// be one that mappings/airflow.yml produces).
@Suite
struct ShippingFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func read(_ path: String) throws -> String {
        try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path)
    }

    /// The Dockerfile's instructions (continuation lines joined), each as (keyword, arguments), with the stage
    /// they belong to (0 = first `FROM`).
    static func instructions() throws -> [(stage: Int, keyword: String, arguments: String)] {
        var result: [(Int, String, String)] = []
        var stage = -1
        var pending = ""
        for line in try Self.read("Dockerfile").split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if pending.isEmpty && (trimmed.isEmpty || trimmed.hasPrefix("#")) { continue }
            if trimmed.hasSuffix("\\") {
                pending += trimmed.dropLast() + " "
                continue
            }
            let full = pending + trimmed
            pending = ""
            let parts = full.split(separator: " ", maxSplits: 1)
            let keyword = parts[0].uppercased()
            if keyword == "FROM" { stage += 1 }
            result.append((stage, keyword, parts.count > 1 ? String(parts[1]) : ""))
        }
        return result
    }

    /// The `#   build:` and `#   run:` commands of the Dockerfile's header.
    static func headerCommands() throws -> [String: String] {
        var commands: [String: String] = [:]
        for line in try Self.read("Dockerfile").split(separator: "\n") where line.hasPrefix("#") {
            let text = line.dropFirst().trimmingCharacters(in: .whitespaces)
            for key in ["build", "run"] where text.hasPrefix(key + ":") {
                commands[key] = text.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
            }
        }
        return commands
    }

    /// The lines inside the README's fenced code blocks.
    static func readmeCodeLines() throws -> [String] {
        var inside = false
        var lines: [String] = []
        for line in try Self.read("README.md").split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inside.toggle()
            } else if inside {
                lines.append(line.trimmingCharacters(in: .whitespaces))
            }
        }
        return lines
    }

    @Test func readmeContainerCommandsMatchTheDockerfileHeader() throws {
        let commands = try Self.headerCommands()
        let build = try #require(commands["build"])
        let run = try #require(commands["run"])
        #expect(build.hasPrefix("docker build ") && build.hasSuffix(" ."))
        #expect(run.hasPrefix("docker run "))
        let code = try Self.readmeCodeLines()
        #expect(code.contains(build), "README has no code line `\(build)`")
        #expect(code.contains(run), "README has no code line `\(run)`")
        let readme = try Self.read("README.md")
        let section = try #require(readme.firstRange(of: "## Running in a container"))
        let after = readme[section.upperBound...]
        #expect(after.firstRange(of: build) != nil && after.firstRange(of: run) != nil)
        // The image name the build tags is the one the run starts; the ports published are the ones exposed.
        let words = build.split(separator: " ")
        let tag = try #require(words.firstIndex(of: "-t").map { words[$0 + 1] })
        #expect(run.hasSuffix(" " + tag))
        #expect(run.contains("-p 8125:8125/udp"))
        #expect(run.contains("-p 9102:9102"))
    }

    @Test func everyCopiedPathExistsAndEveryTargetDirectoryIsCopied() throws {
        let instructions = try Self.instructions()
        var copied: [String] = []
        for instruction in instructions where instruction.keyword == "COPY" {
            let words = instruction.arguments.split(separator: " ").map(String.init)
            guard !words.contains(where: { $0.hasPrefix("--from=") }) else { continue }
            let sources = words.filter { !$0.hasPrefix("--") }.dropLast()
            #expect(!sources.isEmpty, "COPY \(instruction.arguments)")
            for source in sources {
                #expect(Self.exists(source), "COPY source \(source) does not exist")
                #expect(!source.contains("..") && !source.hasPrefix("/"), "COPY source \(source) leaves the context")
                if instruction.stage == 0 { copied.append(source.hasSuffix("/") ? String(source.dropLast()) : source) }
            }
        }
        #expect(copied.contains("Package.swift"))
        // SwiftPM rejects a manifest whose targets (test targets included) have no directory, even for --product.
        let manifest = try Self.read("Package.swift")
        let targets = Array(manifest.matches(of: /\.(target|executableTarget|testTarget)\(\s*name:\s*"([^"]+)"/))
        #expect(!targets.isEmpty)
        for (index, target) in targets.enumerated() {
            // A `path:` inside this target's declaration (before the next target starts) overrides the default folder.
            let end = index + 1 < targets.count ? targets[index + 1].range.lowerBound : manifest.endIndex
            let declaration = manifest[target.range.upperBound..<end]
            let custom = declaration.firstMatch(of: /path:\s*"([^"]+)"/).map { String($0.output.1) }
            let directory = custom ?? (target.output.1 == "testTarget" ? "Tests/" : "Sources/") + target.output.2
            #expect(Self.exists(directory), "\(directory) is missing from the tree")
            #expect(
                copied.contains { directory == $0 || directory.hasPrefix($0 + "/") },
                "the build stage does not COPY \(directory)"
            )
        }
    }

    @Test func runtimeStageExposesListensAndChecksHealthAsDocumented() throws {
        let instructions = try Self.instructions()
        let stages = Set(instructions.map(\.stage))
        #expect(stages.count >= 2, "multi-stage build")
        let first = try #require(instructions.first { $0.keyword == "FROM" })
        #expect(first.arguments.hasPrefix("swift:"))
        #expect(
            instructions.contains {
                $0.stage == 0 && $0.keyword == "RUN" && $0.arguments.contains("--static-swift-stdlib")
            }
        )
        let last = try #require(stages.max())
        let runtime = instructions.filter { $0.stage == last }
        #expect(runtime.first?.arguments.contains("slim") == true)

        let expose = Set(
            runtime.filter { $0.keyword == "EXPOSE" }.flatMap { $0.arguments.split(separator: " ").map(String.init) }
        )
        #expect(expose.isSuperset(of: ["8125/udp", "8125/tcp", "9102"]), "EXPOSE \(expose)")

        let user = try #require(runtime.last { $0.keyword == "USER" }?.arguments)
        #expect(!["root", "0", "0:0", "root:root"].contains(user), "USER \(user)")
        // A useradd in the runtime stage creates the user the image runs as.
        #expect(
            runtime.contains { $0.keyword == "RUN" && $0.arguments.contains("useradd") && $0.arguments.contains(user) }
        )

        let health = try #require(runtime.last { $0.keyword == "HEALTHCHECK" }?.arguments)
        #expect(health.contains("http://127.0.0.1:9102/-/healthy"))

        let entrypoint = try #require(runtime.last { $0.keyword == "ENTRYPOINT" }?.arguments)
        let command = try #require(runtime.last { $0.keyword == "CMD" }?.arguments)
        let arguments = try #require(try JSONSerialization.jsonObject(with: Data(command.utf8)) as? [String])
        let executable = try JSONSerialization.jsonObject(with: Data(entrypoint.utf8)) as? [String]
        #expect(executable == ["/usr/local/bin/statsd-bridge"])
        #expect(runtime.contains { $0.keyword == "COPY" && $0.arguments.hasSuffix(" /usr/local/bin/statsd-bridge") })
        #expect(arguments.contains("--statsd.listen-udp=:8125"))
        #expect(arguments.contains("--statsd.listen-tcp=:8125"))
        // The mapping the command names is mappings/airflow.yml, copied to where the command looks.
        let mapping = try #require(arguments.first { $0.hasPrefix("--statsd.mapping-config=") })
        let inImage = String(mapping.dropFirst("--statsd.mapping-config=".count))
        let copy = try #require(runtime.first { $0.keyword == "COPY" && $0.arguments.hasPrefix("mappings ") })
        let destination = try #require(copy.arguments.split(separator: " ").last.map(String.init))
        #expect(inImage == destination + "/airflow.yml")
        #expect(Self.exists("mappings/airflow.yml"))
    }

    // MARK: Grafana dashboard

    /// Every `name:` value of mappings/airflow.yml.
    static func mappedFamilies() throws -> Set<String> {
        let yaml = try Self.read("mappings/airflow.yml")
        var names: Set<String> = []
        for line in yaml.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("name: ") else { continue }
            let value = trimmed.dropFirst("name: ".count)
            names.insert(value.trimmingCharacters(in: CharacterSet(charactersIn: "\"' ")))
        }
        return names
    }

    /// Every PromQL text in the dashboard: targets' `expr` and templating queries, wherever they are nested.
    static func dashboardExpressions() throws -> [String] {
        let data = Data(try Self.read("examples/grafana/airflow.json").utf8)
        var expressions: [String] = []
        func walk(_ value: Any, key: String?) {
            if let dictionary = value as? [String: Any] {
                for (key, child) in dictionary { walk(child, key: key) }
            } else if let array = value as? [Any] {
                for child in array { walk(child, key: key) }
            } else if let text = value as? String, key == "expr" || key == "query" || key == "definition" {
                expressions.append(text)
            }
        }
        walk(try JSONSerialization.jsonObject(with: data), key: nil)
        return expressions
    }

    @Test func dashboardQueriesOnlyFamiliesTheAirflowMappingProduces() throws {
        let families = try Self.mappedFamilies()
        #expect(families.count > 50)
        // The Airflow mapping makes every timer a histogram, so its families also have _bucket/_sum/_count.
        #expect(try Self.read("mappings/airflow.yml").contains("\n  observer_type: histogram\n"))
        let expressions = try Self.dashboardExpressions()
        #expect(expressions.count >= 10)
        var used: Set<String> = []
        for expression in expressions {
            for match in expression.matches(of: /airflow_[a-z0-9_]+/) {
                let name = String(match.output)
                used.insert(name)
                let known =
                    families.contains(name)
                    || ["_bucket", "_sum", "_count"].contains { suffix in
                        name.hasSuffix(suffix) && families.contains(String(name.dropLast(suffix.count)))
                            && name.dropLast(suffix.count).hasSuffix("_seconds")
                    }
                #expect(known, "\(name) in `\(expression)` is not produced by mappings/airflow.yml")
            }
            // Self-metrics of the bridge are allowed: they are statsd_exporter's names.
            for match in expression.matches(of: /statsd_exporter_[a-z0-9_]+/) {
                #expect(
                    try Self.read("Sources/Ingest/SelfMetricNames.swift").contains("\"\(match.output)\""),
                    "\(match.output)"
                )
            }
        }
        for required in [
            "airflow_scheduler_heartbeat_total", "airflow_task_duration_seconds_bucket", "airflow_ti_finish_total",
            "airflow_pool_open_slots", "airflow_dagrun_duration_seconds_bucket",
        ] {
            #expect(used.contains(required), "the dashboard does not chart \(required)")
        }
        let buckets = "airflow_task_duration_seconds_bucket"
        #expect(expressions.contains { $0.contains("histogram_quantile(0.95") && $0.contains(buckets) })
        #expect(expressions.contains { $0.contains("histogram_quantile(0.5") && $0.contains(buckets) })
        let failures = "airflow_ti_finish_total{state=\"failed\""
        #expect(expressions.contains { $0.contains(failures) && $0.contains("by (dag_id)") })
    }

    @Test func examplesPointAirflowAndPrometheusAtTheBridge() throws {
        let prometheus = try Self.read("examples/prometheus.yml")
        #expect(prometheus.contains("job_name: airflow"))
        #expect(prometheus.contains("statsd-bridge:9102"))
        #expect(prometheus.contains("scrape_interval: 15s"))
        let airflow = try Self.read("examples/airflow.cfg")
        let settings = [
            "[metrics]", "statsd_on = True", "statsd_host = statsd-bridge", "statsd_port = 8125",
            "statsd_prefix = airflow",
        ]
        for line in settings {
            #expect(airflow.split(separator: "\n").contains { $0 == line }, "airflow.cfg lacks `\(line)`")
        }
        let compose = try Self.read("examples/docker-compose.yml")
        #expect(compose.contains("\"8125:8125/udp\""))
        #expect(compose.contains("\"9102:9102\""))
        #expect(compose.contains("./prometheus.yml:/etc/prometheus/prometheus.yml"))
        for mounted in compose.matches(of: /- \.\/([A-Za-z0-9_.\/-]+):/) {
            #expect(Self.exists("examples/" + mounted.output.1), "compose mounts missing examples/\(mounted.output.1)")
        }
    }
}
