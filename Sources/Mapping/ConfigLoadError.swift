/// A mapping config that cannot be used, with every error found in the file.
package struct ConfigLoadError: Error, Sendable, CustomStringConvertible {
    /// All errors of the file, in file order; never empty.
    package var diagnostics: [ConfigDiagnostic]

    package init(diagnostics: [ConfigDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One diagnostic per line.
    package var description: String {
        self.diagnostics.map(\.description).joined(separator: "\n")
    }
}
