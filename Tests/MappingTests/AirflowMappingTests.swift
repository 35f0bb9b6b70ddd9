import ConfigSupport
import Foundation
import StatsDProtocol
import Testing

@testable import Mapping

/// The shipped Airflow mapping, `mappings/airflow.yml`, against what Airflow 2.10 sends (`traffic.statsd`) and what
/// a real Airflow 3.3.2 and 2.11.2 sent (`real-3.3.statsd`, `real-2.11.statsd`), all in `Tests/Fixtures/airflow/`
/// in the repository.
@Suite("Shipped Airflow mapping")
struct AirflowMappingTests {
    // MARK: Files

    enum Paths {
        /// The `Tests` folder: this file is `<root>/Tests/MappingTests/AirflowMappingTests.swift` (symlinks
        /// resolved, so a scratch package that links the test directory still finds the real files).
        static let testsFolder: URL = URL(fileURLWithPath: #filePath)
            .resolvingSymlinksInPath()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
        static let repositoryRoot = testsFolder.deletingLastPathComponent()
        static let mapping = repositoryRoot.appendingPathComponent("mappings/airflow.yml").path
        /// The Airflow traffic kept in the repository (`Tests/Fixtures/airflow/`; its README.md says where from).
        static let airflowFixtures = testsFolder.appendingPathComponent("Fixtures/airflow")
        static let trafficFiles = ["traffic.statsd", "real-3.3.statsd", "real-2.11.statsd"]

        static func traffic(_ name: String) -> String {
            airflowFixtures.appendingPathComponent(name).path
        }
    }

    /// One StatsD line reduced to what mapping sees: the name without InfluxDB tags, the class, and the tags.
    struct TrafficLine {
        var text: String
        var lineNumber: Int
        var name: String
        var metricClass: MetricClass
        var tags: [(key: String, value: String)]
    }

    static func loadConfig() throws -> MappingConfig {
        do {
            return try MappingConfig.load(contentsOf: Paths.mapping)
        } catch {
            Issue.record("mappings/airflow.yml does not load:\n\(error.description)")
            throw error
        }
    }

