import Foundation
import Testing

/// `explain`, `--check-config` and SIGHUP reload, run on the real executable.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ExplainAndReloadTests {
    @Test func explainShowsRuleAndSeries() throws {
        let path = try temporaryFile(
            """
            mappings:
              - match: "app.*.latency"
                name: "app_latency_seconds"
                observer_type: histogram
                histogram_options:
                  buckets: [0.1, 1]
                labels:
                  service: "$1"
              - match: "junk.*"
                name: "junk"
                action: drop
            """
        )
        defer { unlink(path) }
        let run = try CommandLineTests.run([
            "explain", "--statsd.mapping-config", path, "app.web.latency:250|ms|#env:prod", "junk.x:1|c", "other:1|g",
            "bad",
        ])
        #expect(run.status == 0)
        #expect(
            run.stdout == """
                line: app.web.latency:250|ms|#env:prod
                  parsed: name "app.web.latency", type ms (observer), value 0.25 s (ms ÷ 1000)
                  tags: env="prod"
                  rule: mappings[0] at \(path):2:5, match "app.*.latency"
                  metric: app_latency_seconds{env="prod",service="web"} histogram
                  buckets: 0.1, 1, +Inf
                  native buckets: schema 3, at most 256 buckets (protobuf scrapes)

                line: junk.x:1|c
                  parsed: name "junk.x", type c (counter), value 1
                  rule: mappings[1] at \(path):9:5, match "junk.*"
                  result: dropped by the rule (statsd_exporter_events_actions_total{action="drop"})

                line: other:1|g
                  parsed: name "other", type g (gauge), value 1
                  rule: none matched; unmapped (statsd_exporter_events_unmapped_total), name escaped as is
                  metric: other gauge

                line: bad
                  invalid: malformed_line: no ':' separator, empty metric name, or invalid UTF-8 (statsd_exporter_sample_errors_total{reason="malformed_line"})


                """
        )
    }

    @Test func explainReportsConfigErrors() throws {
        let path = try temporaryFile("mappings:\n  - match: \"a.*\"\n    name: \"ok\"\n    lables: {}\n")
        defer { unlink(path) }
        let run = try CommandLineTests.run(["explain", "--statsd.mapping-config=\(path)", "a.b:1|c"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(path):4"))
        #expect(run.stderr.contains("lables"))
    }

    @Test func sighupReloadsAndKeepsOldRulesOnBrokenFile() async throws {
        let path = try temporaryFile("mappings:\n  - match: \"app.*\"\n    name: \"first_$1\"\n")
        defer { unlink(path) }
        let udp = try Self.freePort()
        let web = try Self.freePort()
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = [
            "--statsd.mapping-config=\(path)", "--statsd.listen-udp=127.0.0.1:\(udp)", "--statsd.listen-tcp=",
            "--web.listen-address=127.0.0.1:\(web)",
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        func scrape(until needle: String) async throws -> String {
            var text = ""
            for _ in 0..<100 {
                text = (try? LoopbackClient.request("GET", "/metrics", port: web).text) ?? ""
                if text.contains(needle) { return text }
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("no \(needle) in:\n\(text)")
            return text
        }
        _ = try await scrape(until: "statsd_exporter_build_info")
        try LoopbackClient.sendUDP(Array("app.one:1|c".utf8), port: udp)
        _ = try await scrape(until: "first_one 1")

        try writeFile(path, "mappings:\n  - match: \"app.*\"\n    name: \"second_$1\"\n")
        kill(process.processIdentifier, SIGHUP)
        _ = try await scrape(until: "statsd_exporter_config_reloads_total{outcome=\"success\"} 1")
        try LoopbackClient.sendUDP(Array("app.two:1|c".utf8), port: udp)
        _ = try await scrape(until: "second_two 1")

        try writeFile(path, "mappings:\n  - match: \"app.*\"\n    nmae: \"broken\"\n")
        kill(process.processIdentifier, SIGHUP)
        _ = try await scrape(until: "statsd_exporter_config_reloads_total{outcome=\"failure\"} 1")
        try LoopbackClient.sendUDP(Array("app.three:1|c".utf8), port: udp)
        let text = try await scrape(until: "second_three 1")
        #expect(text.contains("statsd_exporter_loaded_mappings 1"))
        #expect(process.isRunning)
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
