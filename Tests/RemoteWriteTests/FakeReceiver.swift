import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A remote-write receiver on loopback that records every request and answers as the test says: the real HTTP
/// path the pusher uses (async-http-client over a socket), with the receiver's side under the test's control.
final class FakeReceiver: Sendable {
    struct Request: Sendable {
        var method: String
        var uri: String
        var headers: [String: String]
        var body: [UInt8]
    }

    /// The status and body of the answer to the request with this index (0 for the first).
    typealias Answer = @Sendable (_ index: Int) -> (status: Int, body: String)

    /// The requests so far, shared with the connection handlers.
    private final class Recorder: Sendable {
        let requests = Mutex<[Request]>([])
    }

    private let channel: any Channel
    private let received: Recorder

    var port: Int { self.channel.localAddress?.port ?? 0 }
    private let scheme: String
    var url: String { "\(self.scheme)://127.0.0.1:\(self.port)/api/v1/write" }
    var requests: [Request] { self.received.requests.withLock { $0 } }

    /// - Parameter tls: serve HTTPS with this context (which may require client certificates).
    init(tls: NIOSSLContext? = nil, answer: @escaping Answer) async throws {
        let received = Recorder()
        self.received = received
        self.scheme = tls == nil ? "http" : "https"
        self.channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(received: received, answer: answer))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
    }

    func close() async {
        try? await self.channel.close()
    }

    /// Waits until `condition` holds for the requests so far, at most `seconds`: 30 by default, because a whole
    /// `swift test` on two cores can keep the pusher's tasks from running for over ten seconds.
    func wait(seconds: Double = 30, until condition: ([Request]) -> Bool) async throws -> [Request] {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int(seconds * 1000)))
        while ContinuousClock.now < deadline {
            let requests = self.requests
            if condition(requests) { return requests }
            try await Task.sleep(for: .milliseconds(20))
        }
        return self.requests
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let received: Recorder
        private let answer: Answer
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []

        init(received: Recorder, answer: @escaping Answer) {
            self.received = received
            self.answer = answer
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch self.unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                self.body = []
            case .body(let buffer):
                self.body += buffer.readableBytesView
            case .end:
                guard let head = self.head else { return }
                var headers: [String: String] = [:]
                for (name, value) in head.headers {
                    headers[name.lowercased()] = value
                }
                let request = Request(method: "\(head.method)", uri: head.uri, headers: headers, body: self.body)
                let index = self.received.requests.withLock {
                    $0.append(request)
                    return $0.count - 1
                }
                let (status, text) = self.answer(index)
                var response = HTTPHeaders()
                response.add(name: "Content-Length", value: "\(text.utf8.count)")
                let answerHead = HTTPResponseHead(
                    version: head.version,
                    status: .init(statusCode: status),
                    headers: response
                )
                context.write(self.wrapOutboundOut(.head(answerHead)), promise: nil)
                context.write(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
                context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
