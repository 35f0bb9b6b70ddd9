import ConfigSupport
import Yams

/// Reads a web config's YAML into a ``WebConfig`` with exporter-toolkit's rules (`yaml.UnmarshalStrict`, its
/// defaults, its checks), collecting every problem with its position.
struct WebConfigReader {
    private enum Key {
        static let top = ["tls_server_config", "http_server_config", "basic_auth_users", "rate_limit"]
        static let tls = [
            "cert_file", "key_file", "cert", "key", "client_auth_type", "client_ca_file", "client_ca",
            "cipher_suites", "curve_preferences", "min_version", "max_version", "prefer_server_cipher_suites",
            "client_allowed_sans",
        ]
        static let http = ["http2", "headers"]
        static let rateLimit = ["interval", "burst"]
    }

    var parser: ConfigParser
    private let path: String
    /// The directory relative TLS paths start from, as `filepath.Dir` gives it.
    private let directory: String

    init(path: String) {
        self.parser = ConfigParser(fileName: path)
        self.path = path
        if let slash = path.lastIndex(of: "/") {
            self.directory = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            self.directory = "."
        }
    }

    mutating func read(_ yaml: String) -> WebConfig {
        var config = WebConfig(path: self.path)
        guard let document = self.parser.composeFirstDocument(yaml),
            let pairs = self.parser.pairs(of: document, path: "", allowed: Key.top)
        else { return config }
        for (key, keyNode, value) in pairs {
            switch key {
            case "tls_server_config":
                config.tls = self.readTLS(value, at: keyNode)
            case "http_server_config":
                config.headers = self.readHTTP(value)
            case "basic_auth_users":
                config.users = self.readUsers(value)
            default:
                self.readRateLimit(value, at: keyNode)
            }
        }
        return config
    }

    // MARK: tls_server_config

    private mutating func readTLS(_ node: Node, at keyNode: Node) -> TLSServerConfig? {
        let path = "tls_server_config"
        guard let pairs = self.parser.pairs(of: node, path: path, allowed: Key.tls) else { return nil }
        var values: [String: (key: Node, value: Node)] = [:]
        for (key, keyNode, value) in pairs {
            values[key] = (keyNode, value)
        }
        func string(_ key: String) -> String {
            guard let entry = values[key] else { return "" }
            return self.parser.string(entry.value, path: "\(path).\(key)") ?? ""
        }
        let certFile = string("cert_file")
        let cert = string("cert")
        let keyFile = string("key_file")
        let key = string("key")
        let caFile = string("client_ca_file")
        let ca = string("client_ca")
        let authText = string("client_auth_type")

        var config = TLSServerConfig(certificate: .inline(""), privateKey: .inline(""))
        let sources = [
            ("cert", cert, "cert_file", certFile), ("key", key, "key_file", keyFile),
            ("client_ca", ca, "client_ca_file", caFile),
        ]
        for (inlineKey, inlineText, fileKey, fileText) in sources {
            if let inline = values[inlineKey], !inlineText.isEmpty, !fileText.isEmpty {
                self.parser.warn(
                    "\(path).\(inlineKey)",
                    at: self.parser.location(of: inline.key),
                    "both \(inlineKey) and \(fileKey) are set; \(fileKey) is used and \(inlineKey) is ignored, "
                        + "as exporter-toolkit does"
                )
            }
        }
        if let entry = values["min_version"], let version = self.version(entry.value, path: "\(path).min_version") {
            config.minVersion = version
        }
        if let entry = values["max_version"], let version = self.version(entry.value, path: "\(path).max_version") {
            config.maxVersion = version
        }
        if config.minVersion > config.maxVersion, let entry = values["min_version"] ?? values["max_version"] {
            self.parser.error(
                "\(path).min_version",
                at: self.parser.location(of: entry.value),
                "min_version \(config.minVersion.rawValue) is above max_version \(config.maxVersion.rawValue): "
                    + "no TLS version could be agreed"
            )
        }
        if let entry = values["cipher_suites"] {
            config.cipherSuites = self.names(
                entry.value,
                path: "\(path).cipher_suites",
                table: TLSNames.cipherSuites,
                what: "cipher"
            )
        }
        if let entry = values["curve_preferences"] {
            config.curves = self.names(
                entry.value,
                path: "\(path).curve_preferences",
                table: TLSNames.curves,
                what: "curve"
            )
        }
        if let entry = values["prefer_server_cipher_suites"] {
            _ = self.parser.bool(entry.value, path: "\(path).prefer_server_cipher_suites")
        }
        if let entry = values["client_auth_type"] {
            if let auth = ClientAuthType(name: authText) {
                config.clientAuth = auth
            } else {
                self.parser.error(
                    "\(path).client_auth_type",
                    at: self.parser.location(of: entry.value),
                    "Invalid ClientAuth: \(authText); expected one of "
                        + ClientAuthType.allCases.map(\.rawValue).joined(separator: ", ")
                )
            }
        }
        if let entry = values["client_allowed_sans"],
            !(self.parser.items(of: entry.value, path: "\(path).client_allowed_sans") ?? []).isEmpty
        {
            self.parser.error(
                "\(path).client_allowed_sans",
                at: self.parser.location(of: entry.key),
                "client_allowed_sans is not supported by statsd-bridge; it is refused rather than ignored, "
                    + "so no client is let in that the file meant to keep out"
            )
        }

        let enabled = [certFile, cert, keyFile, key, caFile, ca, authText].contains { !$0.isEmpty }
        guard enabled else {
            let tuning = values.keys.filter {
                !["cert_file", "cert", "key_file", "key", "client_ca_file", "client_ca", "client_auth_type"].contains(
                    $0
                )
            }
            if let first = tuning.compactMap({ values[$0] }).min(by: {
                ($0.key.mark?.line ?? 0) < ($1.key.mark?.line ?? 0)
            }) {
                self.parser.warn(
                    path,
                    at: self.parser.location(of: first.key),
                    "no cert_file, key_file or client auth is set, so TLS stays off and these settings have no effect, "
                        + "as in exporter-toolkit"
                )
            }
            return nil
        }
        guard !certFile.isEmpty || !cert.isEmpty else {
            self.parser.error(path, at: self.parser.location(of: keyNode), "missing one of cert or cert_file")
            return nil
        }
        guard !keyFile.isEmpty || !key.isEmpty else {
            self.parser.error(path, at: self.parser.location(of: keyNode), "missing one of key or key_file")
            return nil
        }
        config.certificate = certFile.isEmpty ? .inline(cert) : .file(self.resolve(certFile))
        config.privateKey = keyFile.isEmpty ? .inline(key) : .file(self.resolve(keyFile))
        if !caFile.isEmpty {
            config.clientCA = .file(self.resolve(caFile))
        } else if !ca.isEmpty {
            config.clientCA = .inline(ca)
        }
        if config.clientCA != nil && config.clientAuth == .noClientCert {
            let entry = values["client_ca_file"] ?? values["client_ca"]
            self.parser.error(
                path,
                at: self.parser.location(of: entry?.key),
                "Client CA's have been configured without a Client Auth Policy; "
                    + "set client_auth_type: RequireAndVerifyClientCert"
            )
        }
        return config
    }

