import Aggregation
import ConfigSupport

/// What `--remote-write.config-file` asks for: Prometheus' `remote_write:` block (the subset a bridge needs) and the
/// external labels every pushed series gets.
package struct RemoteWriteConfig: Sendable {
    /// Added to every series that lacks a label of the name, as Prometheus adds its `global.external_labels`.
    package var externalLabels: [Label] = []
    package var endpoints: [RemoteWriteEndpoint] = []
    /// What was read but is accepted only for compatibility, with its position.
    package var warnings: [ConfigDiagnostic] = []

    package init(externalLabels: [Label] = [], endpoints: [RemoteWriteEndpoint] = []) {
        self.externalLabels = externalLabels
        self.endpoints = endpoints
    }

    /// Reads and checks the file at `path`; relative file paths in it start from the file's directory, as in
    /// Prometheus.
    /// - Throws: every problem of the file, each with `file:line:column` and the key.
    package static func load(path: String) throws(ConfigLoadError) -> RemoteWriteConfig {
        let text: String
        do {
            text = try ConfigFileReader.contents(of: path)
        } catch {
            throw ConfigLoadError(diagnostics: [ConfigDiagnostic(location: nil, message: "\(path): \(error)")])
        }
        return try RemoteWriteConfig(yaml: text, path: path)
    }

    /// Reads `yaml` as the file at `path` (which names it in diagnostics and anchors relative paths).
    /// - Throws: every problem, each with `file:line:column` and the key.
    package init(yaml: String, path: String) throws(ConfigLoadError) {
        var reader = RemoteWriteConfigReader(path: path)
        self = reader.read(yaml)
        guard reader.parser.errors.isEmpty else {
            throw ConfigLoadError(
                diagnostics: ConfigDiagnostic.inFileOrder(reader.parser.errors),
                warnings: reader.parser.warnings
            )
        }
        self.warnings = reader.parser.warnings
    }
}
