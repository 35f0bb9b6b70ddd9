import ConfigSupport

/// A web config (`--web.config.file`) that cannot be used, with every problem found in it.
package struct WebConfigError: Error, Sendable, CustomStringConvertible {
    /// The problems in file order; never empty.
    package var diagnostics: [ConfigDiagnostic]

    package init(diagnostics: [ConfigDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// A problem that concerns the whole file (unreadable) or a file it names (certificate, key, CA).
    package init(_ message: String) {
        self.diagnostics = [ConfigDiagnostic(location: nil, message: message)]
    }

    /// One diagnostic per line.
    package var description: String {
        self.diagnostics.map(\.description).joined(separator: "\n")
    }
}
