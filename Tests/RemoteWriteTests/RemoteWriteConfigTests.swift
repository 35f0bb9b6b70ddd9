import Aggregation
import ConfigSupport
import Foundation
import RemoteWrite
import Testing

/// The remote-write config: Prometheus' `remote_write:` keys with their defaults, and every mistake reported with
/// its position and key, all at once.
struct RemoteWriteConfigTests {
    /// A directory with a password file and a token file, for the `*_file` keys.
    static func secrets() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rw-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "s3cret\n".write(to: directory.appendingPathComponent("password"), atomically: true, encoding: .utf8)
        try " token-1 \n".write(to: directory.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        try "not a certificate".write(to: directory.appendingPathComponent("ca.pem"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test func fullConfigReadsEveryKeyWithRelativeFiles() throws {
        let directory = try Self.secrets()
        let config = try RemoteWriteConfig(
            yaml: """
                global:
                  external_labels:
                    node: worker-1
                external_labels:
                  cluster: eu
                remote_write:
                  - url: https://mimir.example/api/v1/push
                    name: mimir
                    send_native_histograms: true
                    remote_timeout: 10s
                    headers:
                      X-Scope-OrgID: team-a
                    basic_auth:
                      username: bridge
                      password_file: password
                    queue_config:
                      batch_send_deadline: 2s
                      max_samples_per_send: 500
                      min_backoff: 50ms
                      max_backoff: 2s
                  - url: http://127.0.0.1:9090/api/v1/write
                    authorization:
                      credentials_file: token
                """,
            path: directory.appendingPathComponent("remote-write.yml").path
        )
        #expect(config.externalLabels == [Label(name: "node", value: "worker-1"), Label(name: "cluster", value: "eu")])
        try #require(config.endpoints.count == 2)
        let mimir = config.endpoints[0]
        #expect(mimir.url == "https://mimir.example/api/v1/push")
        #expect(mimir.name == "mimir")
        #expect(mimir.remoteTimeout == .seconds(10))
        #expect(mimir.sendNativeHistograms)
        #expect(mimir.headers.map { "\($0.name): \($0.value)" } == ["X-Scope-OrgID: team-a"])
        #expect(mimir.queue.batchSendDeadline == .seconds(2))
        #expect(mimir.queue.maxSamplesPerSend == 500)
        #expect(mimir.queue.minBackoff == .milliseconds(50))
        #expect(mimir.queue.maxBackoff == .seconds(2))
        guard case .basic(let username, let password)? = mimir.credentials else {
            Issue.record("basic_auth was not read: \(String(describing: mimir.credentials))")
            return
        }
        #expect(username == "bridge")
        #expect(try password.reveal() == "s3cret")

        let local = config.endpoints[1]
        #expect(local.name == "http://127.0.0.1:9090/api/v1/write")
        #expect(local.remoteTimeout == .seconds(30))
        #expect(!local.sendNativeHistograms)
        #expect(local.queue.maxSamplesPerSend == 2000)
        #expect(local.queue.minBackoff == .milliseconds(30))
        #expect(local.queue.maxBackoff == .seconds(5))
        guard case .authorization(let type, let credentials)? = local.credentials else {
            Issue.record("authorization was not read")
            return
        }
        #expect(type == "Bearer")
        #expect(try credentials.reveal() == "token-1")
    }

    /// Every mistake of one file, in file order, each with line, column, key and what to do.
    @Test func everyMistakeIsReportedWithItsPosition() throws {
        let directory = try Self.secrets()
        let path = directory.appendingPathComponent("rw.yml").path
        let yaml = """
            external_labels:
              __tenant: a
            remote_write:
              - url: mimir.example/api/v1/push
              - url: http://ok.example/write
                headers:
                  Authorization: Bearer x
                basic_auth:
                  password: a
                  password_file: password
                authorization:
                  credentials: b
                queue_config:
                  capacity: 10000
                  max_samples_per_send: 0
                  min_backoff: 10s
                  max_backoff: 1s
                tls_config:
                  ca_file: ca.pem
                  cert_file: missing.pem
                write_relabel_configs: []
              - remote_timeout: 5s
              - url: http://ok.example/write
                authorization:
                  type: Basic
                  credentials: x
            """
        #expect {
            try RemoteWriteConfig(yaml: yaml, path: path)
        } throws: { error in
            guard let error = error as? ConfigLoadError else { return false }
            let lines = error.diagnostics.map(\.description)
            let expected = [
                "\(path):2:3: external_labels.__tenant: \"__tenant\" is not a valid label name (letters, digits "
                    + "and _, not starting with a digit or __)",
                "\(path):4:10: remote_write[0].url: \"mimir.example/api/v1/push\" is not an http:// or https:// URL "
                    + "with a host",
                "\(path):7:7: remote_write[1].headers.Authorization: Authorization is a reserved header; it must not "
                    + "be changed (use authorization: or basic_auth:)",
                "\(path):8:5: remote_write[1].basic_auth: at most one of password and password_file may be set",
                "\(path):11:5: remote_write[1].authorization: at most one of basic_auth and authorization may be set "
                    + "(basic_auth is set already)",
                "\(path):14:7: remote_write[1].queue_config.capacity: unknown key \"capacity\" (a push sends one "
                    + "snapshot, nothing queues)",
                "\(path):15:29: remote_write[1].queue_config.max_samples_per_send: must be at least 1",
                "\(path):16:20: remote_write[1].queue_config.min_backoff: min_backoff 10s is above max_backoff "
                    + "1s",
                "\(path):18:5: remote_write[1].tls_config: cert_file and key_file go together: a client certificate "
                    + "needs its key",
                "\(path):19:16: remote_write[1].tls_config.ca_file: \(directory.path)/ca.pem does not hold PEM "
                    + "certificates",
                "\(path):20:18: remote_write[1].tls_config.cert_file: \(directory.path)/missing.pem: No such file or "
                    + "directory",
                "\(path):21:5: remote_write[1].write_relabel_configs: unknown key \"write_relabel_configs\" (relabel "
                    + "in the mapping file instead)",
                "\(path):22:5: remote_write[2]: url is missing: where should samples go?",
                "\(path):23:5: remote_write[3]: \"http://ok.example/write\" is configured twice; give each "
                    + "remote_write entry its own url or name",
                "\(path):24:5: remote_write[3].authorization.type: authorization type cannot be set to \"basic\", use "
                    + "\"basic_auth\" instead",
            ]
            #expect(lines.count == expected.count, "\(lines.joined(separator: "\n"))")
            for (line, want) in zip(lines, expected) {
                #expect(line.hasPrefix(want), "got \(line)")
            }
            return true
        }
    }

    @Test func sameEndpointTwiceIsRefused() {
        #expect {
            try RemoteWriteConfig(
                yaml: "remote_write:\n  - url: http://a.example/w\n  - url: http://a.example/w\n",
                path: "rw.yml"
            )
        } throws: { error in
            (error as? ConfigLoadError)?.description
                == "rw.yml:3:5: remote_write[1]: \"http://a.example/w\" is configured twice; give each remote_write "
                + "entry its own url or name"
        }
    }

    /// A URL with `user:password@` would put the password in the `url` label, the log and the status page.
    @Test func credentialsInTheURLAreRefused() {
        #expect {
            try RemoteWriteConfig(yaml: "remote_write:\n  - url: https://u:secret@mimir.example/push\n", path: "rw.yml")
        } throws: { error in
            (error as? ConfigLoadError)?.description
                == "rw.yml:2:10: remote_write[0].url: the URL holds credentials, which would show in logs, "
                + "self-metrics and the status page; use basic_auth instead"
        }
    }

    @Test func fileWithoutEndpointsIsRefused() {
        for yaml in ["", "external_labels: {a: b}\n", "remote_write: []\n"] {
            #expect(throws: ConfigLoadError.self, "\(yaml)") {
                try RemoteWriteConfig(yaml: yaml, path: "rw.yml")
            }
        }
    }

    @Test func unreadableFileNamesTheSystemError() {
        #expect {
            try RemoteWriteConfig.load(path: "/nonexistent/rw.yml")
        } throws: { error in
            (error as? ConfigLoadError)?.description == "/nonexistent/rw.yml: No such file or directory"
        }
    }
}
