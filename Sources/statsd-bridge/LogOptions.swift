import ArgumentParser

/// The `--log.*` flags of statsd_exporter.
struct LogOptions: ParsableArguments {
    enum Level: String, ExpressibleByArgument, CaseIterable {
        case debug, info, warn, error
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case logfmt, json
    }

    @Option(
        name: .customLong("log.level"),
        help: ArgumentHelp(
            "Only log messages with the given severity or above: debug, info, warn, error.",
            valueName: "level"
        )
    )
    var level: Level = .info

    @Option(
        name: .customLong("log.format"),
        help: ArgumentHelp("Output format of log messages: logfmt, json.", valueName: "format")
    )
    var format: Format = .logfmt
}
