import ArgumentParser

/// The `--web.*` flags of statsd_exporter.
struct WebOptions: ParsableArguments {
    @Option(
        name: .customLong("web.listen-address"),
        help: ArgumentHelp("Address on which to expose metrics and the web interface.", valueName: "address")
    )
    var listenAddress: String = ":9102"

    @Option(
        name: .customLong("web.telemetry-path"),
        help: ArgumentHelp("Path under which to expose metrics.", valueName: "path")
    )
    var telemetryPath: String = "/metrics"

    @Option(
        name: .customLong("web.config.file"),
        help: ArgumentHelp(
            "Path to an exporter-toolkit web config that enables TLS, basic auth and response headers.",
            valueName: "path"
        )
    )
    var configFile: String = ""

    @Flag(
        name: .customLong("web.enable-lifecycle"),
        inversion: .prefixedNo,
        help: "Enable shutdown and reload via HTTP request (PUT or POST /-/quit and /-/reload)."
    )
    var enableLifecycle: Bool = false
}
