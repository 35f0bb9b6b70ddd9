import ConfigSupport

/// An exporter-toolkit web config (`--web.config.file`): TLS for the HTTP server, extra response headers and basic
/// auth, read with the toolkit's strictness (unknown keys are errors) and its defaults.
package struct WebConfig: Sendable {
    /// The file it was read from; relative TLS file paths are resolved against its directory.
    package var path: String
    /// `nil` serves plain HTTP: the toolkit turns TLS on only when a certificate, key, client CA or client auth
    /// type is given.
    package var tls: TLSServerConfig?
    package var headers: [ResponseHeader] = []
    /// User name → bcrypt hash.
    package var users: [String: String] = [:]
    /// Settings read but with an effect that differs from the toolkit's, each naming file:line:column.
    package var warnings: [ConfigDiagnostic] = []

    /// The files whose change means the config must be read again: the config itself and the TLS files it names.
    package var watchedFiles: [String] {
        [self.path] + (self.tls?.files ?? [])
    }

    /// Reads and validates the web config at `path`.
    /// - Throws: ``WebConfigError`` with every problem of the file, each with its position.
    package static func load(contentsOf path: String) throws(WebConfigError) -> WebConfig {
        let text: String
        do {
            text = try ConfigFileReader.contents(of: path)
        } catch {
            throw WebConfigError("\(path): cannot read web config: \(error)")
        }
        return try WebConfig(yaml: text, path: path)
    }

    /// Parses a web config's text.
    /// - Parameters:
    ///   - yaml: The file's contents.
    ///   - path: The file's path: how diagnostics name it and where relative TLS paths start.
    package init(yaml: String, path: String) throws(WebConfigError) {
        var reader = WebConfigReader(path: path)
        self = reader.read(yaml)
        if !reader.parser.errors.isEmpty {
            throw WebConfigError(diagnostics: ConfigDiagnostic.inFileOrder(reader.parser.errors))
        }
        self.warnings = ConfigDiagnostic.inFileOrder(reader.parser.warnings)
    }

    init(path: String) {
        self.path = path
    }
}
