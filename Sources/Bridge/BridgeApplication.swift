import Logging
import Mapping
import RemoteWrite
import ServiceLifecycle
import UnixSignals
import WebSecurity

/// The daemon's service group: the bridge itself, the SIGHUP reloader and remote write when configured, stopped
/// gracefully on SIGTERM or SIGINT (and when `/-/quit` ends the bridge service), escalating to cancellation after a
/// second and a half so the process always exits within two seconds.
package enum BridgeApplication {
    package static func run(
        configuration: BridgeConfiguration,
        mapping: MappingConfigLoader.Loaded,
        security: WebSecurity?,
        logger: Logger
    ) async throws {
        let bridge = try StatsDBridge(configuration: configuration, mapping: mapping.config, logger: logger)
        let service = BridgeService(bridge: bridge, logger: logger, security: security)
        // The group stops services in reverse order: remote write last, so its final push sees every line the
        // listeners took.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let remoteWrite = configuration.remoteWrite, let metrics = bridge.remoteWriteMetrics {
            let pusher = RemoteWriteService(
                config: remoteWrite,
                interval: configuration.remoteWriteInterval,
                source: { bridge.pushSnapshot() },
                metrics: metrics,
                version: configuration.version,
                logger: logger
            )
            services.append(.init(service: pusher))
        }
        services += [
            .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: SignalReloadService(reloader: bridge.reloader)),
        ]
        var groupConfiguration = ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        groupConfiguration.maximumGracefulShutdownDuration = .milliseconds(1500)
        try await ServiceGroup(configuration: groupConfiguration).run()
    }
}
