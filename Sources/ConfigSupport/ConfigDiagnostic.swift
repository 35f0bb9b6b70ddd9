/// One error or warning about a mapping config file: where it is, which key, and what is wrong.
package struct ConfigDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// Position of the offending key or value; `nil` when the problem concerns the whole file (e.g. unreadable).
    package var location: SourceLocation?
    /// The key the problem concerns, as a path into the document: `mappings[3].match`, `defaults.ttl`.
    package var path: String?
    /// What is wrong and, where possible, how to write what was meant.
    package var message: String

    package init(location: SourceLocation?, path: String? = nil, message: String) {
        self.location = location
        self.path = path
        self.message = message
    }

    /// `airflow.yml:12:5: mappings[3].match: empty glob component ...`
    package var description: String {
        var text = ""
        if let location = self.location {
            text += "\(location): "
        }
        if let path = self.path {
            text += "\(path): "
        }
        return text + self.message
    }

    /// `diagnostics` sorted by line and column; those without a position first; ties keep their order.
    package static func inFileOrder(_ diagnostics: [ConfigDiagnostic]) -> [ConfigDiagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.location?.line ?? 0, lhs.element.location?.column ?? 0, lhs.offset)
            let right = (rhs.element.location?.line ?? 0, rhs.element.location?.column ?? 0, rhs.offset)
            return left < right
        }.map(\.element)
    }
}
