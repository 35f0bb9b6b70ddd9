import Aggregation
import ConfigSupport
import NIOSSL
import Yams

#if canImport(Glibc)
import Glibc
#endif

/// Reads a remote-write config's YAML into a ``RemoteWriteConfig`` with Prometheus' keys and checks, collecting
/// every problem with its position, as mapping files are read.
struct RemoteWriteConfigReader {
    private enum Key {
        static let top = ["external_labels", "global", "remote_write"]
        static let global = ["external_labels"]
        static let endpoint = [
            "url", "name", "remote_timeout", "headers", "basic_auth", "authorization", "tls_config", "queue_config",
            "send_native_histograms",
        ]
        static let basicAuth = ["username", "password", "password_file"]
        static let authorization = ["type", "credentials", "credentials_file"]
        static let tls = ["ca_file", "cert_file", "key_file", "insecure_skip_verify"]
        static let queue = ["batch_send_deadline", "max_samples_per_send", "min_backoff", "max_backoff"]
        /// Prometheus keys this reader does not take, each with why, so a block copied from prometheus.yml gets a
        /// useful message.
        static let unsupported = [
            "bearer_token": "use authorization: {credentials: ...}",
            "bearer_token_file": "use authorization: {credentials_file: ...}",
            "write_relabel_configs": "relabel in the mapping file instead",
            "oauth2": "not supported; use authorization or basic_auth",
            "sigv4": "not supported; use authorization or basic_auth",
            "azuread": "not supported; use authorization or basic_auth",
            "metadata_config": "metadata is sent with every push",
            "send_exemplars": "statsd-bridge has no exemplars",
            "proxy_url": "not supported",
            "follow_redirects": "not supported",
            "enable_http2": "not supported",
            "capacity": "a push sends one snapshot, nothing queues",
            "max_shards": "a push sends one snapshot, nothing queues",
            "min_shards": "a push sends one snapshot, nothing queues",
            "max_retries": "retries continue until a newer snapshot supersedes the push",
            "retry_on_http_429": "429 is always retried",
            "sample_age_limit": "a push sends one snapshot, nothing queues",
        ]
        /// Headers the sender sets itself; Prometheus refuses them in `headers` too.
        static let reservedHeaders: Set<String> = [
            "authorization", "host", "content-encoding", "content-length", "content-type", "user-agent", "connection",
            "keep-alive", "proxy-authenticate", "proxy-authorization", "www-authenticate", "accept-encoding",
            "x-prometheus-remote-write-version", "upgrade",
        ]
    }

    var parser: ConfigParser
    /// The directory relative paths start from.
    private let directory: String

    init(path: String) {
        self.parser = ConfigParser(fileName: path)
        if let slash = path.lastIndex(of: "/") {
            self.directory = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            self.directory = "."
        }
    }

    mutating func read(_ yaml: String) -> RemoteWriteConfig {
        var config = RemoteWriteConfig()
        guard let document = self.parser.composeFirstDocument(yaml),
            let pairs = self.parser.pairs(of: document, path: "", allowed: Key.top)
        else {
            self.parser.error(nil, at: nil, "the file is empty; it needs a remote_write: list with at least one url")
            return config
        }
        var listed = false
        for (key, _, value) in pairs {
            switch key {
            case "external_labels":
                config.externalLabels += self.readLabels(value, path: "external_labels")
            case "global":
                for (_, _, labels) in self.parser.pairs(of: value, path: "global", allowed: Key.global) ?? [] {
                    config.externalLabels += self.readLabels(labels, path: "global.external_labels")
                }
            default:
                listed = true
                for (index, item) in (self.parser.items(of: value, path: "remote_write") ?? []).enumerated() {
                    if let endpoint = self.readEndpoint(item, path: "remote_write[\(index)]") {
                        self.checkUnique(endpoint, item, among: config.endpoints, path: "remote_write[\(index)]")
                        config.endpoints.append(endpoint)
                    }
                }
            }
        }
        if config.endpoints.isEmpty, self.parser.errors.isEmpty {
            self.parser.error(
                listed ? "remote_write" : nil,
                at: self.parser.location(of: document),
                "no endpoint to push to: add remote_write: with at least one url"
            )
        }
        return config
    }

