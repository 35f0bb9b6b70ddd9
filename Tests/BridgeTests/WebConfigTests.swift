import Bridge
import ConfigSupport
import Logging
import Testing
import WebSecurity

#if canImport(Glibc)
import Glibc
#endif

/// The exporter-toolkit web config format: what loads, what is refused and where, and basic auth verdicts.
struct WebConfigTests {
    /// bcrypt (cost 4, to keep tests fast) of "secret".
    static let secretHash = "$2b$04$fbdZtG84Z.oqjnuLCSC/qOeNVzFrgu3u0NmYScWnW4HIkkX8yfQJG"

    @Test func fullConfigLoadsWithToolkitDefaultsAndRelativePaths() throws {
        let config = try WebConfig(
            yaml: """
                tls_server_config:
                  cert_file: tls/server.pem
                  key_file: /etc/keys/server.key
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: ca.pem
                  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
                  curve_preferences: [X25519, CurveP256]
                http_server_config:
                  http2: false
                  headers:
                    X-Frame-Options: deny
                    Strict-Transport-Security: max-age=31536000
                basic_auth_users:
                  alice: \(Self.secretHash)
                """,
            path: "/etc/statsd-bridge/web.yml"
        )
        let tls = try #require(config.tls)
        #expect(tls.certificate == .file("/etc/statsd-bridge/tls/server.pem"))
        #expect(tls.privateKey == .file("/etc/keys/server.key"))
        #expect(tls.clientCA == .file("/etc/statsd-bridge/ca.pem"))
        #expect(tls.clientAuth == .requireAndVerifyClientCert)
        #expect(tls.minVersion == .tls12)
        #expect(tls.maxVersion == .tls13)
        #expect(tls.cipherSuites == [0xC02F])
        #expect(tls.curves == [0x1D, 0x17])
        #expect(
            config.headers == [
                ResponseHeader(name: "X-Frame-Options", value: "deny"),
                ResponseHeader(name: "Strict-Transport-Security", value: "max-age=31536000"),
            ]
        )
        #expect(config.users == ["alice": Self.secretHash])
        #expect(config.warnings.isEmpty)
        #expect(
            config.watchedFiles == [
                "/etc/statsd-bridge/web.yml", "/etc/statsd-bridge/tls/server.pem", "/etc/keys/server.key",
                "/etc/statsd-bridge/ca.pem",
            ]
        )
    }

    @Test func emptyFileServesPlainHTTPWithoutAuth() throws {
        let config = try WebConfig(yaml: "", path: "web.yml")
        #expect(config.tls == nil)
        #expect(config.users.isEmpty)
        #expect(config.headers.isEmpty)
    }

    /// Every problem of the file at once, in file order, each with file:line:column and the key.
    @Test func everyErrorIsReportedWithItsPosition() {
        let yaml = """
            tls_server_config:
              cert_file: server.pem
              key_fle: server.key
              min_version: TLS14
              client_auth_type: RequireClientCertPlease
              cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]
            http_server_config:
              headers:
                Server: statsd-bridge
                X-Content-Type-Options: sniff
            basic_auth_users:
              bob: hunter2
            colour: blue
            """
        let error = #expect(throws: WebConfigError.self) { try WebConfig(yaml: yaml, path: "web.yml") }
        #expect(
            error?.diagnostics.map(\.description) == [
                "web.yml:1:1: tls_server_config: missing one of key or key_file",
                "web.yml:3:3: tls_server_config.key_fle: unknown key \"key_fle\"; did you mean \"key_file\"?",
                "web.yml:4:16: tls_server_config.min_version: unknown TLS version: TLS14; expected one of TLS10, TLS11, "
                    + "TLS12, TLS13",
                "web.yml:5:21: tls_server_config.client_auth_type: Invalid ClientAuth: RequireClientCertPlease; "
                    + "expected one of NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, "
                    + "RequireAndVerifyClientCert",
                "web.yml:6:19: tls_server_config.cipher_suites[0]: unknown cipher: TLS_RSA_WITH_RC4_128_SHA",
                "web.yml:9:5: http_server_config.headers: HTTP header \"Server\" can not be configured; allowed are "
                    + "Content-Security-Policy, Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, "
                    + "X-XSS-Protection",
                "web.yml:10:29: http_server_config.headers.X-Content-Type-Options: invalid value for "
                    + "X-Content-Type-Options. Expected one of: [\"nosniff\"], but got: \"sniff\"",
                "web.yml:12:8: basic_auth_users.bob: the password must be a bcrypt hash ($2a$, $2b$ or $2y$, cost "
                    + "04-31, 60 characters), e.g. from `htpasswd -nbBC 10 bob PASSWORD`",
                "web.yml:13:1: colour: unknown key \"colour\"; expected one of tls_server_config, http_server_config, "
                    + "basic_auth_users, rate_limit",
            ]
        )
    }

    @Test func clientCAWithoutClientAuthIsRefused() {
        let error = #expect(throws: WebConfigError.self) {
            try WebConfig(
                yaml: "tls_server_config:\n  cert_file: a.pem\n  key_file: a.key\n  client_ca_file: ca.pem\n",
                path: "web.yml"
            )
        }
        #expect(
            error?.description
                == "web.yml:4:3: tls_server_config: Client CA's have been configured without a Client Auth Policy; set "
                + "client_auth_type: RequireAndVerifyClientCert"
        )
    }

    /// Settings that load as in the toolkit but do something a reader may not expect are warned about.
    @Test func surprisingSettingsLoadWithWarnings() throws {
        let config = try WebConfig(
            yaml: """
                tls_server_config:
                  min_version: TLS13
                rate_limit:
                  burst: 10
                """,
            path: "web.yml"
        )
        #expect(config.tls == nil)
        #expect(
            config.warnings.map(\.description) == [
                "web.yml:2:3: tls_server_config: no cert_file, key_file or client auth is set, so TLS stays off and "
                    + "these settings have no effect, as in exporter-toolkit",
                "web.yml:3:1: rate_limit: rate_limit has no effect in statsd-bridge: every request is served",
            ]
        )
        let both = try WebConfig(
            yaml: "tls_server_config:\n  cert: inline\n  cert_file: a.pem\n  key_file: a.key\n",
            path: "web.yml"
        )
        #expect(both.tls?.certificate == .file("a.pem"))
        #expect(
            both.warnings.map(\.description) == [
                "web.yml:2:3: tls_server_config.cert: both cert and cert_file are set; cert_file is used and cert is "
                    + "ignored, as exporter-toolkit does"
            ]
        )
    }

    /// A TLS file that cannot be read is reported with the file's name and the system's reason.
    @Test func unreadableCertificateIsNamed() throws {
        let path = try temporaryFile(
            "tls_server_config:\n  cert_file: /nonexistent/server.pem\n  key_file: server.key\n"
        )
        defer { unlink(path) }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let error = #expect(throws: WebConfigError.self) { try WebSecurity(path: path, logger: logger) }
        #expect(error?.description == "failed to read cert_file (/nonexistent/server.pem): No such file or directory")
    }

    @Test func basicAuthVerdicts() {
        let authenticator = BasicAuthenticator(users: ["alice": Self.secretHash])
        #expect(authenticator.isEnabled)
        #expect(authenticator.verify(BasicCredentials(user: "alice", password: "secret")))
        #expect(!authenticator.verify(BasicCredentials(user: "alice", password: "Secret")))
        #expect(!authenticator.verify(BasicCredentials(user: "alice", password: "secret\u{0}more")))
        #expect(!authenticator.verify(BasicCredentials(user: "mallory", password: "fakepassword")))
        #expect(authenticator.cachedVerdict(for: BasicCredentials(user: "alice", password: "secret")) == true)
        #expect(authenticator.cachedVerdict(for: BasicCredentials(user: "alice", password: "Secret")) == false)
        #expect(!BasicAuthenticator(users: [:]).isEnabled)
    }

    @Test(arguments: [
        ("Basic YWxpY2U6c2VjcmV0", BasicCredentials(user: "alice", password: "secret")),
        ("basic YWxpY2U6c2U6Y3JldA==", BasicCredentials(user: "alice", password: "se:cret")),
        ("BASIC OmVtcHR5dXNlcg==", BasicCredentials(user: "", password: "emptyuser")),
    ])
    func authorizationHeadersAreRead(header: String, expected: BasicCredentials) {
        #expect(BasicCredentials(authorization: header) == expected)
    }

    @Test(arguments: [
        "", "Basic", "Basic ", "Bearer YWxpY2U6c2VjcmV0", "Basic YWxpY2U", "Basic YWxpY2Vfc2VjcmV0", "Basic YW=pY2U6",
        "Basic YWxp Y2U6",
    ])
    func malformedAuthorizationHeadersAreRefused(header: String) {
        #expect(BasicCredentials(authorization: header) == nil)
    }
}
