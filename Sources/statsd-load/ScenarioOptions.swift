import ArgumentParser

/// The flags that describe a `send` scenario, shared by `send` and `compare` so both generate the same load.
struct ScenarioOptions: ParsableArguments {
    @Option(help: "Line type: \(LineKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind = LineKind.counter

    @Flag(help: "One line per datagram instead of batches of about --datagram-bytes.")
    var single = false

    @Option(help: "Lines per second to aim at; 0 sends as fast as possible.")
    var rate: Double = 0

    @Option(help: "Seconds to send (at most 30).")
    var duration: Double = 10

    @Option(help: "Distinct series the lines cycle through.")
    var names = 100

    @Option(name: .customLong("datagram-bytes"), help: "Largest batched datagram.")
    var datagramBytes = 1432

    @Option(help: "Datagrams per sendmmsg call.")
    var vector = 16

    @Option(help: "Sending sockets (source ports) used in turn, like that many clients; 1 is one application.")
    var sockets = 4

    @Option(
        help: "Name prefix of the generated lines (the default makes ≈46-byte lines, ≈30 per batched datagram)."
    )
    var prefix = "loadtest.frontend.http.requests.handler"

    func validate() throws {
        guard self.duration > 0 && self.duration <= 30 else {
            throw ValidationError("--duration must be in (0, 30]")
        }
        guard self.names > 0 else { throw ValidationError("--names must be positive") }
        guard self.rate >= 0 else { throw ValidationError("--rate must not be negative") }
    }

    /// The scenario, scraping `/metrics` every `scrapeEvery` seconds (0: never) with `concurrentScrapes` at once.
    func scenario(scrapeEvery: Double = 0, concurrentScrapes: Int = 1) -> LoadScenario {
        LoadScenario(
            kind: self.kind,
            single: self.single,
            rate: self.rate,
            duration: self.duration,
            names: self.names,
            datagramBytes: self.datagramBytes,
            vector: self.vector,
            sockets: self.sockets,
            prefix: self.prefix,
            scrapeEvery: scrapeEvery,
            concurrentScrapes: concurrentScrapes
        )
    }
}
