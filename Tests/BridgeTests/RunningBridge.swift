import Bridge
import Listeners
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A bridge running on loopback ephemeral ports for one test, shaped like Hummingbird's live test framework.
struct RunningBridge {
    let service: BridgeService
    let addresses: ListeningAddresses

    var udpPort: Int { self.addresses.udp[0].port }
    var tcpPort: Int { self.addresses.tcp[0].port }
    var httpPort: Int { self.addresses.http[0].port }

    func sendUDP(_ datagram: String) throws {
        try LoopbackClient.sendUDP(Array(datagram.utf8), port: self.udpPort)
    }

    func scrape() throws -> String {
        let response = try LoopbackClient.request("GET", "/metrics", port: self.httpPort)
        guard response.status == 200 else {
            throw LoopbackClient.Failure(description: "scrape answered \(response.status): \(response.text)")
        }
        return response.text
    }

    /// The lines of family `name` (HELP, TYPE and samples) in a scrape.
    func family(_ name: String, in text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            line == "# HELP \(name) " + line.dropFirst("# HELP \(name) ".count)
                || line == "# TYPE \(name) " + line.dropFirst("# TYPE \(name) ".count)
                || Self.sampleName(line).map {
                    $0 == name || [name + "_sum", name + "_count", name + "_bucket"].contains($0)
                } == true
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// Scrapes until `condition` holds for the text, for at most five seconds, then until the self-metrics settle;
    /// returns the last scrape.
    ///
    /// A reader adds its local counters to the self-metrics once per read burst, just after the samples reach the
    /// store, so a scrape can see a new series a moment before the `statsd_exporter_*` counts that go with it.
    func scrape(until condition: (String) -> Bool) async throws -> String {
        var text = ""
        for _ in 0..<100 {
            text = try self.scrape()
            if condition(text) { return try await self.settled(text) }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("condition not met within 5 s; last scrape:\n\(text)")
        return text
    }

    /// Scrapes until two scrapes 20 ms apart show the same self-metrics, starting from `text`.
    private func settled(_ text: String) async throws -> String {
        func selfMetrics(_ text: String) -> [Substring] {
            text.split(separator: "\n").filter { $0.hasPrefix("statsd_exporter_") || $0.hasPrefix("statsd_bridge_") }
        }
        var previous = text
        for _ in 0..<50 {
            try await Task.sleep(for: .milliseconds(20))
            let next = try self.scrape()
            if selfMetrics(next) == selfMetrics(previous) { return next }
            previous = next
        }
        Issue.record("self-metrics still changing after 1 s; last scrape:\n\(previous)")
        return previous
    }

    /// The value of the sample line `series` (name with labels exactly as rendered), if present.
    func value(of series: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    private static func sampleName(_ line: Substring) -> Substring? {
        guard !line.hasPrefix("#"), let end = line.firstIndex(where: { $0 == "{" || $0 == " " }) else { return nil }
        return line[..<end]
    }
}

/// Writes `contents` to a new temporary file and returns its path.
func temporaryFile(_ contents: String, suffix: String = ".yml") throws -> String {
    var template = Array("/tmp/statsd-bridge-test-XXXXXX\(suffix)".utf8CString)
    let fd = mkstemps(&template, Int32(suffix.utf8.count))
    guard fd >= 0 else { throw LoopbackClient.Failure(description: "mkstemps: errno \(errno)") }
    let bytes = Array(contents.utf8)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Starts a bridge on 127.0.0.1 ephemeral ports (UDP, TCP and HTTP), runs `body`, then stops it.
/// - Parameters:
///   - mapping: YAML of a mapping file to load, or `nil` for none.
///   - configure: changes to the configuration before start.
func withRunningBridge(
    mapping: String? = nil,
    configure: (inout BridgeConfiguration) -> Void = { _ in },
    _ body: (RunningBridge) async throws -> Void
) async throws {
    var configuration = BridgeConfiguration(
        udpAddress: ListenAddress(host: "127.0.0.1", port: 0),
        tcpAddress: ListenAddress(host: "127.0.0.1", port: 0)
    )
    configuration.webAddress = ListenAddress(host: "127.0.0.1", port: 0)
    if let mapping {
        configuration.mappingConfigPath = try temporaryFile(mapping)
    }
    configure(&configuration)
    defer { configuration.mappingConfigPath.map { _ = unlink($0) } }
    let loaded = try MappingConfigLoader.load(configuration.mappingConfigPath)
    let bridge = try StatsDBridge(configuration: configuration, mapping: loaded.config)
    let (addresses, continuation) = AsyncStream.makeStream(of: ListeningAddresses.self)
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let service = BridgeService(bridge: bridge, logger: logger, onListening: { continuation.yield($0) })
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            defer { continuation.finish() }
            try await service.run()
        }
        var iterator = addresses.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            try await group.waitForAll()
            return
        }
        do {
            try await body(RunningBridge(service: service, addresses: bound))
        } catch {
            service.requestQuit()
            throw error
        }
        service.requestQuit()
        try await group.waitForAll()
    }
}
