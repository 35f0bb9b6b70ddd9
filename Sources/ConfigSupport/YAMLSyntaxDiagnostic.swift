import Yams

/// Turns a Yams error into a diagnostic with the position libyaml reported and a hint for the usual mistakes.
enum YAMLSyntaxDiagnostic {
    static func diagnostic(for error: any Error, fileName: String) -> ConfigDiagnostic {
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: fileName, line: mark.line, column: mark.column)
        }
        guard let yamlError = error as? YamlError else {
            return ConfigDiagnostic(location: nil, message: "invalid YAML: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context {
                message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            let text = (context?.text ?? "") + " " + problem
            if text.contains("alias") {
                message += "; a value starting with \"*\" is read as a YAML alias: quote it, e.g. match: \"*.foo\""
            } else if text.contains("unknown escape") {
                message += "; inside double quotes a backslash starts an escape: use single quotes, or write \\\\"
            }
            return ConfigDiagnostic(location: at(mark), message: message)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return ConfigDiagnostic(location: at(context.mark), message: "duplicate key \(keys) in one mapping")
        case .reader(let problem, _, _, _):
            return ConfigDiagnostic(location: nil, message: "cannot read the file: \(problem)")
        default:
            return ConfigDiagnostic(location: nil, message: "invalid YAML: \(yamlError)")
        }
    }
}
