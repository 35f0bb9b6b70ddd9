import NIOCore
import NIOSSL

/// A ready TLS setup for the HTTP listener: the shared context and how each connection's handler verifies clients.
package struct TLSServer: Sendable {
    let context: NIOSSLContext
    /// `RequestClientCert` and `RequireAnyClientCert` ask for a certificate but do not verify it.
    let acceptsAnyCertificate: Bool

    /// The handler that terminates TLS on one accepted connection.
    package func makeHandler() -> NIOSSLServerHandler {
        if self.acceptsAnyCertificate {
            return NIOSSLServerHandler(context: self.context) { _, promise in
                promise.succeed(.certificateVerified)
            }
        }
        return NIOSSLServerHandler(context: self.context)
    }
}
