/// A mapping config that cannot be used, with every error found in the file.
package struct ConfigLoadError: Error, Sendable, CustomStringConvertible {
    /// All errors of the file, in file order; never empty.
    package var diagnostics: [ConfigDiagnostic]
    /// Warnings found before loading failed (for `--check-config`); not part of ``description``.
    package var warnings: [ConfigDiagnostic]

    package init(diagnostics: [ConfigDiagnostic], warnings: [ConfigDiagnostic] = []) {
        self.diagnostics = diagnostics
        self.warnings = warnings
    }

    /// One diagnostic per line.
    package var description: String {
        self.diagnostics.map(\.description).joined(separator: "\n")
    }
}
