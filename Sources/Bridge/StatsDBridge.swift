import Aggregation
import Exposition
import Mapping
import NIOCore
import StatsDProtocol
import Synchronization

/// The daemon's shared state: configuration, the mapping in force, the series store and the self-metrics.
///
/// Listeners get an ``IngestPipeline`` each from it; the HTTP server asks it to render `/metrics` and to reload.
package final class StatsDBridge: Sendable {
    package let configuration: BridgeConfiguration
    package let store: SeriesStore
    package let metrics = SelfMetrics()
    let mappingState: MappingState
    /// The size of the last `/metrics` body, to size the next one's buffer.
    private let lastScrapeBytes = Atomic<Int>(0)
    /// The ports of the bound UDP listeners, whose kernel drop counts `/metrics` reports.
    private let boundUDPPorts = Mutex(Set<Int>())
    /// Open StatsD TCP connections and the limit on them.
    package let tcpConnections = TCPConnectionGate()
    /// Where raw lines are forwarded, when `--statsd.relay.address` is set.
    package let relay: Relay?
    /// Status page state, fed off the hot path: lines and samples per second over the last minute (read by the
    /// once-a-second sweep), the most frequent unmapped names and the hits per rule (counted where a new series is
    /// resolved), and the latest reload.
    package let recentRates: RecentRates
    package let unmappedNames = UnmappedNames()
    package let ruleHits = RuleHits()
    package let lastReload = LastReload()
    private let startedAt: UInt64
    private let startedAtUnixSeconds: Double

    /// - Parameters:
    ///   - configuration: what the daemon was asked to do.
    ///   - mapping: the mapping loaded at startup (``MappingConfig/empty`` without a file).
    /// - Throws: ``BridgeError`` when the relay target does not resolve.
    package init(configuration: BridgeConfiguration, mapping: MappingConfig) throws(BridgeError) {
        self.configuration = configuration
        self.relay = try configuration.relayAddress.map { address throws(BridgeError) in
            try Relay(address: address, packetLength: configuration.relayPacketLength)
        }
        self.store = SeriesStore(maxSeries: configuration.maxSeries)
        self.mappingState = MappingState(
            config: mapping,
            cacheSize: configuration.cacheSize,
            cacheType: configuration.cacheType
        )
        self.startedAt = NIODeadline.now().uptimeNanoseconds
        self.startedAtUnixSeconds = ProcessStatistics.wallClockSeconds()
        self.recentRates = RecentRates(start: self.startedAt)
    }

    /// The mapping in force.
    package var mapping: MappingConfig { self.mappingState.config }

    /// Reads the mapping file again and swaps it in when it is valid; a broken file keeps the old rules.
    /// Counted in `statsd_exporter_config_reloads_total{outcome}`.
    /// - Returns: the new mapping.
    /// - Throws: ``BridgeError`` naming every problem of the file, or that no file was configured.
    @discardableResult
    package func reload() throws(BridgeError) -> MappingConfig {
        guard let path = self.configuration.mappingConfigPath else { throw .noMappingConfig() }
        do {
            let config = try MappingConfig.load(contentsOf: path)
            self.mappingState.replace(with: config)
            self.metrics.recordReload(succeeded: true)
            self.lastReload.record(succeeded: true, unixSeconds: ProcessStatistics.wallClockSeconds())
            return config
        } catch {
            self.metrics.recordReload(succeeded: false)
            self.lastReload.record(
                succeeded: false,
                message: error.description,
                unixSeconds: ProcessStatistics.wallClockSeconds()
            )
            throw .mappingConfig(path, message: error.description)
        }
    }

    package func makePipeline() -> IngestPipeline {
        IngestPipeline(bridge: self)
    }

    /// Removes series whose TTL has passed; run about once a second. Also takes the once-a-second reading of the
    /// line and sample totals behind the status page's rates, so ingest itself does no extra work for them.
    package func removeExpiredSeries() {
        let now = NIODeadline.now().uptimeNanoseconds
        self.store.removeExpired(now: now)
        let totals = self.metrics.currentTotals
        self.recentRates.record(.init(nanoseconds: now, lines: totals.parse.lines, samples: totals.parse.samples))
    }

    /// Everything `/metrics` shows, in the text format: user families and self-metrics sorted by name, rendered
    /// straight from the store's flat snapshot. A user family whose name is taken by a self-metric is left out, so
    /// the scrape stays valid. The body is written once, into its final buffer (sized from the previous scrape),
    /// through one small reused chunk.
    package func renderMetrics(allocator: ByteBufferAllocator) -> ByteBuffer {
        var body = allocator.buffer(capacity: max(1 << 16, self.lastScrapeBytes.load(ordering: .relaxed) &+ 4096))
        let own = self.selfMetricFamilies()
        let snapshot = self.store.exposition(now: NIODeadline.now().uptimeNanoseconds)
        TextRenderer.render(snapshot, merging: own, chunkBytes: 1 << 16) { chunk in
            body.writeBytes(chunk)
            chunk.removeAll(keepingCapacity: true)
        }
        self.lastScrapeBytes.store(body.readableBytes, ordering: .relaxed)
        return body
    }

    var uptimeSeconds: Double {
        Double(NIODeadline.now().uptimeNanoseconds &- self.startedAt) / 1e9
    }

    var startTimeUnixSeconds: Double { self.startedAtUnixSeconds }

    var udpPorts: Set<Int> {
        get { self.boundUDPPorts.withLock { $0 } }
        set { self.boundUDPPorts.withLock { $0 = newValue } }
    }
}
