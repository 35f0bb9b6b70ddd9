import ArgumentParser
import Synchronization

/// `statsd-load`: drives a statsd-bridge (or statsd_exporter) on 127.0.0.1 and reports what it made of the load,
/// from the daemon's own counters and `/proc`.
///
/// Only loopback is ever targeted, and every run is bounded in time.
@main
struct StatsDLoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statsd-load",
        abstract:
            "Load generator for a StatsD daemon on 127.0.0.1: lines/s, drops, CPU per line, RSS per series, scrape "
            + "time.",
        subcommands: [Send.self, Series.self, Scrape.self, Compare.self]
    )
}

/// Where the daemon listens, shared by every subcommand.
struct DaemonOptions: ParsableArguments {
    @Option(name: .customLong("udp-port"), help: "The daemon's StatsD UDP port on 127.0.0.1.")
    var udpPort = 9125

    @Option(name: .customLong("http-port"), help: "The daemon's web port on 127.0.0.1.")
    var httpPort = 9102

    @Option(name: .customLong("metrics-path"), help: "The daemon's telemetry path.")
    var metricsPath = "/metrics"

    @Option(help: "The daemon's pid, for CPU seconds and RSS from /proc/<pid>.")
    var pid: Int32?

    var probe: DaemonProbe { DaemonProbe(httpPort: self.httpPort, pid: self.pid) }
}

/// The StatsD type of the generated lines.
enum LineKind: String, ExpressibleByArgument, CaseIterable {
    case counter, gauge, timer

    /// One line for series `index`; `step` varies timer and gauge values so sketches see a spread.
    func line(prefix: String, index: Int, step: Int) -> String {
        switch self {
        case .counter: "\(prefix).\(index):1|c"
        case .gauge: "\(prefix).\(index):\(step % 1000)|g"
        case .timer: "\(prefix).\(index):\(Double((step &* 7919) % 100_000) / 100)|ms"
        }
    }
}

/// Packs lines into datagrams of at most `limit` bytes (`\n`-separated, no trailing newline, as StatsD clients send).
func pack(_ lines: [String], limit: Int, single: Bool) -> (datagrams: [[UInt8]], linesPer: [Int]) {
    var datagrams: [[UInt8]] = []
    var linesPer: [Int] = []
    var current: [UInt8] = []
    var count = 0
    for line in lines {
        let bytes = Array(line.utf8)
        if !current.isEmpty && (single || current.count + 1 + bytes.count > limit) {
            datagrams.append(current)
            linesPer.append(count)
            current = []
            count = 0
        }
        if !current.isEmpty { current.append(UInt8(ascii: "\n")) }
        current.append(contentsOf: bytes)
        count += 1
    }
    if !current.isEmpty {
        datagrams.append(current)
        linesPer.append(count)
    }
    return (datagrams, linesPer)
}

func format(_ value: Double, _ digits: Int = 2) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = "\(rounded)"
    if text.hasSuffix(".0") { text.removeLast(2) }
    return text
}

