import ArgumentParser
import Bridge

/// `statsd-bridge explain`: what the daemon would do with each StatsD line under a mapping file.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statsd-bridge explain",
        abstract: "Explain how StatsD lines parse and map: the matching rule (file:line) and the resulting series.",
        discussion: "Lines come from the arguments, or from standard input (one per line) when none are given."
    )

    @Option(
        name: .customLong("statsd.mapping-config"),
        help: ArgumentHelp("Metric mapping configuration file name.", valueName: "file")
    )
    var mappingConfig: String?

    @OptionGroup var tagParsing: TagParsingOptions

    @Argument(help: "StatsD lines to explain.")
    var lines: [String] = []

    func run() throws {
        let loaded: MappingConfigLoader.Loaded
        do {
            loaded = try MappingConfigLoader.load(self.mappingConfig)
        } catch {
            StandardError.write("statsd-bridge explain: \(error.message)\n")
            throw ExitCode(1)
        }
        for warning in loaded.warnings {
            print("warning: \(warning)")
        }
        var configuration = BridgeConfiguration()
        configuration.setTagParsing(
            dogStatsD: self.tagParsing.dogStatsD,
            influxDB: self.tagParsing.influxDB,
            librato: self.tagParsing.librato,
            signalFX: self.tagParsing.signalFX
        )
        let explainer = MappingExplainer(config: loaded.config, configuration: configuration)
        if self.lines.isEmpty {
            while let line = readLine(strippingNewline: true) {
                print(explainer.explain(line))
            }
        } else {
            for line in self.lines {
                print(explainer.explain(line))
            }
        }
    }
}
