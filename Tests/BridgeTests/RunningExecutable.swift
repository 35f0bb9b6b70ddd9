import Foundation
import Testing

/// The real `statsd-bridge` executable started on ephemeral loopback ports, with its log kept for assertions.
final class RunningExecutable {
    let process = Process()
    private let errors = Pipe()
    private(set) var log = ""
    /// The HTTP port the daemon reported in its "listening" line.
    private(set) var webPort = 0

    /// Starts the daemon with `arguments` after the listener flags and waits (up to 20 s) until it listens.
    init(_ arguments: [String]) throws {
        self.process.executableURL = CommandLineTests.executable
        self.process.arguments =
            [
                "--statsd.listen-udp=127.0.0.1:0", "--statsd.listen-tcp=", "--web.listen-address=127.0.0.1:0",
            ] + arguments
        self.process.standardError = self.errors
        try self.process.run()
        let reader = self.errors.fileHandleForReading
        let deadline = Date().addingTimeInterval(20)
        while !self.log.contains("statsd-bridge listening"), Date() < deadline {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            self.log += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = self.log.range(of: "web=127.0.0.1:"),
            let port = Int(self.log[range.upperBound...].prefix { $0.isNumber })
        else {
            self.stop()
            throw LoopbackClient.Failure(description: "statsd-bridge did not start:\n\(self.log)")
        }
        self.webPort = port
    }

    func stop() {
        guard self.process.isRunning else { return }
        self.process.terminate()
        self.process.waitUntilExit()
    }

    deinit {
        self.stop()
    }
}

/// `curl` run against the daemon: the real client a user checks TLS and auth with.
enum Curl {
    struct Result {
        /// curl's exit status: 0 when an HTTP response arrived, otherwise a transport failure (TLS refused, ...).
        var status: Int32
        var code: Int
        var headers: String
        var body: String
    }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments =
            [
                "--silent", "--show-error", "--max-time", "10", "--dump-header", "/dev/stderr", "--write-out",
                "\n%{http_code}",
            ] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let newline = stdout.lastIndex(of: "\n") ?? stdout.startIndex
        return Result(
            status: process.terminationStatus,
            code: Int(stdout[newline...].dropFirst()) ?? 0,
            headers: stderr,
            body: String(stdout[..<newline])
        )
    }
}