    /// Every line of a traffic file; `name,k=v,...:value|type[|@rate]` gives name, class and tags.
    static func trafficLines(_ file: String) throws -> [TrafficLine] {
        let path = Paths.traffic(file)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines: [TrafficLine] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            guard let colon = line.firstIndex(of: ":") else {
                Issue.record("\(file):\(index + 1): no ':' in \(line)")
                continue
            }
            var name = String(line[..<colon])
            var tags: [(key: String, value: String)] = []
            if let comma = name.firstIndex(of: ",") {
                for pair in name[name.index(after: comma)...].split(separator: ",") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    tags.append((String(parts[0]), parts.count > 1 ? String(parts[1]) : ""))
                }
                name = String(name[..<comma])
            }
            let sections = line[line.index(after: colon)...].split(separator: "|")
            let metricClass: MetricClass
            switch sections.count > 1 ? String(sections[1]) : "" {
            case "c": metricClass = .counter
            case "g": metricClass = .gauge
            case "ms", "h", "d": metricClass = .observer
            case let other:
                Issue.record("\(file):\(index + 1): unexpected type \(other) in \(line)")
                continue
            }
            lines.append(
                TrafficLine(text: line, lineNumber: index + 1, name: name, metricClass: metricClass, tags: tags)
            )
        }
        #expect(!lines.isEmpty, "\(path) holds no StatsD lines")
        return lines
    }

    // MARK: 1. Loading

    @Test("airflow.yml loads with no error and no warning")
    func loadsCleanly() throws {
        let config = try Self.loadConfig()
        #expect(
            config.warnings.isEmpty,
            "warnings:\n\(config.warnings.map(\.description).joined(separator: "\n"))"
        )
        #expect(config.ruleCount > 50)
    }

    // MARK: 2. Every line mapped, with Prometheus-style names

    @Test("every airflow.* line maps to a well-named family", arguments: Paths.trafficFiles)
    func everyLineMaps(file: String) throws {
        let config = try Self.loadConfig()
        let lines = try Self.trafficLines(file)
        var problems: [String] = []
        var checked = 0
        for line in lines where line.name.hasPrefix("airflow.") {
            checked += 1
            let location = "\(file):\(line.lineNumber): \(line.text)"
            guard let result = config.match(line.name, class: line.metricClass) else {
                problems.append("\(location): unmapped")
                continue
            }
            problems += Self.nameProblems(result, metricClass: line.metricClass).map { "\(location): \($0)" }
        }
        #expect(checked == lines.count, "\(file): every line should start with airflow.")
        #expect(problems.isEmpty, "\(problems.count) problem(s):\n\(problems.prefix(40).joined(separator: "\n"))")
    }

    /// What `promtool check metrics` and the project's conventions require of one mapped result.
    static func nameProblems(_ result: MappingResult, metricClass: MetricClass) -> [String] {
        var problems: [String] = []
        let name = result.name
        if result.action != .map {
            problems.append("action is \(result.action), expected map")
        }
        if name.wholeMatch(of: /airflow_[a-z0-9_]+/) == nil {
            problems.append("name \"\(name)\" is not ^airflow_[a-z0-9_]+$")
        }
        if name.contains("__") || name.hasSuffix("_") {
            problems.append("name \"\(name)\" has an empty snake_case word")
        }
        switch metricClass {
        case .counter:
            if !name.hasSuffix("_total") {
                problems.append("counter \"\(name)\" does not end in _total")
            }
        case .gauge:
            if name.hasSuffix("_total") {
                problems.append("gauge \"\(name)\" ends in _total")
            }
        case .observer:
            if !name.hasSuffix("_seconds") {
                problems.append("timer \"\(name)\" does not end in _seconds")
            }
            if result.observerType != .histogram {
                problems.append("timer \"\(name)\" is a \(result.observerType.rawValue), expected a histogram")
            }
            if result.histogramOptions.buckets.count < 8 {
                problems.append("timer \"\(name)\" has only \(result.histogramOptions.buckets.count) buckets")
            }
        }
        if metricClass != .observer, ["_sum", "_count", "_bucket"].contains(where: name.hasSuffix) {
            problems.append("\"\(name)\" ends in a suffix reserved for histograms and summaries")
        }
        for label in result.labels where label.name.wholeMatch(of: /[a-z][a-z0-9_]+/) == nil {
            problems.append("label name \"\(label.name)\" is not snake_case")
        }
        return problems
    }

    // MARK: 3. No id in a family name

    /// Ids that appear in the traffic files (dag ids, task ids, pools, hosts, executors, operators, files, bundles).
    static let knownIDs = [
        // Airflow 2.10 traffic: dag ids with dots and dashes, task ids of task groups, pools, executor, host.
        "etl_daily", "ml-train", "reports", "weekly", "reports.weekly", "extract", "transform", "evaluate",
        "render", "prepare.features", "prepare.labels", "email.send", "features", "default_pool", "db_pool",
        "CeleryExecutor", "triggerer-0", "11973", "reports_weekly",
        // Airflow 3.3.2 capture.
        "example_", "tutorial", "workday", "event_listener", "listener_plugin", "business_day_window",
        "section_1__task_1", "task_group_function", "run_after_loop", "runme_0", "default", "vm",
        "LocalExecutor", "apache-airflow-providers", "example-dags",
        // Operators (inside one component of the StatsD name).
        "BashOperator", "PythonOperator", "EmptyOperator", "_PythonDecoratedOperator", "BranchPythonOperator",
        "PythonVirtualenvOperator", "ExternalPythonOperator", "TimeDeltaSensor",
        // A README example of a 3.x id with "__".
        "team__etl-daily", "extract-src__pull__users",
    ]

    /// Tag keys whose values are ids (tag values such as `state=success` or `action=start` are vocabulary).
    static let idTagKeys: Set<String> = [
        "dag_id", "task_id", "pool_name", "hostname", "file_name", "bundle_name", "file_path", "executor",
        "executor_class_name", "operator",
    ]

    /// `ml-train` and `reports.weekly` as they would look in an escaped metric name, lower-cased.
    static func escaped(_ id: String) -> String {
        var text = id.lowercased()
        if text.hasSuffix(".py") {
            text.removeLast(3)
        }
        return String(text.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    @Test("no family name holds a dag id, task id, pool, host, executor, operator, file or bundle")
    func noIDsInNames() throws {
        let config = try Self.loadConfig()
        var forbidden = Set(Self.knownIDs.map(Self.escaped))
        var names: [String: String] = [:]
        for file in Paths.trafficFiles {
            for line in try Self.trafficLines(file) {
                for tag in line.tags where Self.idTagKeys.contains(tag.key) {
                    let id = Self.escaped(tag.value)
                    // Single words shorter than 5 letters ("load", "fit", "send") are also Airflow's own
                    // vocabulary (io.load_filesystems); the longer ids and the known list are enough.
                    if id.count >= 5 || id.contains("_") {
                        forbidden.insert(id)
                    }
                }
                if let result = config.match(line.name, class: line.metricClass), names[result.name] == nil {
                    names[result.name] = line.text
                }
            }
        }
        let underscores = CharacterSet(charactersIn: "_")
        let ids = forbidden.map { $0.trimmingCharacters(in: underscores) }.filter { !$0.isEmpty }
        var problems: [String] = []
        for (name, example) in names.sorted(by: { $0.key < $1.key }) {
            for id in ids.sorted() where name.lowercased().contains(id) {
                problems.append("\(name) (from \(example)) contains \"\(id)\"")
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // The families do not grow with the ids: two traffic files with hundreds of ids give a fixed set.
        #expect(names.count < 130, "\(names.count) distinct names: \(names.keys.sorted())")
    }

    // MARK: 4. One label set and one type per family

    @Test("every family has one set of mapping labels and one metric type across Airflow 2.x and 3.x")
    func familiesAreConsistent() throws {
        let config = try Self.loadConfig()
        var labelSets: [String: (labels: [String], example: String)] = [:]
        var classes: [String: (metricClass: MetricClass, example: String)] = [:]
        var problems: [String] = []
        for file in Paths.trafficFiles {
            for line in try Self.trafficLines(file) {
                guard let result = config.match(line.name, class: line.metricClass) else { continue }
                let labels = result.labels.map(\.name).sorted()
                if let seen = labelSets[result.name], seen.labels != labels {
                    problems.append(
                        "\(result.name): labels \(labels) for \(line.text), but \(seen.labels) for \(seen.example)"
                    )
                } else {
                    labelSets[result.name] = (labels, line.text)
                }
                if let seen = classes[result.name], seen.metricClass != line.metricClass {
                    problems.append(
                        "\(result.name): \(line.metricClass.name) for \(line.text), "
                            + "but \(seen.metricClass.name) for \(seen.example)"
                    )
                } else {
                    classes[result.name] = (line.metricClass, line.text)
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(40).joined(separator: "\n"))")
    }

    // MARK: 5. Exact results for representative lines

    enum Buckets {
        case defaults
        case long
        case delays
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var line: String
        var metricClass: MetricClass
        var name: String
        var labels: [String: String]
        var buckets: Buckets? = nil
        var scale: Double? = nil

        var testDescription: String { self.line }
    }

    static let cases: [Case] = [
        // Task instances, Airflow 2.x (dag id = first component, task id = the rest) and 3.x ("__" kept).
        Case(
            line: "airflow.ti.finish.etl_daily.extract.failed",
            metricClass: .counter,
            name: "airflow_ti_finish_total",
            labels: ["dag_id": "etl_daily", "task_id": "extract", "state": "failed"]
        ),
        Case(
            line: "airflow.ti.finish.ml-train.prepare.features.up_for_retry",
            metricClass: .counter,
            name: "airflow_ti_finish_total",
            labels: ["dag_id": "ml-train", "task_id": "prepare.features", "state": "up_for_retry"]
        ),
        Case(
            line: "airflow.ti.finish.reports.weekly.email.send.success",
            metricClass: .counter,
            name: "airflow_ti_finish_total",
            labels: ["dag_id": "reports", "task_id": "weekly.email.send", "state": "success"]
        ),
        Case(
            line: "airflow.ti.finish.example_task_group.section_2__inner_section_2__task_2.success",
            metricClass: .counter,
            name: "airflow_ti_finish_total",
            labels: [
                "dag_id": "example_task_group", "task_id": "section_2__inner_section_2__task_2", "state": "success",
            ]
        ),
        Case(
            line: "airflow.ti.finish.team__etl-daily.extract-src__pull__users.success",
            metricClass: .counter,
            name: "airflow_ti_finish_total",
            labels: ["dag_id": "team__etl-daily", "task_id": "extract-src__pull__users", "state": "success"]
        ),
        Case(
            line: "airflow.ti.finish.example_skip_dag.skip_operator_1.skipped",
            metricClass: .counter,
            name: "airflow_ti_finish_total",
            labels: ["dag_id": "example_skip_dag", "task_id": "skip_operator_1", "state": "skipped"]
        ),
        Case(line: "airflow.ti.finish", metricClass: .counter, name: "airflow_ti_finish_tagged_total", labels: [:]),
        Case(
            line: "airflow.ti.start.ml-train.prepare.features",
            metricClass: .counter,
            name: "airflow_ti_start_total",
            labels: ["dag_id": "ml-train", "task_id": "prepare.features"]
        ),
        Case(
            line: "airflow.ti.start.example_xcom.bash_push",
            metricClass: .counter,
            name: "airflow_ti_start_total",
            labels: ["dag_id": "example_xcom", "task_id": "bash_push"]
        ),
        Case(line: "airflow.ti.start", metricClass: .counter, name: "airflow_ti_start_tagged_total", labels: [:]),
        Case(
            line: "airflow.ti.running.default.example_bash_operator.run_after_loop",
            metricClass: .gauge,
            name: "airflow_ti_running",
            labels: ["queue": "default", "dag_id": "example_bash_operator", "task_id": "run_after_loop"]
        ),
        Case(
            line: "airflow.ti.deferred.default.example_time_delta_sensor_async.wait",
            metricClass: .gauge,
            name: "airflow_ti_deferred",
            labels: ["queue": "default", "dag_id": "example_time_delta_sensor_async", "task_id": "wait"]
        ),
        Case(line: "airflow.ti.queued", metricClass: .gauge, name: "airflow_ti_queued_tagged", labels: [:]),
        // Airflow 3.3.2 families that its own metrics registry (metrics_template.yaml) lists but the captures lack:
        // ti.scheduled beside ti.queued/running/deferred, and ti.awaiting_input, sent under its bare name only.
        Case(
            line: "airflow.ti.scheduled.default.team__etl-daily.extract-src__pull__users",
            metricClass: .gauge,
            name: "airflow_ti_scheduled",
            labels: ["queue": "default", "dag_id": "team__etl-daily", "task_id": "extract-src__pull__users"]
        ),
        Case(line: "airflow.ti.scheduled", metricClass: .gauge, name: "airflow_ti_scheduled_tagged", labels: [:]),
        Case(line: "airflow.ti.awaiting_input", metricClass: .gauge, name: "airflow_ti_awaiting_input", labels: [:]),
        Case(
            line: "airflow.task_instances_without_heartbeats_killed",
            metricClass: .counter,
            name: "airflow_task_instances_without_heartbeats_killed_total",
            labels: [:]
        ),

        // Task durations.
        Case(
            line: "airflow.dag.etl_daily.extract.duration",
            metricClass: .observer,
            name: "airflow_task_duration_seconds",
            labels: ["dag_id": "etl_daily", "task_id": "extract"],
            buckets: .long
        ),
        Case(
            line: "airflow.dag.reports.weekly.email.send.duration",
            metricClass: .observer,
            name: "airflow_task_duration_seconds",
            labels: ["dag_id": "reports", "task_id": "weekly.email.send"],
            buckets: .long
        ),
        Case(
            line: "airflow.dag.example_bash_operator.runme_0.duration",
            metricClass: .observer,
            name: "airflow_task_duration_seconds",
            labels: ["dag_id": "example_bash_operator", "task_id": "runme_0"],
            buckets: .long
        ),
        Case(
            line: "airflow.dag.ml-train.prepare.labels.queued_duration",
            metricClass: .observer,
            name: "airflow_task_queued_duration_seconds",
            labels: ["dag_id": "ml-train", "task_id": "prepare.labels"],
            buckets: .delays
        ),
        Case(
            line: "airflow.dag.example_bash_operator.runme_1.scheduled_duration",
            metricClass: .observer,
            name: "airflow_task_scheduled_duration_seconds",
            labels: ["dag_id": "example_bash_operator", "task_id": "runme_1"],
            buckets: .delays
        ),
        Case(
            line: "airflow.task.duration",
            metricClass: .observer,
            name: "airflow_task_duration_tagged_seconds",
            labels: [:],
            buckets: .long
        ),
        Case(
            line: "airflow.task.cpu_usage.ml-train.prepare.features",
            metricClass: .gauge,
            name: "airflow_task_cpu_usage",
            labels: ["dag_id": "ml-train", "task_id": "prepare.features"]
        ),

        // DAG runs: the dag id is the whole variable part.
        Case(
            line: "airflow.dagrun.duration.success.reports.weekly",
            metricClass: .observer,
            name: "airflow_dagrun_duration_seconds",
            labels: ["state": "success", "dag_id": "reports.weekly"],
            buckets: .long
        ),
        Case(
            line: "airflow.dagrun.duration.failed.etl_daily",
            metricClass: .observer,
            name: "airflow_dagrun_duration_seconds",
            labels: ["state": "failed", "dag_id": "etl_daily"],
            buckets: .long
        ),
        Case(
            line: "airflow.dagrun.duration.success.example_bash_operator",
            metricClass: .observer,
            name: "airflow_dagrun_duration_seconds",
            labels: ["state": "success", "dag_id": "example_bash_operator"],
            buckets: .long
        ),
        Case(
            line: "airflow.dagrun.duration.failed",
            metricClass: .observer,
            name: "airflow_dagrun_duration_tagged_seconds",
            labels: ["state": "failed"],
            buckets: .long
        ),
        Case(
            line: "airflow.dagrun.reports.weekly.first_task_scheduling_delay",
            metricClass: .observer,
            name: "airflow_dagrun_first_task_scheduling_delay_seconds",
            labels: ["dag_id": "reports.weekly"],
            buckets: .delays
        ),
        Case(
            line: "airflow.dagrun.schedule_delay.example_bash_operator",
            metricClass: .observer,
            name: "airflow_dagrun_schedule_delay_seconds",
            labels: ["dag_id": "example_bash_operator"],
            buckets: .delays
        ),
        Case(
            line: "airflow.dagrun.dependency-check.ml-train",
            metricClass: .observer,
            name: "airflow_dagrun_dependency_check_seconds",
            labels: ["dag_id": "ml-train"],
            buckets: .defaults
        ),
        Case(
            line: "airflow.dagrun.first_task_start_delay",
            metricClass: .observer,
            name: "airflow_dagrun_first_task_start_delay_seconds",
            labels: [:],
            buckets: .delays
        ),
        Case(
            line: "airflow.task_removed_from_dag.reports.weekly",
            metricClass: .counter,
            name: "airflow_task_removed_from_dag_total",
            labels: ["dag_id": "reports.weekly"]
        ),

        // Pools and executors.
        Case(
            line: "airflow.pool.open_slots.default_pool",
            metricClass: .gauge,
            name: "airflow_pool_open_slots",
            labels: ["pool": "default_pool"]
        ),
        Case(
            line: "airflow.pool.starving_tasks.db_pool",
            metricClass: .gauge,
            name: "airflow_pool_starving_tasks",
            labels: ["pool": "db_pool"]
        ),
        Case(line: "airflow.pool.open_slots", metricClass: .gauge, name: "airflow_pool_open_slots_tagged", labels: [:]),
        Case(
            line: "airflow.executor.open_slots.LocalExecutor",
            metricClass: .gauge,
            name: "airflow_executor_open_slots",
            labels: ["executor": "LocalExecutor"]
        ),
        Case(
            line: "airflow.executor.queued_tasks",
            metricClass: .gauge,
            name: "airflow_executor_queued_tasks_tagged",
            labels: [:]
        ),

        // Operators inside one component.
        Case(
            line: "airflow.operator_successes_BashOperator",
            metricClass: .counter,
            name: "airflow_operator_successes_total",
            labels: ["operator": "BashOperator"]
        ),
        Case(
            line: "airflow.operator_successes__PythonDecoratedOperator",
            metricClass: .counter,
            name: "airflow_operator_successes_total",
            labels: ["operator": "_PythonDecoratedOperator"]
        ),
        Case(
            line: "airflow.operator_failures_PythonOperator",
            metricClass: .counter,
            name: "airflow_operator_failures_total",
            labels: ["operator": "PythonOperator"]
        ),
        Case(
            line: "airflow.operator_successes",
            metricClass: .counter,
            name: "airflow_operator_successes_tagged_total",
            labels: [:]
        ),
        Case(
            line: "airflow.task_instance_created_EmptyOperator",
            metricClass: .counter,
            name: "airflow_task_instance_created_total",
            labels: ["operator": "EmptyOperator"]
        ),
        Case(
            line: "airflow.task_instance_created-BashOperator",
            metricClass: .counter,
            name: "airflow_task_instance_created_total",
            labels: ["operator": "BashOperator"]
        ),

        // Jobs.
        Case(
            line: "airflow.local_task_job.task_exit.11973.reports.weekly.email.send.0",
            metricClass: .counter,
            name: "airflow_local_task_job_task_exit_total",
            labels: ["dag_id": "reports", "task_id": "weekly.email.send", "return_code": "0"]
        ),
        Case(
            line: "airflow.local_task_job.task_exit.18434.etl_daily.extract.1",
            metricClass: .counter,
            name: "airflow_local_task_job_task_exit_total",
            labels: ["dag_id": "etl_daily", "task_id": "extract", "return_code": "1"]
        ),
        Case(
            line: "airflow.schedulerjobrunner_end",
            metricClass: .counter,
            name: "airflow_job_end_total",
            labels: ["job_type": "schedulerjobrunner"]
        ),
        Case(
            line: "airflow.job_start",
            metricClass: .counter,
            name: "airflow_job_start_total",
            labels: ["job_type": "job"]
        ),
        Case(
            line: "airflow.job_heartbeat_failure",
            metricClass: .counter,
            name: "airflow_job_heartbeat_failure_total",
            labels: ["job_type": "job"]
        ),
        Case(
            line: "airflow.local_task_job_prolonged_heartbeat_failure",
            metricClass: .counter,
            name: "airflow_local_task_job_prolonged_heartbeat_failure_total",
            labels: [:]
        ),

        // Scheduler, triggerer, DAG processing, 3.x extras.
        Case(
            line: "airflow.scheduler_heartbeat",
            metricClass: .counter,
            name: "airflow_scheduler_heartbeat_total",
            labels: [:]
        ),
        Case(
            line: "airflow.scheduler.scheduler_loop_duration",
            metricClass: .observer,
            name: "airflow_scheduler_scheduler_loop_duration_seconds",
            labels: [:],
            buckets: .defaults
        ),
        Case(
            line: "airflow.triggers.running.triggerer-0",
            metricClass: .gauge,
            name: "airflow_triggers_running",
            labels: ["hostname": "triggerer-0"]
        ),
        Case(
            line: "airflow.triggerer.capacity_left.vm",
            metricClass: .gauge,
            name: "airflow_triggerer_capacity_left",
            labels: ["hostname": "vm"]
        ),
        Case(
            line: "airflow.dag_processing.last_duration.etl_daily",
            metricClass: .observer,
            name: "airflow_dag_processing_last_duration_seconds",
            labels: ["bundle": "", "dag_file": "etl_daily"],
            buckets: .defaults,
            scale: 1000
        ),
        Case(
            line: "airflow.dag_processing.last_duration.apache-airflow-providers-standard-example-dags.example_sensors",
            metricClass: .observer,
            name: "airflow_dag_processing_last_duration_seconds",
            labels: ["bundle": "apache-airflow-providers-standard-example-dags", "dag_file": "example_sensors"],
            buckets: .defaults,
            scale: 1000
        ),
        Case(
            line: "airflow.dag_processing.last_run.seconds_ago.example_xcom",
            metricClass: .gauge,
            name: "airflow_dag_processing_last_run_age_seconds",
            labels: ["dag_file": "example_xcom"]
        ),
        Case(
            line: "airflow.dag_processing.processes",
            metricClass: .counter,
            name: "airflow_dag_processing_processes_total",
            labels: [:]
        ),
        Case(line: "airflow.dataset.orphaned", metricClass: .gauge, name: "airflow_asset_orphaned", labels: [:]),
        Case(line: "airflow.asset.orphaned", metricClass: .gauge, name: "airflow_asset_orphaned", labels: [:]),
        Case(
            line: "airflow.airflow.io.load_filesystems",
            metricClass: .observer,
            name: "airflow_io_load_filesystems_seconds",
            labels: [:],
            buckets: .defaults
        ),
        Case(
            line: "airflow.local_task_job.task_exit",
            metricClass: .counter,
            name: "airflow_local_task_job_task_exit_tagged_total",
            labels: [:]
        ),
        Case(
            line: "airflow.scheduler.dag_bag.cache_clear",
            metricClass: .counter,
            name: "airflow_scheduler_dag_bag_cache_clear_total",
            labels: [:]
        ),
        Case(
            line: "airflow.api_server.dag_bag.cache_size",
            metricClass: .gauge,
            name: "airflow_api_server_dag_bag_cache_size",
            labels: [:]
        ),
        Case(
            line: "airflow.connection_test.reaped",
            metricClass: .counter,
            name: "airflow_connection_test_reaped_total",
            labels: [:]
        ),
        Case(
            line: "airflow.connection_test.hook_duration",
            metricClass: .observer,
            name: "airflow_connection_test_hook_duration_seconds",
            labels: [:],
            buckets: .defaults
        ),
        Case(
            line: "airflow.deadline_alerts.deadline_missed",
            metricClass: .counter,
            name: "airflow_deadline_alerts_deadline_missed_total",
            labels: [:]
        ),
        Case(
            line: "airflow.resumable_job.reconnect_attempt",
            metricClass: .counter,
            name: "airflow_resumable_job_reconnect_attempt_total",
            labels: [:]
        ),
    ]

    @Test("representative Airflow 2.x and 3.x lines give the documented name and labels", arguments: cases)
    func representativeLine(_ expected: Case) throws {
        let config = try Self.loadConfig()
        let result = try #require(config.match(expected.line, class: expected.metricClass), "unmapped")
        #expect(result.action == .map)
        #expect(result.name == expected.name)
        let labels = Dictionary(result.labels.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(result.labels.count == labels.count, "a label name is repeated: \(result.labels)")
        #expect(labels == expected.labels)
        #expect(result.scale == expected.scale)
        if expected.metricClass == .observer {
            #expect(result.observerType == .histogram)
            let buckets = result.histogramOptions.buckets
            #expect(buckets == buckets.sorted() && Set(buckets).count == buckets.count)
            switch expected.buckets {
            case .defaults:
                // Internal operations: sub-millisecond to a minute.
                #expect(buckets.first.map { $0 <= 0.0001 } == true && buckets.last.map { $0 >= 60 } == true)
            case .long:
                // Task and DAG-run durations: sub-second to a day.
                #expect(buckets.first.map { $0 <= 0.1 } == true && buckets.last.map { $0 >= 86_400 } == true)
            case .delays:
                #expect(buckets.first.map { $0 <= 0.01 } == true && buckets.last.map { $0 >= 86_400 } == true)
            case nil:
                Issue.record("a timer case should say which buckets it expects")
            }
        }
    }

    // MARK: Issue 16: bounded labels, 2.x's executor gauges and negative counter

    /// No mapping label may take a value per task run: the local task job exits of the traffic files (one job id
    /// each) give one series per dag, task and return code.
    @Test("no label grows with every task run: task exits are counted per dag, task and return code")
    func noLabelPerTaskRun() throws {
        let config = try Self.loadConfig()
        var combinations = Set<String>()
        var series = Set<[String: String]>()
        var lines = 0
        for file in Paths.trafficFiles {
            for line in try Self.trafficLines(file)
            where line.name.hasPrefix("airflow.local_task_job.task_exit.") && line.tags.isEmpty {
                lines += 1
                let result = try #require(config.match(line.name, class: line.metricClass), "\(line.text) unmapped")
                let labels = Dictionary(uniqueKeysWithValues: result.labels.map { ($0.name, $0.value) })
                #expect(Set(labels.keys) == ["dag_id", "task_id", "return_code"], "\(line.text): \(labels)")
                series.insert(labels)
                // <job_id>.<dag_id>.<task_id>.<return_code>: everything after the job id.
                let rest = line.name.dropFirst("airflow.local_task_job.task_exit.".count)
                combinations.insert(String(rest.drop { $0 != "." }))
            }
        }
        // Many runs per task (83 lines here), one series per dag, task and return code.
        #expect(lines > 2 * series.count)
        #expect(series.count == combinations.count)
        var perRun: Set<String> = []
        for file in Paths.trafficFiles {
            for line in try Self.trafficLines(file) {
                for label in config.match(line.name, class: line.metricClass)?.labels ?? []
                where ["job_id", "run_id", "ti_id", "try_number"].contains(label.name) {
                    perRun.insert("\(line.name) -> \(label.name)")
                }
            }
        }
        #expect(perRun.isEmpty)
    }

    /// Airflow 2.x with one executor sends only the bare executor gauges: they must land in the families the
    /// shipped Grafana dashboard queries for executor slots.
    @Test("2.x's bare executor gauges land in the families the dashboard queries")
    func executorGaugesReachTheDashboard() throws {
        let config = try Self.loadConfig()
        let dashboard = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent("examples/grafana/airflow.json"),
            encoding: .utf8
        )
        var checked = 0
        for line in try Self.trafficLines("real-2.11.statsd") where line.name.hasPrefix("airflow.executor.") {
            let result = try #require(config.match(line.name, class: line.metricClass), "\(line.text) unmapped")
            #expect(dashboard.contains("sum(\(result.name))"), "\(line.text) -> \(result.name), not on the dashboard")
            checked += 1
        }
        #expect(checked >= 15)
    }

    /// The only negative counters Airflow sends are 2.x's dag_processing.processes decrements, which the mapping
    /// header and README explain: any other would be an unexplained error on the status page.
    @Test("the only negative counter in the traffic is 2.x's documented dag_processing.processes:-1")
    func onlyDocumentedNegativeCounters() throws {
        var negative: Set<String> = []
        for file in Paths.trafficFiles {
            let text = try String(contentsOfFile: Paths.traffic(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasSuffix("|c") && line.contains(":-") {
                negative.insert(String(line.prefix { $0 != ":" && $0 != "," }))
            }
        }
        #expect(negative == ["airflow.dag_processing.processes"])
        let header = try String(contentsOfFile: Paths.mapping, encoding: .utf8)
        #expect(header.contains("dag_processing.processes:1|c when one starts, :-1|c when"))
    }

    @Test("a bare name carrying InfluxDB tags maps to its _tagged family, apart from the id form")
    func taggedLinesUseTaggedFamilies() throws {
        let config = try Self.loadConfig()
        var checked = 0
        for line in try Self.trafficLines("traffic.statsd") where !line.tags.isEmpty {
            let result = try #require(config.match(line.name, class: line.metricClass), "\(line.text) unmapped")
            guard
                ["ti.start", "ti.finish", "task.duration", "pool.open_slots"].contains(where: {
                    line.name == "airflow.\($0)"
                })
            else { continue }
            checked += 1
            #expect(result.name.contains("_tagged"), "\(line.text) -> \(result.name)")
            #expect(result.labels.isEmpty, "\(line.text): mapping labels \(result.labels) would mask the tags")
        }
        #expect(checked > 0)
    }
}