extension StatsDLoadCommand {
    /// Steady-state ingest: a fixed set of series, batched or one line per datagram, at a rate or flat out.
    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Send lines for a bounded time, then report sent, processed, drop %, CPU-s per million lines, RSS."
        )

        @OptionGroup var daemon: DaemonOptions

        @OptionGroup var load: ScenarioOptions

        @Option(
            name: .customLong("scrape-every"),
            help: "Scrape /metrics every this many seconds while sending (0: never)."
        )
        var scrapeEvery: Double = 0

        @Option(name: .customLong("concurrent-scrapes"), help: "Scrapes started at once each --scrape-every.")
        var concurrentScrapes = 1

        func run() throws {
            let scenario = self.load.scenario(scrapeEvery: self.scrapeEvery, concurrentScrapes: self.concurrentScrapes)
            let result = try scenario.run(
                against: self.daemon.probe,
                udpPort: self.daemon.udpPort,
                path: self.daemon.metricsPath
            )
            let load = self.load
            let mode = load.single ? "single line per datagram" : "batched ≤ \(load.datagramBytes) B"
            print(
                "mode:            \(mode), \(load.kind.rawValue), \(load.names) series, \(load.sockets) sending socket(s)"
            )
            print("target rate:     \(load.rate > 0 ? "\(format(load.rate, 0)) lines/s" : "maximal")")
            let sent = result.sent
            print(
                "sent:            \(sent.lines) lines in \(sent.datagrams) datagrams over \(format(sent.seconds, 2)) s = \(format(Double(sent.lines) / sent.seconds, 0)) lines/s (\(format(Double(sent.lines) / Double(max(sent.datagrams, 1)), 1)) lines/datagram)"
            )
            print("processed:       \(format(result.processed, 0)) lines, \(format(result.packets, 0)) datagrams")
            print("dropped:         \(format(result.droppedLines, 0)) lines = \(format(result.dropPercent, 3)) %")
            if let kernel = result.kernelDrops {
                print("kernel RcvbufErrors (host): +\(format(kernel, 0)) datagrams")
            }
            if let cpu = result.cpuSeconds {
                print(
                    "daemon CPU:      \(format(cpu, 2)) s = \(format(result.cpuPerMillion ?? 0, 3)) CPU-s per million lines (\(format(cpu / sent.seconds * 100, 0)) % of one core)"
                )
            }
            if let rss = result.rssBytes {
                print("daemon RSS:      \(format(rss / 1_048_576, 1)) MiB")
            }
            if self.scrapeEvery > 0 {
                print("scrapes during the run: \(result.scrapes) ok, \(result.scrapeFailures) failed")
            }
        }
    }

    /// Cardinality: N new series, then RSS per series.
    struct Series: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create N distinct series (one family each) and report the daemon's RSS growth per series."
        )

        @OptionGroup var daemon: DaemonOptions

        @Option(help: "Line type: \(LineKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var kind = LineKind.counter

        @Option(help: "Distinct series to create.")
        var count = 100_000

        @Option(help: "Samples per series (timers: observations).")
        var samples = 1

        @Option(help: "Lines per second (kept moderate so no line is dropped).")
        var rate: Double = 200_000

        @Flag(
            help: ArgumentHelp(
                "Timers: sample k of a series is 1.2^k ms, so each of a series' samples (up to 60) lands in its own "
                    + "native-histogram bucket at the default schema 3."
            )
        )
        var distinctBuckets = false

        @Option(
            help: ArgumentHelp(
                "Name prefix (the defaults give the scrape sizes of statsd_exporter's figures: 13.6 MB for 100k "
                    + "counters, 33.5 MB for 100k timers)."
            )
        )
        var prefix: String?

        /// 1.2^`round` milliseconds, to three decimals: consecutive values are 1.2 times apart, more than schema 3's
        /// bucket factor of 2^(1/8) ≈ 1.09, so no two share a bucket.
        static func distinctBucketValue(_ round: Int) -> String {
            var value = 1.0
            for _ in 0..<(round % 60) { value *= 1.2 }
            return String((value * 1000).rounded() / 1000)
        }

        func validate() throws {
            guard self.count > 0 && self.samples > 0 else {
                throw ValidationError("--count and --samples must be positive")
            }
            guard self.rate > 0 else { throw ValidationError("--rate must be positive") }
            guard Double(self.count * self.samples) / self.rate <= 30 else {
                throw ValidationError("the run would take more than 30 s: raise --rate or lower --count")
            }
        }

        func run() throws {
            let probe = self.daemon.probe
            var lines: [String] = []
            lines.reserveCapacity(self.count * self.samples)
            let prefix =
                self.prefix
                ?? {
                    switch self.kind {
                    case .counter: "loadtest.counters"
                    case .gauge: "loadtest.gauges"
                    case .timer: "loadtest.timer_ms"
                    }
                }()
            for round in 0..<self.samples {
                for index in 0..<self.count {
                    if self.distinctBuckets, self.kind == .timer {
                        lines.append("\(prefix).\(index):\(Self.distinctBucketValue(round))|ms")
                    } else {
                        lines.append(self.kind.line(prefix: prefix, index: index, step: index &+ round &* 31))
                    }
                }
            }
            let (datagrams, linesPer) = pack(lines, limit: 1432, single: false)
            let before = try probe.settle(path: self.daemon.metricsPath)
            let blaster = try UDPBlaster(port: self.daemon.udpPort, sockets: 4)
            let sent = blaster.send(
                datagrams,
                linesPer: linesPer,
                rate: self.rate,
                seconds: 30,
                maxDatagrams: UInt64(datagrams.count),
                vectorLength: 8
            )
            let after = try probe.settle(path: self.daemon.metricsPath)
            let processed = after.lines - before.lines
            print(
                "series:          \(self.count) \(self.kind.rawValue)s × \(self.samples) sample(s), \(sent.lines) lines sent, \(format(processed, 0)) processed"
            )
            if let series = after.series {
                print("daemon series:   \(format(series, 0)) (before: \(format(before.series ?? 0, 0)))")
            }
            if let rssBefore = before.rssBytes, let rssAfter = after.rssBytes {
                print(
                    "daemon RSS:      \(format(rssBefore / 1_048_576, 1)) MiB → \(format(rssAfter / 1_048_576, 1)) MiB = \(format((rssAfter - rssBefore) / Double(self.count), 0)) B per series"
                )
            }
        }
    }

    /// Scrape latency, plain and gzip, optionally many at once.
    struct Scrape: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time GETs of /metrics, with and without gzip, in text or (--protobuf) protobuf."
        )

        @OptionGroup var daemon: DaemonOptions

        @Option(help: "Scrapes per encoding.")
        var repeats = 5

        @Option(help: "Scrapes in flight at once (each on its own connection).")
        var concurrency = 1

        @Flag(help: "Ask for the protobuf format, with the Accept header Prometheus sends for native histograms.")
        var protobuf = false

        func validate() throws {
            guard self.repeats > 0 && self.repeats <= 100 else { throw ValidationError("--repeats must be in 1...100") }
            guard self.concurrency > 0 && self.concurrency <= 64 else {
                throw ValidationError("--concurrency must be in 1...64")
            }
        }

        func run() throws {
            let probe = self.daemon.probe
            for gzip in [false, true] {
                var times: [Double] = []
                var bytes = 0
                var encoding: String?
                var failures = 0
                for _ in 0..<self.repeats {
                    let results = Mutex<[Result<DaemonProbe.Fetch, LoadError>]>([])
                    let running = Atomic<Int>(self.concurrency)
                    for _ in 0..<self.concurrency {
                        Thread.start { [path = self.daemon.metricsPath, protobuf = self.protobuf] in
                            let result = Result { () throws(LoadError) in
                                try probe.fetch(
                                    path: path,
                                    gzip: gzip,
                                    accept: protobuf ? DaemonProbe.protobufAccept : nil,
                                    keepBody: false
                                )
                            }
                            results.withLock { $0.append(result) }
                            running.subtract(1, ordering: .relaxed)
                        }
                    }
                    while running.load(ordering: .relaxed) > 0 { Clock.sleep(nanoseconds: 1_000_000) }
                    for result in results.withLock({ $0 }) {
                        switch result {
                        case .success(let fetch) where fetch.status == 200:
                            times.append(fetch.seconds)
                            bytes = fetch.bodyBytes
                            encoding = fetch.contentEncoding
                        default:
                            failures += 1
                        }
                    }
                }
                times.sort()
                let label = gzip ? "gzip " : "plain"
                guard !times.isEmpty else {
                    print("\(label): every scrape failed")
                    continue
                }
                let median = times[times.count / 2]
                print(
                    "\(label): \(bytes) bytes\(encoding.map { " (\($0))" } ?? ""), \(times.count) scrapes (\(self.concurrency) at a time): min \(format(times.first! * 1000, 1)) ms, median \(format(median * 1000, 1)) ms, max \(format(times.last! * 1000, 1)) ms\(failures > 0 ? ", \(failures) failed" : "")"
                )
            }
        }
    }
}