    private mutating func version(_ node: Node, path: String) -> TLSProtocolVersion? {
        guard let text = self.parser.string(node, path: path) else { return nil }
        guard let version = TLSProtocolVersion(rawValue: text) else {
            self.parser.error(
                path,
                at: self.parser.location(of: node),
                "unknown TLS version: \(text); expected one of "
                    + TLSProtocolVersion.allCases.map(\.rawValue).joined(separator: ", ")
            )
            return nil
        }
        return version
    }

    private mutating func names(_ node: Node, path: String, table: [String: UInt16], what: String) -> [UInt16] {
        var codes: [UInt16] = []
        for (index, item) in (self.parser.items(of: node, path: path) ?? []).enumerated() {
            guard let text = self.parser.string(item, path: "\(path)[\(index)]") else { continue }
            guard let code = table[text] else {
                self.parser.error("\(path)[\(index)]", at: self.parser.location(of: item), "unknown \(what): \(text)")
                continue
            }
            codes.append(code)
        }
        return codes
    }

    /// `path` joined to the config file's directory unless it is absolute, as exporter-toolkit's `JoinDir` does.
    private func resolve(_ path: String) -> String {
        path.hasPrefix("/") || self.directory == "." ? path : "\(self.directory)/\(path)"
    }

    // MARK: http_server_config, basic_auth_users, rate_limit

    private mutating func readHTTP(_ node: Node) -> [ResponseHeader] {
        let path = "http_server_config"
        var headers: [ResponseHeader] = []
        for (key, _, value) in self.parser.pairs(of: node, path: path, allowed: Key.http) ?? [] {
            if key == "http2" {
                _ = self.parser.bool(value, path: "\(path).http2")
                continue
            }
            for (nameNode, valueNode) in self.parser.stringPairs(value, path: "\(path).headers") {
                let name = nameNode.string ?? ""
                let text = self.parser.string(valueNode, path: "\(path).headers.\(name)") ?? ""
                guard let allowed = ResponseHeader.allowed[name] else {
                    self.parser.error(
                        "\(path).headers",
                        at: self.parser.location(of: nameNode),
                        "HTTP header \"\(name)\" can not be configured; allowed are "
                            + ResponseHeader.allowed.keys.sorted().joined(separator: ", ")
                    )
                    continue
                }
                if let allowed, !allowed.contains(text) {
                    self.parser.error(
                        "\(path).headers.\(name)",
                        at: self.parser.location(of: valueNode),
                        "invalid value for \(name). Expected one of: \(allowed), but got: \"\(text)\""
                    )
                    continue
                }
                headers.append(ResponseHeader(name: name, value: text))
            }
        }
        return headers
    }

    private mutating func readUsers(_ node: Node) -> [String: String] {
        var users: [String: String] = [:]
        for (userNode, hashNode) in self.parser.stringPairs(node, path: "basic_auth_users") {
            let user = userNode.string ?? ""
            let path = "basic_auth_users.\(user)"
            guard let hash = self.parser.string(hashNode, path: path) else { continue }
            guard BasicAuthenticator.isBCryptHash(hash) else {
                self.parser.error(
                    path,
                    at: self.parser.location(of: hashNode),
                    "the password must be a bcrypt hash ($2a$, $2b$ or $2y$, cost 04-31, 60 characters), "
                        + "e.g. from `htpasswd -nbBC 10 \(user) PASSWORD`"
                )
                continue
            }
            users[user] = hash
        }
        return users
    }

    private mutating func readRateLimit(_ node: Node, at keyNode: Node) {
        guard let pairs = self.parser.pairs(of: node, path: "rate_limit", allowed: Key.rateLimit), !pairs.isEmpty else {
            return
        }
        self.parser.warn(
            "rate_limit",
            at: self.parser.location(of: keyNode),
            "rate_limit has no effect in statsd-bridge: every request is served"
        )
    }
}
