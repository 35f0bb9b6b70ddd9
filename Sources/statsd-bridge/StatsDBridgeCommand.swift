import ArgumentParser
import Bridge
import ConfigSupport
import Listeners
import Logging
import RemoteWrite
import WebSecurity

#if canImport(Glibc)
import Glibc
#endif

/// The statsd-bridge daemon: statsd_exporter's command line, with the same flags and defaults.
@main
struct StatsDBridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statsd-bridge",
        abstract: "StatsD to Prometheus bridge, a drop-in replacement for statsd_exporter.",
        discussion: """
            Run 'statsd-bridge explain --statsd.mapping-config FILE [LINE ...]' to see how StatsD lines parse and map.
            """,
        version: "statsd-bridge, version \(BridgeVersion.current)"
    )

    @OptionGroup(title: "Web") var web: WebOptions
    @OptionGroup(title: "StatsD") var statsd: StatsDOptions
    @OptionGroup(title: "Remote write") var remoteWrite: RemoteWriteOptions
    @OptionGroup(title: "Logging") var log: LogOptions

    @Flag(name: .customLong("check-config"), inversion: .prefixedNo, help: "Check configuration and exit.")
    var checkConfig: Bool = false

    @Option(
        name: .customLong("debug.dump-fsm"),
        help: ArgumentHelp("The path to dump internal FSM generated for glob matching as Dot file.", valueName: "path")
    )
    var dumpFSM: String = ""

    /// Parses with statsd_exporter's exit codes: a bad command line exits 2, help and version exit 0, and a failure
    /// after parsing exits 1. kingpin's `help [COMMAND]`, `--help-long` and `--help-man` are answered here too.
    static func main() async {
        let arguments = ArgumentRewriter.rewrite(Array(CommandLine.arguments.dropFirst()))
        if let help = HelpRequest(arguments) {
            Self.answer(help)
        }
        let command: any ParsableCommand
        do {
            // `explain` is parsed on its own: as a subcommand, the daemon's own `--statsd.*` options would take its
            // flags.
            if arguments.first == "explain" {
                command = try ExplainCommand.parseAsRoot(Array(arguments.dropFirst()))
            } else {
                command = try Self.parseAsRoot(arguments)
            }
        } catch {
            let parser: any ParsableCommand.Type = arguments.first == "explain" ? ExplainCommand.self : Self.self
            if parser.exitCode(for: error) == .success {
                print(parser.fullMessage(for: error))
                Glibc.exit(0)
            }
            Self.refuse(parser.message(for: error))
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch {
            // `--help` and `--version` arrive here as errors of the command that parsing returned.
            if Self.exitCode(for: error) == .success {
                print(Self.fullMessage(for: error))
                Glibc.exit(0)
            }
            StandardError.write("statsd-bridge: \(Self.message(for: error))\n")
            Glibc.exit(1)
        }
    }

    /// Prints the help asked for and exits 0, or refuses an unknown command as kingpin does.
    private static func answer(_ help: HelpRequest) -> Never {
        switch help {
        case .daemon:
            print(Self.helpMessage())
        case .explain:
            print(ExplainCommand.helpMessage())
        case .manual:
            print(
                HelpRequest.manualPage(
                    name: "statsd-bridge",
                    abstract: Self.configuration.abstract,
                    help: Self.helpMessage()
                )
            )
        case .unknown(let command):
            Self.refuse("expected command but got \"\(command)\"")
        }
        Glibc.exit(0)
    }

    /// A command-line error: the message and one hint, exit status 2.
    private static func refuse(_ message: String) -> Never {
        StandardError.write("statsd-bridge: error: \(message)\n")
        StandardError.write("Run 'statsd-bridge --help' for the list of flags.\n")
        Glibc.exit(2)
    }

    func run() async throws {
        let logger = self.bootstrapLogging()
        var configuration: BridgeConfiguration
        do {
            configuration = try self.makeConfiguration()
        } catch {
            logger.error("\(error.message)")
            throw ExitCode(1)
        }
        self.warnAboutInertFlags(logger)
        configuration.remoteWrite = try self.loadRemoteWrite(logger)

        var security: WebSecurity?
        if !self.web.configFile.isEmpty {
            do {
                let loaded = try WebSecurity(path: self.web.configFile, logger: logger)
                for warning in loaded.startupWarnings {
                    logger.warning("\(warning)")
                }
                security = loaded
            } catch {
                logger.error("invalid web config", metadata: ["file": "\(self.web.configFile)"])
                for diagnostic in error.diagnostics {
                    logger.error("\(diagnostic)")
                }
                throw ExitCode(1)
            }
        }

        let mapping: MappingConfigLoader.Loaded
        do {
            mapping = try MappingConfigLoader.load(configuration.mappingConfigPath)
        } catch {
            if self.checkConfig {
                // One problem per line, `file:line:column: message`, as a compiler prints them.
                StandardError.write(error.message + "\n")
            } else {
                for line in error.message.split(separator: "\n") {
                    logger.error("\(line)")
                }
            }
            throw ExitCode(1)
        }
        for warning in mapping.warnings {
            logger.warning("\(warning)")
        }
        if let path = configuration.mappingConfigPath {
            logger.info(
                "mapping config loaded",
                metadata: [
                    "file": "\(path)", "mappings": "\(mapping.ruleCount)", "warnings": "\(mapping.warnings.count)",
                ]
            )
        } else {
            logger.info("no mapping file given (--statsd.mapping-config): every metric is exposed under its own name")
        }
        if !self.dumpFSM.isEmpty {
            do {
                try MappingConfigLoader.writeGlobFSM(of: mapping, to: self.dumpFSM)
            } catch {
                logger.error("\(error.message)")
                throw ExitCode(1)
            }
        }
        if self.checkConfig {
            if configuration.mappingConfigPath == nil, configuration.remoteWrite == nil {
                logger.info("no mapping file given: nothing to check, exiting")
            } else {
                logger.info("Configuration check successful, exiting")
            }
            return
        }
        guard
            configuration.udpAddress != nil || configuration.tcpAddress != nil || configuration.unixgramPath != nil
                || configuration.unixStreamPath != nil
        else {
            logger.error("\(BridgeError.noListeners().message)")
            throw ExitCode(1)
        }

        do {
            try await BridgeApplication.run(
                configuration: configuration,
                mapping: mapping,
                security: security,
                logger: logger
            )
        } catch {
            // The Unix socket listeners throw ``ListenerError`` itself; every other listener's is in a BridgeError.
            let message = (error as? BridgeError)?.message ?? (error as? ListenerError)?.message ?? "\(error)"
            logger.error("\(message)")
            throw ExitCode(1)
        }
    }

    /// Reads `--remote-write.config-file`: every problem on a line of its own, `file:line:column: key: message`, and
    /// exit 1 before anything listens.
    private func loadRemoteWrite(_ logger: Logger) throws -> RemoteWriteConfig? {
        let path = self.remoteWrite.configFile
        guard !path.isEmpty else { return nil }
        do {
            let config = try RemoteWriteConfig.load(path: path)
            for warning in config.warnings {
                logger.warning("\(warning)")
            }
            return config
        } catch {
            if self.checkConfig {
                StandardError.write(error.description + "\n")
            } else {
                logger.error("invalid remote-write config", metadata: ["file": "\(path)"])
                for diagnostic in error.diagnostics {
                    logger.error("\(diagnostic)")
                }
            }
            throw ExitCode(1)
        }
    }

    private func bootstrapLogging() -> Logger {
        let level: Logger.Level =
            switch self.log.level {
            case .debug: .debug
            case .info: .info
            case .warn: .warning
            case .error: .error
            }
        let format: StderrLogHandler.Format = self.log.format == .json ? .json : .logfmt
        LoggingSystem.bootstrap { _ in StderrLogHandler(level: level, format: format) }
        return Logger(label: "statsd-bridge")
    }

    private func makeConfiguration() throws(BridgeError) -> BridgeConfiguration {
        var configuration = BridgeConfiguration(
            udpAddress: try Self.address(self.statsd.listenUDP),
            tcpAddress: try Self.address(self.statsd.listenTCP)
        )
        configuration.unixgramPath = self.statsd.listenUnixgram.isEmpty ? nil : self.statsd.listenUnixgram
        configuration.unixStreamPath = self.statsd.listenUnix.isEmpty ? nil : self.statsd.listenUnix
        configuration.unixSocketMode = UInt16(self.statsd.unixSocketMode, radix: 8) ?? 0o755
        configuration.readBufferBytes = self.statsd.readBuffer
        configuration.udpReaders = 0
        configuration.mappingConfigPath = self.statsd.mappingConfig
        configuration.setMappingCache(size: self.statsd.cacheSize, random: self.statsd.cacheType == .random)
        configuration.setTagParsing(
            dogStatsD: self.statsd.tagParsing.dogStatsD,
            influxDB: self.statsd.tagParsing.influxDB,
            librato: self.statsd.tagParsing.librato,
            signalFX: self.statsd.tagParsing.signalFX
        )
        configuration.tcpMaxLineLength = self.statsd.tcpMaxLineLength
        configuration.maxSeries = self.statsd.maxSeries
        configuration.setTCPLimits(
            maxConnections: self.statsd.tcpMaxConnections,
            idleTimeoutNanoseconds: self.statsd.tcpIdleTimeout.nanoseconds
        )
        configuration.relayAddress = self.statsd.relayAddress
        configuration.relayPacketLength = self.statsd.relayPacketLength
        configuration.webAddress = try Self.address(self.web.listenAddress)
        configuration.telemetryPath = self.web.telemetryPath
        configuration.enableLifecycle = self.web.enableLifecycle
        configuration.version = BridgeVersion.current
        configuration.remoteWriteInterval = self.remoteWrite.interval.duration
        return configuration
    }

    private static func address(_ text: String) throws(BridgeError) -> ListenAddress? {
        do {
            return text.isEmpty ? nil : try ListenAddress(parsing: text)
        } catch {
            throw .listener(error)
        }
    }

    /// Flags statsd_exporter has whose function statsd-bridge does not have (yet, or by design) are accepted, and
    /// each one given says so at startup instead of doing nothing silently.
    private func warnAboutInertFlags(_ logger: Logger) {
        var inert: [(flag: String, why: String)] = []
        let queueFlags: [(String, Bool)] = [
            ("--statsd.event-queue-size", self.statsd.eventQueueSize != nil),
            ("--statsd.event-flush-threshold", self.statsd.eventFlushThreshold != nil),
            ("--statsd.event-flush-interval", self.statsd.eventFlushInterval != nil),
            ("--statsd.udp-packet-queue-size", self.statsd.udpPacketQueueSize != nil),
        ]
        for (flag, given) in queueFlags where given {
            inert.append((flag, "statsd-bridge applies samples where they are read, without an event queue"))
        }
        for (flag, why) in inert {
            logger.warning("flag has no effect", metadata: ["flag": "\(flag)", "reason": "\(why)"])
        }
    }
}
