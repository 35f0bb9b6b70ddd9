import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOPosix
import TestSupport
import Testing

@testable import Bridge

/// ``HTTPHandler`` behind NIO's HTTP/1 server pipeline in an `EmbeddedChannel`: raw request bytes in, exact response
/// bytes out, whichever way the request is cut into reads.
///
/// `/metrics`, `/` and `/-/reload` answer from a thread pool, which an `EmbeddedEventLoop` cannot be completed from;
/// they are covered by the live tests in ``HTTPEndpointTests``.
struct HTTPHandlerTests {
    /// Raw requests on one connection and the exact bytes answered.
    struct Exchange: Sendable, CustomTestStringConvertible {
        var name: String
        var request: String
        var response: String
        /// Whether the handler closes the connection after answering.
        var closes = false

        var testDescription: String { self.name }
    }

    static let healthy = """
        HTTP/1.1 200 OK\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Length: 28\r
        \r
        Statsd Exporter is Healthy.\n
        """
    static let ready = """
        HTTP/1.1 200 OK\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Length: 26\r
        \r
        Statsd Exporter is Ready.\n
        """
    static let notFound = """
        HTTP/1.1 404 Not Found\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Length: 19\r
        \r
        404 page not found\n
        """
    /// HEAD of a probe: statsd_exporter answers methods other than GET with an empty 200.
    static let headHealthy = """
        HTTP/1.1 200 OK\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Length: 0\r
        \r\n
        """

    static let exchanges: [Exchange] = [
        Exchange(
            name: "GET /-/healthy",
            request: "GET /-/healthy HTTP/1.1\r\nHost: localhost\r\n\r\n",
            response: Self.healthy
        ),
        Exchange(
            name: "GET /-/ready",
            request: "GET /-/ready HTTP/1.1\r\nHost: localhost\r\nUser-Agent: probe\r\n\r\n",
            response: Self.ready
        ),
        Exchange(
            name: "GET of an unknown path",
            request: "GET /debug/pprof/?seconds=1 HTTP/1.1\r\nHost: localhost\r\n\r\n",
            response: Self.notFound
        ),
        Exchange(
            name: "POST /-/reload with a body and lifecycle off",
            request: "POST /-/reload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello",
            response: Self.notFound
        ),
        Exchange(
            name: "HEAD /-/healthy",
            request: "HEAD /-/healthy HTTP/1.1\r\nHost: localhost\r\n\r\n",
            response: Self.headHealthy
        ),
        Exchange(
            name: "HTTP/1.0 GET /-/ready closes",
            request: "GET /-/ready HTTP/1.0\r\n\r\n",
            response: """
                HTTP/1.0 200 OK\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Length: 26\r
                Connection: close\r
                \r
                Statsd Exporter is Ready.\n
                """,
            closes: true
        ),
        Exchange(
            name: "pipelined requests, the last with Connection: close",
            request: "GET /-/healthy HTTP/1.1\r\nHost: a\r\n\r\n"
                + "HEAD /-/healthy HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /nope HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /-/ready HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
            response: Self.healthy + Self.headHealthy + Self.notFound + """
                HTTP/1.1 200 OK\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Length: 26\r
                Connection: close\r
                \r
                Statsd Exporter is Ready.\n
                """,
            closes: true
        ),
    ]

    @Test("the request in one read gets the exact answer", arguments: Self.exchanges)
    func requestInOneRead(_ exchange: Exchange) throws {
        #expect(try Self.serve([Array(exchange.request.utf8)], closes: exchange.closes) == exchange.response)
    }

    @Test("the request cut into two reads at every byte offset gets the same answer", arguments: Self.exchanges)
    func requestCutAtEveryOffset(_ exchange: Exchange) throws {
        for pieces in Chunkings.everySplit(of: Array(exchange.request.utf8)) {
            let response = try Self.serve(pieces, closes: exchange.closes)
            #expect(response == exchange.response, "cut after byte \(pieces[0].count)")
        }
    }

    @Test("the request in random reads with empty ones mixed in gets the same answer", arguments: Self.exchanges)
    func requestInRandomReads(_ exchange: Exchange) throws {
        for pieces in Chunkings.random(of: Array(exchange.request.utf8), count: 50, maxPiece: 8, seed: 11) {
            let response = try Self.serve(pieces, closes: exchange.closes)
            #expect(response == exchange.response, "pieces of \(pieces.map(\.count)) bytes")
        }
    }

    /// Routes whose thread-pool closures must not be reached by the requests above.
    static let routes = HTTPRoutes(
        telemetryPath: "/metrics",
        enableLifecycle: false,
        renderMetrics: { _, _ in preconditionFailure("not an embedded route") },
        renderStatusPage: { _ in preconditionFailure("not an embedded route") },
        reload: { () throws(BridgeError) in preconditionFailure("not an embedded route") },
        requestQuit: { preconditionFailure("not an embedded route") }
    )

    /// Writes `pieces` as successive reads into the server pipeline the daemon builds (without TLS) and returns every
    /// byte written back.
    private static func serve(_ pieces: [[UInt8]], closes: Bool) throws -> String {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
        try channel.pipeline.syncOperations.addHandler(
            HTTPHandler(routes: Self.routes, threadPool: .singleton, security: nil)
        )
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9102)).wait()
        var written: [UInt8] = []
        for piece in pieces {
            // A closed connection reads nothing more; only trailing empty reads come after the request ends.
            guard channel.isActive else {
                #expect(piece.isEmpty)
                continue
            }
            try channel.writeInbound(channel.allocator.buffer(bytes: piece))
            while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
                written.append(contentsOf: buffer.readableBytesView)
            }
        }
        #expect(channel.isActive != closes)
        #expect(try channel.finish(acceptAlreadyClosed: closes).isClean)
        return String(decoding: written, as: UTF8.self)
    }
}
