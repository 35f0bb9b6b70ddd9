import Foundation
import Testing

/// The real executable, run as a user runs it.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct CommandLineTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("statsd-bridge")
    }

    static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }

    @Test func helpListsEveryReferenceFlag() throws {
        let run = try Self.run(["--help"])
        #expect(run.status == 0)
        for flag in [
            "--web.listen-address", "--web.telemetry-path", "--web.enable-lifecycle", "--statsd.listen-udp",
            "--statsd.listen-tcp", "--statsd.listen-unixgram", "--statsd.listen-unix", "--statsd.unixsocket-mode",
            "--statsd.mapping-config",
            "--statsd.read-buffer", "--statsd.cache-size", "--statsd.cache-type", "--statsd.event-queue-size",
            "--statsd.event-flush-threshold", "--statsd.event-flush-interval", "--statsd.udp-packet-queue-size",
            "--statsd.parse-dogstatsd-tags", "--no-statsd.parse-dogstatsd-tags", "--statsd.parse-influxdb-tags",
            "--statsd.parse-librato-tags", "--statsd.parse-signalfx-tags", "--statsd.relay.address",
            "--statsd.relay.packet-length", "--debug.dump-fsm", "--check-config", "--log.level", "--log.format",
            "--version",
        ] {
            #expect(run.stdout.contains(flag), "help does not list \(flag)")
        }
        #expect(run.stdout.contains("default: :9125"))
        #expect(run.stdout.contains("default: :9102"))
    }

    @Test func versionExitsZero() throws {
        let run = try Self.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("statsd-bridge, version "))
    }

    @Test func unknownFlagExitsTwoWithOneHint() throws {
        let run = try Self.run(["--statsd.no-such-flag=1"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--statsd.no-such-flag"))
        #expect(run.stderr.components(separatedBy: "--help").count == 2, "\(run.stderr)")
    }

    /// kingpin gives every boolean flag a `--no-` form and `--flag=false`; the daemon then starts as usual (here it
    /// stops at the missing listeners, exit 1, not at the command line, exit 2).
    @Test func everyBooleanFlagTakesItsNegation() throws {
        let run = try Self.run([
            "--no-check-config", "--check-config=false", "--no-web.enable-lifecycle",
            "--no-statsd.parse-dogstatsd-tags",
            "--no-statsd.parse-influxdb-tags", "--no-statsd.parse-librato-tags", "--no-statsd.parse-signalfx-tags",
            "--statsd.listen-udp=", "--statsd.listen-tcp=", "--web.listen-address=127.0.0.1:0",
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("no StatsD listener is enabled"))
    }

    @Test func kingpinHelpFormsExitZero() throws {
        let long = try Self.run(["--help-long"])
        #expect(long.status == 0)
        #expect(long.stdout.contains("--statsd.mapping-config"))
        let manual = try Self.run(["--help-man"])
        #expect(manual.status == 0)
        #expect(manual.stdout.hasPrefix(".TH STATSD-BRIDGE 1\n.SH NAME\n"))
        #expect(manual.stdout.contains("--statsd.mapping-config"))
        let help = try Self.run(["help"])
        #expect(help.status == 0)
        #expect(help.stdout == long.stdout)
        let explain = try Self.run(["help", "explain"])
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("USAGE: statsd-bridge explain"))
        let unknown = try Self.run(["help", "nope"])
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr
                == "statsd-bridge: error: expected command but got \"nope\"\nRun 'statsd-bridge --help' for the list of "
                + "flags.\n"
        )
    }

    @Test func allListenersDisabledExitsOne() throws {
        let run = try Self.run(["--statsd.listen-udp=", "--statsd.listen-tcp", "", "--web.listen-address=127.0.0.1:0"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("no StatsD listener is enabled"))
    }

    @Test func invalidListenAddressExitsOne() throws {
        let run = try Self.run(["--statsd.listen-udp=localhost", "--check-config"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("invalid listen address \\\"localhost\\\""))
    }

    /// A path that exists at startup is refused, whatever it is, and left as it was: it may be another daemon's live
    /// socket.
    @Test func existingUnixSocketPathsAreRefusedAndKept() throws {
        let path = try temporaryFile("not a socket", suffix: ".sock")
        defer { unlink(path) }
        let run = try Self.run([
            "--statsd.listen-unix=\(path)", "--statsd.listen-udp=", "--statsd.listen-tcp=",
            "--web.listen-address=127.0.0.1:0",
        ])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "level=error msg=\"unix stream socket path \(path) already exists; remove it or choose another "
                    + "--statsd.listen-unix\"\n"
            ),
            "\(run.stderr)"
        )
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not a socket")

        let unixgram = try Self.run([
            "--statsd.listen-unixgram=\(path)", "--statsd.listen-udp=", "--statsd.listen-tcp=",
            "--web.listen-address=127.0.0.1:0",
        ])
        #expect(unixgram.status == 1)
        #expect(
            unixgram.stderr.contains(
                "level=error msg=\"unixgram socket path \(path) already exists; remove it or choose another "
                    + "--statsd.listen-unixgram\"\n"
            ),
            "\(unixgram.stderr)"
        )
    }

    /// The only listener can be the Unix stream socket: its path is logged with the others, it takes lines, and the
    /// socket file is gone once the daemon has stopped.
    @Test func unixStreamSocketIsLoggedServedAndRemovedOnExit() throws {
        let path = "/tmp/statsd-bridge-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        defer { unlink(path) }
        let daemon = try RunningExecutable(["--statsd.listen-udp=", "--statsd.listen-unix=\(path)"])
        defer { daemon.stop() }
        #expect(daemon.log.contains(" unix=\(path) "), "\(daemon.log)")
        #expect(access(path, F_OK) == 0)
        let connection = try LoopbackClient.openUnixStream(path: path)
        try LoopbackClient.write(Array("cli.unix:3|c\n".utf8), to: connection)
        close(connection)
        var text = ""
        for _ in 0..<100 where !text.contains("cli_unix 3") {
            text = try LoopbackClient.request("GET", "/metrics", port: daemon.webPort).text
            usleep(50_000)
        }
        #expect(text.contains("\ncli_unix 3\n"))
        daemon.stop()
        #expect(daemon.process.terminationStatus == 0)
        #expect(access(path, F_OK) != 0, "the socket file is left behind")
    }

    /// A remote-write config is checked like a mapping file: every problem with its position, exit 1 before
    /// anything listens; a good one passes `--check-config`.
    @Test func checkConfigReportsRemoteWriteErrorsWithPosition() throws {
        let path = try temporaryFile(
            "remote_write:\n  - url: http://r.example/write\n    queue_config: {capacity: 1}\n"
        )
        defer { unlink(path) }
        let bad = try Self.run(["--remote-write.config-file=\(path)", "--check-config"])
        #expect(bad.status == 1)
        #expect(
            bad.stderr == """
                \(path):3:20: remote_write[0].queue_config.capacity: unknown key "capacity" (a push sends one \
                snapshot, nothing queues)

                """
        )
        let daemon = try Self.run(["--remote-write.config-file=\(path)", "--statsd.listen-udp=127.0.0.1:0"])
        #expect(daemon.status == 1)
        #expect(daemon.stderr.contains("msg=\"invalid remote-write config\" file=\(path)"))
        #expect(!daemon.stderr.contains("listening"))

        try writeFile(path, "external_labels: {node: n1}\nremote_write:\n  - url: http://r.example/write\n")
        let good = try Self.run(["--remote-write.config-file=\(path)", "--check-config"])
        #expect(good.status == 0)
        #expect(good.stderr.contains("Configuration check successful, exiting"))
        let interval = try Self.run(["--remote-write.interval=0s", "--check-config"])
        #expect(interval.status == 2)
        #expect(interval.stderr.contains("--remote-write.interval must be longer than 0s"))
    }

    @Test func checkConfigReportsErrorsWithPosition() throws {
        let path = try temporaryFile(
            "mappings:\n  - match: \"a.b\"\n    name: \"ok\"\n  - match: \"c.*\"\n    nmae: \"x\"\n"
        )
        defer { unlink(path) }
        let bad = try Self.run(["--statsd.mapping-config=\(path)", "--check-config"])
        #expect(bad.status == 1)
        // One problem per line, as a compiler prints them, not one log line full of "\n".
        #expect(
            bad.stderr == """
                mapping config \(path) is invalid:
                \(path):4:5: mappings[1].name: a name is required (statsd_exporter requires it even with action: drop)
                \(path):5:5: mappings[1].nmae: unknown key "nmae"; did you mean "name"?

                """
        )

        try writeFile(path, "mappings:\n  - match: \"a.b\"\n    name: \"ok\"\n")
        let good = try Self.run(["--statsd.mapping-config=\(path)", "--check-config", "--statsd.listen-udp=:1"])
        #expect(good.status == 0)
        #expect(good.stderr.contains("msg=\"mapping config loaded\" file=\(path) mappings=1 warnings=0"))
        #expect(good.stderr.contains("Configuration check successful, exiting"))

        let none = try Self.run(["--check-config"])
        #expect(none.status == 0)
        #expect(none.stderr.contains("no mapping file given: nothing to check, exiting"))
        #expect(!none.stderr.contains("successful"))
    }

    /// What a user reads on standard error: where it listens, and a line when it stops on SIGTERM; at debug level
    /// what became of each new name, and services named rather than dumped.
    @Test func startupAndShutdownAreLogged() async throws {
        let port = 19_000 + Int.random(in: 0..<1_000)
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = [
            "--log.level=debug", "--web.listen-address=127.0.0.1:0", "--statsd.listen-udp=127.0.0.1:\(port)",
            "--statsd.listen-tcp=",
        ]
        let err = Pipe()
        process.standardError = err
        try process.run()
        try await Task.sleep(for: .seconds(1))
        try LoopbackClient.sendUDP(Array("app.hits:1|c|#env:prod\napp.hits:-1|c".utf8), port: port)
        try await Task.sleep(for: .milliseconds(200))
        process.terminate()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(
            stderr.contains(
                "no mapping file given (--statsd.mapping-config): every metric is exposed under its own name"
            )
        )
        #expect(stderr.contains("msg=\"statsd-bridge listening\""))
        #expect(stderr.contains("msg=\"shutting down: SIGTERM or SIGINT received\""))
        #expect(stderr.contains("msg=\"statsd-bridge stopped\""))
        #expect(
            stderr.contains(
                "msg=\"new name\" name=app.hits result=\"unmapped to series app_hits{env=\\\"prod\\\"} counter\""
            )
        )
        #expect(stderr.contains("msg=\"new name\" name=app.hits result=\"refused: negative counter\""))
        #expect(!stderr.contains("Logging.Logger("))
        #expect(!stderr.contains("_storage"))
    }

    @Test func inertFlagsWarnAtStartup() throws {
        let run = try Self.run(["--statsd.event-queue-size=5", "--statsd.event-flush-interval=500ms", "--check-config"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("flag=--statsd.event-queue-size"))
        #expect(run.stderr.contains("flag=--statsd.event-flush-interval"))
    }

    /// The official Airflow Helm chart starts the image with only `--statsd.mapping-config` and sends to 9125.
    @Test func defaultPortsAreThoseOfStatsDExporter() async throws {
        let path = try temporaryFile("mappings:\n  - match: \"airflow.*\"\n    name: \"airflow_$1\"\n")
        defer { unlink(path) }
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["--statsd.mapping-config=\(path)"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var text = ""
        for _ in 0..<100 {
            try? LoopbackClient.sendUDP(Array("airflow.scheduler_heartbeat:1|c".utf8), port: 9125)
            text = (try? LoopbackClient.request("GET", "/metrics", port: 9102).text) ?? ""
            if text.contains("airflow_scheduler_heartbeat ") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(text.contains("# TYPE airflow_scheduler_heartbeat counter"))
        try LoopbackClient.sendTCP(Array("airflow.tcp_line:1|c\n".utf8), port: 9125)
        for _ in 0..<50 where !text.contains("airflow_tcp_line 1") {
            try await Task.sleep(for: .milliseconds(100))
            text = try LoopbackClient.request("GET", "/metrics", port: 9102).text
        }
        #expect(text.contains("airflow_tcp_line 1"))
    }

    /// A second daemon on the same UDP port must fail as statsd_exporter does, not silently take half the traffic
    /// (SO_REUSEPORT across processes would let it join the port).
    @Test func secondInstanceOnTheSameUDPPortExitsOne() throws {
        let first = try RunningExecutable([])
        defer { first.stop() }
        let range = try #require(first.log.range(of: "udp=127.0.0.1:"))
        let port = try #require(Int(first.log[range.upperBound...].prefix { $0.isNumber }))
        let second = Process()
        second.executableURL = Self.executable
        second.arguments = [
            "--statsd.listen-udp=127.0.0.1:\(port)", "--statsd.listen-tcp=", "--web.listen-address=127.0.0.1:0",
        ]
        let errors = Pipe()
        second.standardError = errors
        try second.run()
        let deadline = Date().addingTimeInterval(10)
        while second.isRunning, Date() < deadline {
            usleep(20_000)
        }
        if second.isRunning {
            second.terminate()
            Issue.record("a second statsd-bridge on UDP port \(port) started instead of exiting")
        }
        second.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(second.terminationStatus == 1)
        #expect(
            stderr.contains("cannot listen for StatsD UDP on 127.0.0.1:\(port): Address already in use"),
            "\(stderr)"
        )
        #expect(first.process.isRunning)
    }

    @Test func sigtermStopsWithinTwoSeconds() throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = [
            "--statsd.listen-udp=127.0.0.1:0", "--statsd.listen-tcp=127.0.0.1:0", "--web.listen-address=127.0.0.1:0",
            "--log.format=json", "--statsd.read-buffer=1073741824",
        ]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let reader = err.fileHandleForReading
        var log = ""
        let deadline = Date().addingTimeInterval(20)
        while !log.contains("statsd-bridge listening"), Date() < deadline {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            log += String(decoding: chunk, as: UTF8.self)
        }
        #expect(log.contains("statsd-bridge listening"))
        #expect(
            log.contains(
                "\"msg\":\"--statsd.read-buffer is capped by net.core.rmem_max; raise it with: sysctl -w "
                    + "net.core.rmem_max=1073741824\""
            )
        )
        let started = Date()
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(Date().timeIntervalSince(started) < 2)
    }
}
