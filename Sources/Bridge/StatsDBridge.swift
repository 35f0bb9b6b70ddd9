import Aggregation
import Exposition
import Ingest
import Listeners
import Logging
import Mapping
import NIOCore
import RemoteWrite
import StatsDProtocol
import Status
import Synchronization

/// The daemon's parts, built once from the configuration: the store, the mapping in force, the ingest context the
/// listeners get, the reloader, the self-metrics and what the status page reads.
///
/// Only the daemon's own assembly (``BridgeService``) sees all of it; each listener gets ``ingest``, the HTTP
/// handler gets ``HTTPRoutes``, the SIGHUP service gets ``reloader``.
package final class StatsDBridge: Sendable {
    package let configuration: BridgeConfiguration
    package let store: SeriesStore
    package let metrics = SelfMetrics()
    let mappingState: MappingState
    /// What every listener's pipelines read and write.
    package let ingest: IngestContext
    /// Reads the mapping file again on SIGHUP and `/-/reload`.
    package let reloader: MappingReloader
    /// The size of the last `/metrics` body, to size the next one's buffer.
    private let lastScrapeBytes = Atomic<Int>(0)
    /// The ports of the bound UDP listeners, whose kernel drop counts `/metrics` reports.
    private let boundUDPPorts = Mutex(Set<Int>())
    /// Open StatsD TCP and Unix stream connections and the limit on them.
    package let tcpConnections = TCPConnectionGate()
    /// Where raw lines are forwarded, when `--statsd.relay.address` is set.
    package let relay: Relay?
    /// Status page state, fed off the hot path: lines and samples per second over the last minute (read by the
    /// once-a-second sweep), whether kernel drops are rising (read by each page load), the most frequent unmapped
    /// names and the hits per rule (counted where a new series is resolved), and the latest reload.
    package let recentRates: RecentRates
    package let dropTrend: DropTrend
    package let unmappedNames = UnmappedNames()
    package let ruleHits = RuleHits()
    package let lastReload = LastReload()
    /// What remote write has pushed, when `--remote-write.config-file` is set.
    package let remoteWriteMetrics: RemoteWriteMetrics?
    private let startedAt: UInt64
    private let startedAtUnixSeconds: Double

    /// - Parameters:
    ///   - configuration: what the daemon was asked to do.
    ///   - mapping: the mapping loaded at startup (``MappingConfig/empty`` without a file).
    ///   - logger: where reloads are logged.
    /// - Throws: ``BridgeError`` when the relay target does not resolve.
    package init(
        configuration: BridgeConfiguration,
        mapping: MappingConfig,
        logger: Logger = Logger(label: "statsd-bridge", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(BridgeError) {
        self.configuration = configuration
        do {
            self.relay = try configuration.relayAddress.map { address throws(ListenerError) in
                try Relay(address: address, packetLength: configuration.relayPacketLength)
            }
        } catch {
            throw .listener(error)
        }
        self.store = SeriesStore(maxSeries: configuration.maxSeries)
        self.mappingState = MappingState(
            config: mapping,
            cacheSize: configuration.cacheSize,
            cacheType: configuration.cacheType
        )
        self.ingest = IngestContext(
            store: self.store,
            mapping: self.mappingState,
            metrics: self.metrics,
            ruleHits: self.ruleHits,
            unmappedNames: self.unmappedNames,
            dialects: configuration.dialects,
            forwarder: self.relay,
            resolutionTrace: Self.resolutionTrace(logger)
        )
        self.reloader = MappingReloader(
            path: configuration.mappingConfigPath,
            mapping: self.mappingState,
            metrics: self.metrics,
            lastReload: self.lastReload,
            logger: logger
        )
        self.startedAt = NIODeadline.now().uptimeNanoseconds
        self.startedAtUnixSeconds = ProcessStatistics.wallClockSeconds()
        self.recentRates = RecentRates(start: self.startedAt)
        self.dropTrend = DropTrend(start: self.startedAt)
        self.remoteWriteMetrics = configuration.remoteWrite.map(RemoteWriteService.metrics(for:))
    }

    /// At debug level, one line for each name a pipeline sees for the first time and what became of it; nothing
    /// (and no cost on ingest) otherwise.
    private static func resolutionTrace(_ logger: Logger) -> (@Sendable (String, String) -> Void)? {
        guard logger.logLevel <= .debug else { return nil }
        return { rawName, outcome in
            logger.debug("new name", metadata: ["name": "\(rawName)", "result": "\(outcome)"])
        }
    }

    /// The mapping in force.
    package var mapping: MappingConfig { self.mappingState.config }

    /// A pipeline over ``ingest``, for tests and tools that feed the bridge without a socket.
    package func makePipeline() -> IngestPipeline {
        self.ingest.makePipeline()
    }
    /// Removes series whose TTL has passed; run about once a second. Also takes the once-a-second reading of the
    /// line and sample totals behind the status page's rates, so ingest itself does no extra work for them.
    package func removeExpiredSeries() {
        let now = NIODeadline.now().uptimeNanoseconds
        self.store.removeExpired(now: now)
        let totals = self.metrics.currentTotals
        self.recentRates.record(.init(nanoseconds: now, lines: totals.parse.lines, samples: totals.parse.samples))
    }

    /// Everything `/metrics` shows, in `encoding`: user families and self-metrics sorted by name, rendered straight
    /// from the store's flat snapshot. A user family whose name is taken by a self-metric is left out, so the scrape
    /// stays valid. The body is written once, into its final buffer (sized from the previous scrape), through one
    /// small reused chunk.
    package func renderMetrics(_ encoding: ScrapeFormat.Encoding, allocator: ByteBufferAllocator) -> ByteBuffer {
        var body = allocator.buffer(capacity: max(1 << 16, self.lastScrapeBytes.load(ordering: .relaxed) &+ 4096))
        let own = self.selfMetricFamilies()
        let snapshot = self.store.exposition(now: NIODeadline.now().uptimeNanoseconds)
        let emit = { (chunk: inout [UInt8]) in
            body.writeBytes(chunk)
            chunk.removeAll(keepingCapacity: true)
        }
        switch encoding {
        case .text:
            TextRenderer.render(snapshot, merging: own, chunkBytes: 1 << 16, emit: emit)
        case .protobuf:
            let started = UInt64(max(0, self.startedAtUnixSeconds * 1e9))
            ProtobufRenderer.render(snapshot, merging: own, ownCreated: started, chunkBytes: 1 << 16, emit: emit)
        }
        self.lastScrapeBytes.store(body.readableBytes, ordering: .relaxed)
        return body
    }

    /// What a remote-write push sends: the same families, self-metrics included, as ``renderMetrics(_:allocator:)``.
    package func pushSnapshot() -> (snapshot: ExpositionSnapshot, own: [MetricFamilySnapshot]) {
        let own = self.selfMetricFamilies()
        return (self.store.exposition(now: NIODeadline.now().uptimeNanoseconds), own)
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
