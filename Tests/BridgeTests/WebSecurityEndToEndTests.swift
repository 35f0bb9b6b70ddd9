import Foundation
import TestSupport
import Testing

/// `--web.config.file` on the real executable, checked with curl: TLS, mutual TLS, basic auth, headers, and a file
/// changed while running.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct WebSecurityEndToEndTests {
    static let users = "basic_auth_users:\n  alice: \(WebConfigTests.secretHash)\n"
    /// The fixtures' server certificate and key, relative to the web config.
    static let serverTLS = "tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n"

    @Test func tlsWithBasicAuthGuardsEveryEndpoint() throws {
        let fixtures = try TLSFixtures()
        defer { fixtures.remove() }
        let config = try fixtures.write(
            "web.yml",
            Self.serverTLS + "http_server_config:\n  headers:\n    X-Frame-Options: deny\n" + Self.users
        )
        let daemon = try RunningExecutable(["--web.config.file=\(config)"])
        #expect(daemon.log.contains("TLS is enabled."))
        let url = "https://localhost:\(daemon.webPort)"
        let tls = ["--cacert", fixtures.path("ca.pem")]

        for path in ["/metrics", "/", "/-/healthy", "/-/ready"] {
            let anonymous = try Curl.run(tls + ["\(url)\(path)"])
            #expect(anonymous.code == 401, "\(path)")
            #expect(anonymous.body == "Unauthorized\n")
            #expect(anonymous.headers.contains("WWW-Authenticate: Basic\r\n"))
            #expect(anonymous.headers.contains("X-Frame-Options: deny\r\n"))
        }
        #expect(try Curl.run(tls + ["--user", "alice:wrong", "\(url)/metrics"]).code == 401)
        #expect(try Curl.run(tls + ["--user", "mallory:secret", "\(url)/metrics"]).code == 401)
        let allowed = try Curl.run(tls + ["--user", "alice:secret", "\(url)/metrics"])
        #expect(allowed.code == 200)
        #expect(allowed.body.contains("# TYPE statsd_exporter_build_info gauge"))
        #expect(allowed.headers.contains("X-Frame-Options: deny\r\n"))
        #expect(
            try Curl.run(tls + ["--user", "alice:secret", "\(url)/-/healthy"]).body == "Statsd Exporter is Healthy.\n"
        )

        let plain = try Curl.run(["--user", "alice:secret", "http://127.0.0.1:\(daemon.webPort)/metrics"])
        #expect(plain.status != 0)

        // A renewed certificate is served to the next client without a restart.
        let served = tls + ["--user", "alice:secret", "--write-out", "%{certs}\n%{http_code}", "\(url)/-/healthy"]
        #expect(try Curl.run(served).body.contains("Subject:CN = server"))
        try fixtures.write("server.key", String(contentsOfFile: fixtures.path("client.key"), encoding: .utf8))
        try fixtures.write("server.pem", String(contentsOfFile: fixtures.path("client.pem"), encoding: .utf8))
        let renewed = try Curl.run(served)
        #expect(renewed.code == 200)
        #expect(renewed.body.contains("Subject:CN = client"))
    }

    @Test func mutualTLSRequiresAClientCertificateFromTheCA() throws {
        let fixtures = try TLSFixtures()
        defer { fixtures.remove() }
        let config = try fixtures.write(
            "web.yml",
            Self.serverTLS
                + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.pem\n  min_version: TLS13\n"
        )
        let daemon = try RunningExecutable(["--web.config.file=\(config)"])
        let url = "https://localhost:\(daemon.webPort)/metrics"
        let tls = ["--cacert", fixtures.path("ca.pem")]
        let client = ["--cert", fixtures.path("client.pem"), "--key", fixtures.path("client.key")]

        #expect(try Curl.run(tls + [url]).status != 0)
        let stranger = ["--cert", fixtures.path("stranger.pem"), "--key", fixtures.path("stranger.key")]
        #expect(try Curl.run(tls + stranger + [url]).status != 0)
        #expect(try Curl.run(tls + client + [url]).code == 200)
        #expect(try Curl.run(tls + client + ["--tls-max", "1.2", url]).status != 0)
        #expect(try Curl.run(["--insecure"] + [url]).status != 0)
    }

    /// As in exporter-toolkit, users and certificates are read again when the file changes, and a file that turns
    /// bad fails closed with 500 until it is mended.
    @Test func changedWebConfigTakesEffectWithoutRestart() async throws {
        let fixtures = try TLSFixtures()
        defer { fixtures.remove() }
        let config = try fixtures.write("web.yml", Self.users)
        let daemon = try RunningExecutable(["--web.config.file=\(config)"])
        #expect(daemon.log.contains("TLS is disabled."))
        let url = "http://127.0.0.1:\(daemon.webPort)/metrics"
        #expect(try Curl.run(["--user", "alice:secret", url]).code == 200)

        try fixtures.write("web.yml", "basic_auth_users:\n  bob: \(WebConfigTests.secretHash)\n")
        #expect(try Curl.run(["--user", "alice:secret", url]).code == 401)
        #expect(try Curl.run(["--user", "bob:secret", url]).code == 200)

        try fixtures.write("web.yml", "basic_auth_users:\n  bob: not-a-hash\n")
        let broken = try Curl.run(["--user", "bob:secret", url])
        #expect(broken.code == 500)
        #expect(broken.body == "Internal Server Error\n")

        try fixtures.write("web.yml", "")
        #expect(try Curl.run([url]).code == 200)
    }

    @Test func badWebConfigStopsStartupWithPositions() throws {
        let path = try temporaryFile("tls_server_config:\n  cert_file: a.pem\n  key_file: a.key\n  min_version: SSL3\n")
        defer { unlink(path) }
        let run = try CommandLineTests.run([
            "--web.config.file=\(path)", "--statsd.listen-udp=127.0.0.1:0", "--web.listen-address=127.0.0.1:0",
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("msg=\"invalid web config\" file=\(path)"))
        #expect(run.stderr.contains("\(path):4:16: tls_server_config.min_version: unknown TLS version: SSL3"))
        #expect(!run.stderr.contains("statsd-bridge listening"))

        let missing = try CommandLineTests.run(["--web.config.file=/nonexistent/web.yml"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/web.yml: cannot read web config: No such file or directory"))
    }
}
