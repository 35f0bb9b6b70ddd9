import ArgumentParser

extension StatsDLoadCommand {
    /// The same load against several daemons, alternating, each run on a fresh daemon: how statsd-bridge compares
    /// with statsd_exporter (or one build with another) on this machine.
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one `send` scenario against several daemons, alternating fresh daemons, and print ratios.",
            discussion: """
                Each --daemon is a shell command line; {udp} and {http} in it become the ports to listen on \
                (127.0.0.1). For example:
                  statsd-load compare --kind timer --rate 400000 --names 1000 --sockets 1 \\
                    --daemon 'statsd_exporter --statsd.listen-udp=127.0.0.1:{udp} --statsd.listen-tcp= \
                --web.listen-address=127.0.0.1:{http}' \\
                    --daemon 'statsd-bridge --statsd.listen-udp=127.0.0.1:{udp} --statsd.listen-tcp= \
                --web.listen-address=127.0.0.1:{http}'
                The first daemon is the baseline: each ratio is its CPU per line divided by another's, so 10× means \
                the other one used a tenth of the CPU per line.
                """
        )

        @Option(name: .customLong("daemon"), help: "A daemon's command line, with {udp} and {http} (repeatable).")
        var daemons: [String] = []

        @Option(help: "Runs per daemon; each daemon's figure is the median.")
        var runs = 3

        @Option(name: .customLong("udp-port"), help: "The StatsD UDP port the daemons are given.")
        var udpPort = 19125

        @Option(name: .customLong("http-port"), help: "The web port the daemons are given.")
        var httpPort = 19102

        @Option(name: .customLong("metrics-path"), help: "The daemons' telemetry path.")
        var metricsPath = "/metrics"

        @OptionGroup var load: ScenarioOptions

        func validate() throws {
            guard !self.daemons.isEmpty else { throw ValidationError("give at least one --daemon") }
            guard (1...9).contains(self.runs) else { throw ValidationError("--runs must be in 1...9") }
        }

        func run() throws {
            let load = self.load
            let scenario = load.scenario()
            let rate = load.rate > 0 ? "\(format(load.rate, 0)) lines/s" : "flat out"
            print(
                "scenario: \(load.kind.rawValue), \(load.single ? "one line per datagram" : "batched"), "
                    + "\(load.names) series, \(rate), \(load.sockets) sending socket(s), "
                    + "\(format(load.duration, 0)) s per run"
            )
            var results = Array(repeating: [LoadScenario.Result](), count: self.daemons.count)
            for run in 1...self.runs {
                for (index, command) in self.daemons.enumerated() {
                    let line = command.replacing("{udp}", with: "\(self.udpPort)")
                        .replacing("{http}", with: "\(self.httpPort)")
                    let daemon = try DaemonProcess(command: line, logPath: "/tmp/statsd-load-daemon-\(index + 1).log")
                    defer { daemon.stop() }
                    let probe = DaemonProbe(httpPort: self.httpPort, pid: daemon.pid)
                    try daemon.waitUntilServing(probe, path: self.metricsPath)
                    let result = try scenario.run(against: probe, udpPort: self.udpPort, path: self.metricsPath)
                    results[index].append(result)
                    let cpu = result.cpuPerMillion.map { format($0, 3) } ?? "?"
                    print(
                        "run \(run), daemon \(index + 1): \(format(result.dropPercent, 3)) % dropped, "
                            + "\(cpu) CPU-s per million lines"
                    )
                }
            }
            var medians: [(drop: Double, cpu: Double)] = []
            for (index, runs) in results.enumerated() {
                let drop = Self.median(runs.map(\.dropPercent))
                let cpu = Self.median(runs.compactMap(\.cpuPerMillion))
                medians.append((drop, cpu))
                print(
                    "daemon \(index + 1): median \(format(drop, 3)) % dropped, \(format(cpu, 3)) CPU-s per million "
                        + "lines — \(self.daemons[index])"
                )
            }
            for index in medians.indices.dropFirst() where medians[index].cpu > 0 {
                let ratio = format(medians[0].cpu / medians[index].cpu, 2)
                print(
                    "CPU per line, daemon 1 ÷ daemon \(index + 1): \(ratio)× (above 1: daemon \(index + 1) is cheaper)"
                )
            }
        }

        private static func median(_ values: [Double]) -> Double {
            guard !values.isEmpty else { return .nan }
            return values.sorted()[values.count / 2]
        }
    }
}
