import NIOSSL
import RemoteWrite
import TestSupport
import Testing

/// `tls_config` against an HTTPS receiver that wants a client certificate from its CA: the CA file makes the
/// receiver trusted, the client certificate and key get the push in, and a receiver the bridge cannot verify is a
/// network failure unless `insecure_skip_verify` says otherwise.
@Suite(.serialized) struct RemoteWriteTLSTests {
    /// A receiver with `server.pem` (signed by the fixtures' CA, for 127.0.0.1) that requires a client certificate
    /// signed by the same CA.
    static func mutualTLSReceiver(_ fixtures: TLSFixtures, certificate: String = "server") async throws -> FakeReceiver
    {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(fixtures.path("\(certificate).pem")).map {
                .certificate($0)
            },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: fixtures.path("\(certificate).key"), format: .pem))
        )
        tls.certificateVerification = .noHostnameVerification
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(fixtures.path("ca.pem")))
        return try await FakeReceiver(tls: try NIOSSLContext(configuration: tls)) { _ in (204, "") }
    }

    @Test func clientCertificateAndCAFileGetThePushIn() async throws {
        let fixtures = try TLSFixtures()
        defer { fixtures.remove() }
        let receiver = try await Self.mutualTLSReceiver(fixtures)
        defer { Task { await receiver.close() } }
        let source = try RemoteWriteServiceTests.Source()
        source.add(2)
        try await RemoteWriteServiceTests.withService(
            """
            remote_write:
              - url: \(receiver.url)
                tls_config:
                  ca_file: \(fixtures.path("ca.pem"))
                  cert_file: \(fixtures.path("client.pem"))
                  key_file: \(fixtures.path("client.key"))
            """,
            source: source
        ) { metrics in
            let requests = try await receiver.wait { !$0.isEmpty }
            #expect(try requests.first.flatMap(RemoteWriteServiceTests.counter(in:)) == 2)
            _ = try await receiver.wait { _ in
                RemoteWriteServiceTests.value(metrics, "statsd_bridge_remote_write_requests_sent_total") >= 1
            }
            #expect(RemoteWriteServiceTests.value(metrics, "statsd_bridge_remote_write_requests_sent_total") >= 1)
        }
    }

    /// Without the CA the receiver's certificate is not trusted; without a client certificate the receiver hangs
    /// up. Both are network failures, retried, and nothing arrives.
    @Test func untrustedOrAnonymousConnectionsFail() async throws {
        let fixtures = try TLSFixtures()
        defer { fixtures.remove() }
        let receiver = try await Self.mutualTLSReceiver(fixtures)
        defer { Task { await receiver.close() } }
        let source = try RemoteWriteServiceTests.Source()
        source.add(1)
        for tls in [
            "cert_file: \(fixtures.path("client.pem"))\n      key_file: \(fixtures.path("client.key"))",
            "ca_file: \(fixtures.path("ca.pem"))",
        ] {
            try await RemoteWriteServiceTests.withService(
                "remote_write:\n  - url: \(receiver.url)\n    tls_config:\n      \(tls)\n",
                source: source
            ) { metrics in
                let failed = "statsd_bridge_remote_write_requests_failed_total"
                _ = try await receiver.wait { _ in
                    RemoteWriteServiceTests.value(metrics, failed, ["reason": "network"]) >= 2
                }
                #expect(RemoteWriteServiceTests.value(metrics, failed, ["reason": "network"]) >= 2, "\(tls)")
                let error = metrics.status().first?.lastError?.message ?? ""
                #expect(!error.isEmpty, "\(tls)")
            }
        }
        #expect(receiver.requests.isEmpty)
    }

    /// `insecure_skip_verify` accepts a receiver whose certificate no CA vouches for (a self-signed one).
    @Test func insecureSkipVerifyTrustsAnyReceiver() async throws {
        let fixtures = try TLSFixtures()
        defer { fixtures.remove() }
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(fixtures.path("stranger.pem")).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: fixtures.path("stranger.key"), format: .pem))
        )
        tls.certificateVerification = .none
        let receiver = try await FakeReceiver(tls: try NIOSSLContext(configuration: tls)) { _ in (204, "") }
        defer { Task { await receiver.close() } }
        let source = try RemoteWriteServiceTests.Source()
        source.add(4)
        try await RemoteWriteServiceTests.withService(
            "remote_write:\n  - url: \(receiver.url)\n    tls_config: {insecure_skip_verify: true}\n",
            source: source
        ) { _ in
            let requests = try await receiver.wait { !$0.isEmpty }
            #expect(try requests.first.flatMap(RemoteWriteServiceTests.counter(in:)) == 4)
        }
    }
}
