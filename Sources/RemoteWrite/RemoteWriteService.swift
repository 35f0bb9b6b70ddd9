import Aggregation
import AsyncHTTPClient
import ConfigSupport
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// Remote write as a service of the daemon's group: one pusher per `remote_write:` entry, each on its own task and
/// its own HTTP client (endpoints differ in TLS), none of them on the ingest or scrape path.
package final class RemoteWriteService: Service, Sendable, CustomStringConvertible {
    private let config: RemoteWriteConfig
    private let interval: Duration
    private let source: @Sendable () -> (snapshot: ExpositionSnapshot, own: [MetricFamilySnapshot])
    private let metrics: RemoteWriteMetrics
    private let userAgent: String
    private let logger: Logger

    /// - Parameters:
    ///   - interval: `--remote-write.interval`, the time between pushes.
    ///   - source: everything `/metrics` shows, read at each push.
    ///   - metrics: where the pushers count (``metrics(for:)`` makes it).
    ///   - version: the bridge's version, for `User-Agent`.
    package init(
        config: RemoteWriteConfig,
        interval: Duration,
        source: @escaping @Sendable () -> (snapshot: ExpositionSnapshot, own: [MetricFamilySnapshot]),
        metrics: RemoteWriteMetrics,
        version: String,
        logger: Logger
    ) {
        self.config = config
        self.interval = interval
        self.source = source
        self.metrics = metrics
        self.userAgent = "statsd-bridge/\(version)"
        self.logger = logger
    }

    /// The metrics for the endpoints of `config`, in its order.
    package static func metrics(for config: RemoteWriteConfig) -> RemoteWriteMetrics {
        RemoteWriteMetrics(endpoints: config.endpoints.map { ($0.name, $0.url) })
    }

    package var description: String { "RemoteWriteService" }

    package func run() async throws {
        var clients: [HTTPClient] = []
        for endpoint in self.config.endpoints {
            clients.append(
                HTTPClient(eventLoopGroupProvider: .singleton, configuration: try Self.clientConfiguration(endpoint))
            )
            self.logger.info(
                "remote write enabled",
                metadata: ["url": "\(endpoint.url)", "interval": "\(GoDuration.format(self.interval))"]
            )
        }
        await withTaskGroup(of: Void.self) { group in
            for (index, endpoint) in self.config.endpoints.enumerated() {
                let pusher = RemoteWritePusher(
                    endpoint: endpoint,
                    index: index,
                    interval: self.interval,
                    encoder: WriteRequestEncoder(
                        externalLabels: self.config.externalLabels,
                        maxSamplesPerSend: endpoint.queue.maxSamplesPerSend,
                        nativeHistograms: endpoint.sendNativeHistograms
                    ),
                    source: self.source,
                    client: clients[index],
                    metrics: self.metrics,
                    userAgent: self.userAgent,
                    logger: self.logger
                )
                group.addTask { await pusher.run() }
            }
        }
        for client in clients {
            try? await client.shutdown()
        }
    }

    /// The HTTP client an endpoint needs: its TLS files, and a connect timeout no longer than its request timeout.
    /// - Throws: when a TLS file (checked readable when the config was read) is not a PEM certificate or key.
    package static func clientConfiguration(_ endpoint: RemoteWriteEndpoint) throws -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        let timeout = endpoint.remoteTimeout.components
        configuration.timeout.connect = .seconds(min(10, max(1, timeout.seconds)))
        // A refused connection is a failed request, retried by the pusher's backoff; left to the client, it would be
        // retried quietly until the request's deadline, longer than the interval by default.
        configuration.connectionPool.retryConnectionEstablishment = false
        if let tls = endpoint.tls {
            var settings = TLSConfiguration.makeClientConfiguration()
            if let ca = tls.caFile {
                settings.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca))
            }
            if let cert = tls.certFile, let key = tls.keyFile {
                settings.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
                settings.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            }
            if tls.insecureSkipVerify {
                settings.certificateVerification = .none
            }
            configuration.tlsConfiguration = settings
        }
        return configuration
    }
}
