import ArgumentParser

/// The `--remote-write.*` flags (ours): push everything `/metrics` shows to Prometheus remote-write receivers.
struct RemoteWriteOptions: ParsableArguments {
    @Option(
        name: .customLong("remote-write.config-file"),
        help: ArgumentHelp(
            "Path to a remote-write config (Prometheus' remote_write: block and external_labels); enables pushing.",
            valueName: "path"
        )
    )
    var configFile: String = ""

    @Option(
        name: .customLong("remote-write.interval"),
        help: ArgumentHelp("Time between remote-write pushes.", valueName: "duration")
    )
    var interval: DurationArgument = DurationArgument(argument: "15s")!

    func validate() throws {
        guard self.interval.nanoseconds > 0 else {
            throw ValidationError("--remote-write.interval must be longer than 0s")
        }
    }
}
