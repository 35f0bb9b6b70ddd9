import CompressNIO
import Exposition
import NIOCore
import NIOHTTP1
import NIOPosix
import WebSecurity

/// Serves statsd_exporter's endpoints: the telemetry path, `/`, `/-/healthy`, `/-/ready`, and with lifecycle on
/// `/-/reload` and `/-/quit`. Anything else is 404. There are no debug endpoints (our difference #13).
///
/// Rendering `/metrics` runs on a thread pool, so a large scrape never holds an event loop that ingest may share.
/// With a web config every request first passes its basic auth (bcrypt on a thread of its own unless the verdict is
/// cached) and every response carries its headers.
final class HTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let routes: HTTPRoutes
    private let threadPool: NIOThreadPool
    private let security: WebSecurity?
    private var request: HTTPRequestHead?
    /// `http_server_config.headers` of the web config in force for the request being answered.
    private var extraHeaders: [ResponseHeader] = []

    init(routes: HTTPRoutes, threadPool: NIOThreadPool, security: WebSecurity?) {
        self.routes = routes
        self.threadPool = threadPool
        self.security = security
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            self.request = head
        case .body:
            break
        case .end:
            guard let head = self.request else { return }
            self.request = nil
            self.authorize(head, context: context)
        }
    }

    /// Applies the web config, if any, then routes: exporter-toolkit's `webHandler`. A web config that turned bad
    /// since start answers 500; missing or wrong credentials answer 401 with `WWW-Authenticate: Basic`.
    private func authorize(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        guard let security = self.security else { return self.route(head, context: context) }
        let active: WebSecurity.Active
        switch security.current() {
        case .success(let current):
            active = current
        case .failure:
            self.extraHeaders = []
            return self.respond(context, head, status: .internalServerError, body: "Internal Server Error\n")
        }
        self.extraHeaders = active.headers
        let authenticator = active.authenticator
        guard authenticator.isEnabled else { return self.route(head, context: context) }
        guard let value = head.headers.first(name: "authorization"),
            let credentials = BasicCredentials(authorization: value)
        else { return self.refuse(head, context: context) }
        if let verdict = authenticator.cachedVerdict(for: credentials) {
            return verdict ? self.route(head, context: context) : self.refuse(head, context: context)
        }
        let verified = BasicAuthenticator.thread.runIfActive(eventLoop: context.eventLoop) {
            authenticator.verify(credentials)
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        verified.whenComplete { result in
            let (handler, context) = bound.value
            if case .success(true) = result {
                handler.route(head, context: context)
            } else {
                handler.refuse(head, context: context)
            }
        }
    }

    private func refuse(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "WWW-Authenticate", value: "Basic")
        let body = context.channel.allocator.buffer(string: "Unauthorized\n")
        self.respond(context, head, status: .unauthorized, headers: headers, body: body)
    }

    private func route(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let parts = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts.first.map(String.init) ?? ""
        let isChange = head.method == .PUT || head.method == .POST
        switch Endpoint(
            path: path,
            telemetryPath: self.routes.telemetryPath,
            enableLifecycle: self.routes.enableLifecycle
        ) {
        case .metrics:
            self.serveMetrics(head, context: context)
        case .statusPage:
            self.serveStatusPage(head, context: context)
        case .healthy:
            self.respond(context, head, status: .ok, body: head.method == .GET ? HTTPBodies.healthyBody : "")
        case .ready:
            self.respond(context, head, status: .ok, body: head.method == .GET ? HTTPBodies.readyBody : "")
        case .reload:
            guard isChange else { return self.respond(context, head, status: .ok, body: "") }
            self.serveReload(head, context: context)
        case .quit:
            guard isChange else { return self.respond(context, head, status: .ok, body: "") }
            self.respond(context, head, status: .ok, body: HTTPBodies.quitBody)
            self.routes.requestQuit()
        case .redirect(let target):
            let location = parts.count > 1 ? target + "?" + parts[1] : target
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "text/html; charset=utf-8")
            headers.add(name: "Location", value: location)
            let body = head.method == .GET ? "<a href=\"\(location)\">Moved Permanently</a>.\n\n" : ""
            self.respond(
                context,
                head,
                status: .movedPermanently,
                headers: headers,
                body: context.channel.allocator.buffer(string: body)
            )
        case .notFound:
            self.respond(context, head, status: .notFound, body: "404 page not found\n")
        }
    }

    /// gzip at its fastest level for `/metrics`.
    private static let scrapeCompression = CompressionAlgorithm.gzip(
        configuration: .init(compressionLevel: .fastestCompression)
    )

    private func serveMetrics(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let gzip = AcceptEncoding.allowsGzip(head.headers["accept-encoding"])
        let format = ScrapeFormat.negotiate(accept: head.headers["accept"])
        let render = self.routes.renderMetrics
        let allocator = context.channel.allocator
        let rendered = self.threadPool.runIfActive(eventLoop: context.eventLoop) { () throws -> ByteBuffer in
            var body = render(format.encoding, allocator)
            // The fastest level: a large scrape compresses about three times faster than at the default level, for a
            // body about a third larger; either decompresses to the same text.
            return gzip ? try body.compress(with: Self.scrapeCompression) : body
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        rendered.whenComplete { result in
            let (handler, context) = bound.value
            switch result {
            case .success(let body):
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: format.contentType)
                if gzip { headers.add(name: "Content-Encoding", value: "gzip") }
                handler.respond(context, head, status: .ok, headers: headers, body: body)
            case .failure(let error):
                handler.respond(context, head, status: .internalServerError, body: "rendering failed: \(error)\n")
            }
        }
    }

    /// The live status page (``StatusPage``), rendered on the thread pool because it walks the store like a scrape.
    /// `?refresh=N` sets the page's self-refresh in seconds (0 turns it off, at most an hour); the default is 5.
    private func serveStatusPage(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        var refresh = 5
        if let query = head.uri.split(separator: "?", maxSplits: 1).dropFirst().first {
            for pair in query.split(separator: "&") where pair.hasPrefix("refresh=") {
                if let value = Int(pair.dropFirst("refresh=".count)), (0...3600).contains(value) { refresh = value }
            }
        }
        let render = self.routes.renderStatusPage
        let refreshSeconds = refresh
        let rendered = self.threadPool.runIfActive(eventLoop: context.eventLoop) {
            render(refreshSeconds)
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        rendered.whenComplete { result in
            let (handler, context) = bound.value
            switch result {
            case .success(let page):
                handler.respond(context, head, status: .ok, contentType: "text/html; charset=utf-8", body: page)
            case .failure(let error):
                handler.respond(context, head, status: .internalServerError, body: "rendering failed: \(error)\n")
            }
        }
    }

    /// Reloads the mapping on the thread pool: reading and compiling a large file must not hold the event loop.
    private func serveReload(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let reload = self.routes.reload
        let reloaded = self.threadPool.runIfActive(eventLoop: context.eventLoop) { () -> String? in
            do throws(BridgeError) {
                try reload()
                return nil
            } catch {
                return error.message
            }
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        reloaded.whenComplete { result in
            let (handler, context) = bound.value
            switch result {
            case .success(nil):
                handler.respond(context, head, status: .ok, body: HTTPBodies.reloadBody)
            case .success(let message?):
                handler.respond(context, head, status: .internalServerError, body: message + "\n")
            case .failure(let error):
                handler.respond(context, head, status: .internalServerError, body: "reload failed: \(error)\n")
            }
        }
    }

    private func respond(
        _ context: ChannelHandlerContext,
        _ head: HTTPRequestHead,
        status: HTTPResponseStatus,
        contentType: String = "text/plain; charset=utf-8",
        body: String
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        self.respond(
            context,
            head,
            status: status,
            headers: headers,
            body: context.channel.allocator.buffer(string: body)
        )
    }

    private func respond(
        _ context: ChannelHandlerContext,
        _ head: HTTPRequestHead,
        status: HTTPResponseStatus,
        headers: HTTPHeaders,
        body: ByteBuffer
    ) {
        var headers = headers
        for header in self.extraHeaders {
            headers.replaceOrAdd(name: header.name, value: header.value)
        }
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        let keepAlive = head.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let response = HTTPResponseHead(version: head.version, status: status, headers: headers)
        context.write(Self.wrapOutboundOut(.head(response)), promise: nil)
        if head.method != .HEAD {
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        let written = context.writeAndFlush(Self.wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}

@available(*, unavailable)
extension HTTPHandler: Sendable {}
