import Logging
import Mapping
import ServiceLifecycle
import UnixSignals
import WebSecurity

/// The daemon's service group: the bridge itself and the SIGHUP reloader, stopped gracefully on SIGTERM or SIGINT
/// (and when `/-/quit` ends the bridge service), escalating to cancellation after a second and a half so the process
/// always exits within two seconds.
package enum BridgeApplication {
    package static func run(
        configuration: BridgeConfiguration,
        mapping: MappingConfigLoader.Loaded,
        security: WebSecurity?,
        logger: Logger
    ) async throws {
        let bridge = try StatsDBridge(configuration: configuration, mapping: mapping.config, logger: logger)
        let service = BridgeService(bridge: bridge, logger: logger, security: security)
        var groupConfiguration = ServiceGroupConfiguration(
            services: [
                .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: SignalReloadService(reloader: bridge.reloader)),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        groupConfiguration.maximumGracefulShutdownDuration = .milliseconds(1500)
        try await ServiceGroup(configuration: groupConfiguration).run()
    }
}
