import Synchronization

/// One steady-state ingest run: a fixed set of series, batched or one line per datagram, at a rate or flat out,
/// from one or several sending sockets, measured by the daemon's own counters and `/proc`. `send` prints one;
/// `compare` runs the same one against several daemons.
struct LoadScenario {
    var kind: LineKind
    var single: Bool
    var rate: Double
    var duration: Double
    var names: Int
    var datagramBytes: Int
    var vector: Int
    var sockets: Int
    var prefix: String
    var scrapeEvery: Double = 0
    var concurrentScrapes: Int = 1

    /// What one run gave.
    struct Result {
        var sent: UDPBlaster.Sent
        var processed: Double
        var packets: Double
        /// Datagrams the host's kernel dropped for full receive buffers during the run (every socket of the host).
        var kernelDrops: Double?
        var cpuSeconds: Double?
        var rssBytes: Double?
        var scrapes: Int
        var scrapeFailures: Int

        var droppedLines: Double { max(0, Double(self.sent.lines) - self.processed) }
        var dropPercent: Double { self.droppedLines / Double(max(self.sent.lines, 1)) * 100 }
        /// CPU-seconds per million processed lines.
        var cpuPerMillion: Double? { self.cpuSeconds.map { $0 / max(self.processed, 1) * 1e6 } }
    }

    /// Warms the daemon up (every series created), then sends for ``duration`` and reads the daemon again.
    func run(against probe: DaemonProbe, udpPort: Int, path: String) throws(LoadError) -> Result {
        // Enough distinct datagrams that every series appears and timer values vary.
        let lineCount = max(self.names, 20_000)
        let lines = (0..<lineCount).map { self.kind.line(prefix: self.prefix, index: $0 % self.names, step: $0) }
        let (datagrams, linesPer) = pack(lines, limit: self.datagramBytes, single: self.single)
        let blaster = try UDPBlaster(port: udpPort, sockets: self.sockets)
        _ = blaster.send(
            datagrams,
            linesPer: linesPer,
            rate: 200_000,
            seconds: 5,
            maxDatagrams: UInt64(datagrams.count),
            vectorLength: self.vector
        )
        let before = try probe.settle(path: path)
        let kernelBefore = DaemonProbe.udpReceiveBufferErrors()

        let stop = Atomic<Bool>(false)
        let scrapes = Atomic<Int>(0)
        let scrapeFailures = Atomic<Int>(0)
        let running = Atomic<Int>(0)
        if self.scrapeEvery > 0 {
            for _ in 0..<max(1, self.concurrentScrapes) {
                running.add(1, ordering: .relaxed)
                Thread.start { [every = self.scrapeEvery] in
                    while !stop.load(ordering: .relaxed) {
                        let fetch = try? probe.fetch(path: path, gzip: false, keepBody: false)
                        if fetch?.status == 200 {
                            scrapes.add(1, ordering: .relaxed)
                        } else {
                            scrapeFailures.add(1, ordering: .relaxed)
                        }
                        Clock.sleep(nanoseconds: UInt64(every * 1e9))
                    }
                    running.subtract(1, ordering: .relaxed)
                }
            }
        }
        let sent = blaster.send(
            datagrams,
            linesPer: linesPer,
            rate: self.rate,
            seconds: self.duration,
            vectorLength: self.vector
        )
        stop.store(true, ordering: .relaxed)
        while running.load(ordering: .relaxed) > 0 { Clock.sleep(nanoseconds: 10_000_000) }
        let after = try probe.settle(path: path)
        let kernelAfter = DaemonProbe.udpReceiveBufferErrors()
        var cpu: Double?
        if let cpuBefore = before.cpuSeconds, let cpuAfter = after.cpuSeconds { cpu = cpuAfter - cpuBefore }
        var kernel: Double?
        if let kernelBefore, let kernelAfter { kernel = kernelAfter - kernelBefore }
        return Result(
            sent: sent,
            processed: after.lines - before.lines,
            packets: after.udpPackets - before.udpPackets,
            kernelDrops: kernel,
            cpuSeconds: cpu,
            rssBytes: after.rssBytes,
            scrapes: scrapes.load(ordering: .relaxed),
            scrapeFailures: scrapeFailures.load(ordering: .relaxed)
        )
    }
}