    // MARK: external_labels

    private mutating func readLabels(_ node: Node, path: String) -> [Label] {
        var labels: [Label] = []
        for (nameNode, valueNode) in self.parser.stringPairs(node, path: path) {
            let name = nameNode.string ?? ""
            guard let value = self.parser.string(valueNode, path: "\(path).\(name)") else { continue }
            guard Self.isLabelName(name), !name.hasPrefix("__") else {
                self.parser.error(
                    "\(path).\(name)",
                    at: self.parser.location(of: nameNode),
                    "\"\(name)\" is not a valid label name (letters, digits and _, not starting with a digit or __)"
                )
                continue
            }
            labels.append(Label(name: name, value: value))
        }
        return labels
    }

    private static func isLabelName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }

    // MARK: remote_write entries

    private mutating func readEndpoint(_ node: Node, path: String) -> RemoteWriteEndpoint? {
        guard let pairs = self.parser.pairs(of: node, path: path, allowed: Key.endpoint, misplaced: Key.unsupported)
        else { return nil }
        guard let urlEntry = pairs.first(where: { $0.key == "url" }) else {
            self.parser.error(path, at: self.parser.location(of: node), "url is missing: where should samples go?")
            return nil
        }
        let url = self.parser.string(urlEntry.value, path: "\(path).url") ?? ""
        guard Self.isHTTPURL(url) else {
            self.parser.error(
                "\(path).url",
                at: self.parser.location(of: urlEntry.value),
                "\"\(url)\" is not an http:// or https:// URL with a host"
            )
            return nil
        }
        guard !Self.hasUserInfo(url) else {
            self.parser.error(
                "\(path).url",
                at: self.parser.location(of: urlEntry.value),
                "the URL holds credentials, which would show in logs, self-metrics and the status page; "
                    + "use basic_auth instead"
            )
            return nil
        }
        var endpoint = RemoteWriteEndpoint(url: url)
        var credentialsKey: String?
        for (key, keyNode, value) in pairs {
            let keyPath = "\(path).\(key)"
            switch key {
            case "name":
                if let name = self.parser.string(value, path: keyPath), !name.isEmpty { endpoint.name = name }
            case "remote_timeout":
                if let timeout = self.positiveDuration(value, path: keyPath) { endpoint.remoteTimeout = timeout }
            case "headers":
                endpoint.headers = self.readHeaders(value, path: keyPath)
            case "basic_auth", "authorization":
                if let earlier = credentialsKey {
                    self.parser.error(
                        keyPath,
                        at: self.parser.location(of: keyNode),
                        "at most one of basic_auth and authorization may be set (\(earlier) is set already)"
                    )
                    continue
                }
                credentialsKey = key
                endpoint.credentials =
                    key == "basic_auth"
                    ? self.readBasicAuth(value, at: keyNode, path: keyPath)
                    : self.readAuthorization(value, at: keyNode, path: keyPath)
            case "tls_config":
                endpoint.tls = self.readTLS(value, at: keyNode, path: keyPath)
            case "queue_config":
                endpoint.queue = self.readQueue(value, path: keyPath)
            case "send_native_histograms":
                endpoint.sendNativeHistograms = self.parser.bool(value, path: keyPath) ?? false
            default:
                break
            }
        }
        return endpoint
    }

    private mutating func checkUnique(
        _ endpoint: RemoteWriteEndpoint,
        _ node: Node,
        among earlier: [RemoteWriteEndpoint],
        path: String
    ) {
        if earlier.contains(where: { $0.name == endpoint.name }) {
            self.parser.error(
                path,
                at: self.parser.location(of: node),
                "\"\(endpoint.name)\" is configured twice; give each remote_write entry its own url or name"
            )
        }
    }

    /// Whether the URL's authority has a `user:password@` part.
    private static func hasUserInfo(_ url: String) -> Bool {
        let rest = url.drop { $0 != "/" }.drop { $0 == "/" }
        return rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }.contains("@")
    }

    private static func isHTTPURL(_ url: String) -> Bool {
        for scheme in ["http://", "https://"] where url.hasPrefix(scheme) {
            let rest = url.dropFirst(scheme.count)
            let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            return !host.isEmpty && !host.hasPrefix(":") && !host.contains(" ")
        }
        return false
    }

    private mutating func readHeaders(_ node: Node, path: String) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        for (nameNode, valueNode) in self.parser.stringPairs(node, path: path) {
            let name = nameNode.string ?? ""
            guard let value = self.parser.string(valueNode, path: "\(path).\(name)") else { continue }
            guard !Key.reservedHeaders.contains(name.lowercased()) else {
                self.parser.error(
                    "\(path).\(name)",
                    at: self.parser.location(of: nameNode),
                    "\(name) is a reserved header; it must not be changed"
                        + (name.lowercased() == "authorization" ? " (use authorization: or basic_auth:)" : "")
                )
                continue
            }
            headers.append((name, value))
        }
        return headers
    }

    private mutating func readBasicAuth(
        _ node: Node,
        at keyNode: Node,
        path: String
    ) -> RemoteWriteEndpoint.Credentials? {
        let values = self.values(node, path: path, allowed: Key.basicAuth)
        let username = values["username"] ?? ""
        guard let password = self.secret(values, inline: "password", file: "password_file", at: keyNode, path: path)
        else { return nil }
        return .basic(username: username, password: password)
    }

    private mutating func readAuthorization(
        _ node: Node,
        at keyNode: Node,
        path: String
    ) -> RemoteWriteEndpoint.Credentials? {
        let values = self.values(node, path: path, allowed: Key.authorization)
        let type = values["type"].flatMap { $0.isEmpty ? nil : $0 } ?? "Bearer"
        if type.lowercased() == "basic" {
            self.parser.error(
                "\(path).type",
                at: self.parser.location(of: keyNode),
                "authorization type cannot be set to \"basic\", use \"basic_auth\" instead"
            )
            return nil
        }
        guard
            let credentials = self.secret(
                values,
                inline: "credentials",
                file: "credentials_file",
                at: keyNode,
                path: path
            )
        else { return nil }
        return .authorization(type: type, credentials: credentials)
    }

    /// The string values of a small mapping such as `basic_auth`.
    private mutating func values(_ node: Node, path: String, allowed: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for (key, _, value) in self.parser.pairs(of: node, path: path, allowed: allowed) ?? [] {
            values[key] = self.parser.string(value, path: "\(path).\(key)")
        }
        return values
    }

    /// An inline secret or a file, not both; a file must be readable now.
    private mutating func secret(
        _ values: [String: String],
        inline: String,
        file: String,
        at keyNode: Node,
        path: String
    ) -> Secret? {
        let text = values[inline] ?? ""
        let filePath = values[file] ?? ""
        if !text.isEmpty, !filePath.isEmpty {
            self.parser.error(
                path,
                at: self.parser.location(of: keyNode),
                "at most one of \(inline) and \(file) may be set"
            )
            return nil
        }
        guard !filePath.isEmpty else { return .inline(text) }
        let resolved = self.resolve(filePath)
        guard self.isReadable(resolved, key: "\(path).\(file)", at: keyNode) else { return nil }
        return .file(resolved)
    }

    private mutating func readTLS(_ node: Node, at keyNode: Node, path: String) -> RemoteWriteEndpoint.TLSFiles? {
        var tls = RemoteWriteEndpoint.TLSFiles()
        var given: Set<String> = []
        for (key, _, value) in self.parser.pairs(of: node, path: path, allowed: Key.tls) ?? [] {
            given.insert(key)
            if key == "insecure_skip_verify" {
                tls.insecureSkipVerify = self.parser.bool(value, path: "\(path).\(key)") ?? false
                continue
            }
            guard let file = self.parser.string(value, path: "\(path).\(key)"), !file.isEmpty else { continue }
            let resolved = self.resolve(file)
            guard self.isReadable(resolved, key: "\(path).\(key)", at: value),
                self.isPEM(resolved, key: key, path: "\(path).\(key)", at: value)
            else { continue }
            switch key {
            case "ca_file": tls.caFile = resolved
            case "cert_file": tls.certFile = resolved
            default: tls.keyFile = resolved
            }
        }
        if given.contains("cert_file") != given.contains("key_file") {
            self.parser.error(
                path,
                at: self.parser.location(of: keyNode),
                "cert_file and key_file go together: a client certificate needs its key"
            )
        }
        return tls
    }

    /// Whether a TLS file holds what its key says: certificates for ca_file and cert_file, a key for key_file.
    private mutating func isPEM(_ file: String, key: String, path: String, at node: Node) -> Bool {
        do {
            if key == "key_file" {
                _ = try NIOSSLPrivateKey(file: file, format: .pem)
            } else if try NIOSSLCertificate.fromPEMFile(file).isEmpty {
                throw NIOSSLError.failedToLoadCertificate
            }
            return true
        } catch {
            let what = key == "key_file" ? "a PEM private key" : "PEM certificates"
            self.parser.error(path, at: self.parser.location(of: node), "\(file) does not hold \(what) (\(error))")
            return false
        }
    }

    private mutating func readQueue(_ node: Node, path: String) -> RemoteWriteEndpoint.QueueSettings {
        var queue = RemoteWriteEndpoint.QueueSettings()
        var minBackoffNode: Node?
        for (key, _, value) in self.parser.pairs(of: node, path: path, allowed: Key.queue, misplaced: Key.unsupported)
            ?? []
        {
            let keyPath = "\(path).\(key)"
            switch key {
            case "batch_send_deadline":
                if let deadline = self.positiveDuration(value, path: keyPath) { queue.batchSendDeadline = deadline }
            case "max_samples_per_send":
                guard let count = self.parser.uint32(value, path: keyPath) else { continue }
                guard count > 0 else {
                    self.parser.error(keyPath, at: self.parser.location(of: value), "must be at least 1")
                    continue
                }
                queue.maxSamplesPerSend = count
            case "min_backoff":
                if let backoff = self.positiveDuration(value, path: keyPath) { queue.minBackoff = backoff }
                minBackoffNode = value
            default:
                if let backoff = self.positiveDuration(value, path: keyPath) { queue.maxBackoff = backoff }
            }
        }
        if queue.minBackoff > queue.maxBackoff {
            self.parser.error(
                "\(path).min_backoff",
                at: self.parser.location(of: minBackoffNode ?? node),
                "min_backoff \(GoDuration.format(queue.minBackoff)) is above max_backoff "
                    + GoDuration.format(queue.maxBackoff)
            )
        }
        return queue
    }

    private mutating func positiveDuration(_ node: Node, path: String) -> Duration? {
        guard let duration = self.parser.duration(node, path: path) else { return nil }
        guard duration > .zero else {
            self.parser.error(path, at: self.parser.location(of: node), "must be longer than 0s")
            return nil
        }
        return duration
    }

    /// `path` joined to the config file's directory unless it is absolute.
    private func resolve(_ path: String) -> String {
        path.hasPrefix("/") || self.directory == "." ? path : "\(self.directory)/\(path)"
    }

    private mutating func isReadable(_ path: String, key: String, at node: Node) -> Bool {
        guard access(path, R_OK) == 0 else {
            self.parser.error(key, at: self.parser.location(of: node), "\(path): \(String(cString: strerror(errno)))")
            return false
        }
        return true
    }
}
