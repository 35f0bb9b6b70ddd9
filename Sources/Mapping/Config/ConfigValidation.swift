/// The load-time checks statsd_exporter applies to `match` globs, `name` templates and label names, with
/// messages that say what is wrong.
enum ConfigValidation {
    /// Why a glob `match` is refused, or `nil` when it is valid.
    ///
    /// Matches statsd_exporter master's `metricLineRE`: dot-separated components, each a whole `*` or a literal of
    /// letters, digits, `_` and single `-` between them; the first literal cannot start with a digit. Not accepted:
    /// empty components, partial wildcards such as `foo_*` (issue #481), `--`, a leading or trailing `-`.
    static func globProblem(_ match: String) -> String? {
        if match.isEmpty {
            return "a glob cannot be empty"
        }
        let components = match.split(separator: ".", omittingEmptySubsequences: false)
        for (index, component) in components.enumerated() {
            let position = index == 0 ? "first" : "component \(index + 1)"
            if component.isEmpty {
                return "invalid glob \"\(match)\": empty \(position) component (check for \"..\" or a leading or "
                    + "trailing \".\")"
            }
            if component == "*" {
                continue
            }
            if component.contains("*") {
                return "invalid glob \"\(match)\": partial wildcard \"\(component)\"; \"*\" must be a whole "
                    + "component (prefix globs are not supported, statsd_exporter issue #481); use "
                    + "match_type: regex for this"
            }
            for scalar in component.unicodeScalars where !Self.isGlobCharacter(scalar) {
                return "invalid glob \"\(match)\": character \"\(scalar)\" in \"\(component)\" is not allowed "
                    + "(components are letters, digits, \"_\" and \"-\", or a whole \"*\")"
            }
            if component.hasPrefix("-") || component.hasSuffix("-") || component.contains("--") {
                return "invalid glob \"\(match)\": \"-\" in \"\(component)\" must sit between letters, digits or "
                    + "underscores (no leading, trailing or doubled \"-\")"
            }
            if index == 0, let first = component.unicodeScalars.first, Self.isDigit(first) {
                return "invalid glob \"\(match)\": the first component cannot start with a digit"
            }
        }
        return nil
    }

    /// Whether `name` matches `^([a-zA-Z_]|\$\{?\d+\}?)([a-zA-Z0-9_]|\$\{?\d+\}?)*$`.
    static func isValidNameTemplate(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard !scalars.isEmpty else { return false }
        var index = 0
        var first = true
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "$" {
                index += 1
                if index < scalars.count, scalars[index] == "{" {
                    index += 1
                }
                let digitsStart = index
                while index < scalars.count, Self.isDigit(scalars[index]) {
                    index += 1
                }
                if index == digitsStart {
                    return false
                }
                if index < scalars.count, scalars[index] == "}" {
                    index += 1
                }
            } else if Self.isLetterOrUnderscore(scalar) || (!first && Self.isDigit(scalar)) {
                index += 1
            } else {
                return false
            }
            first = false
        }
        return true
    }

    /// Why `name` is refused, for the error message.
    static func nameTemplateProblem(_ name: String) -> String {
        var message =
            "invalid metric name \"\(name)\": it must match "
            + "^([a-zA-Z_]|$n|${n})([a-zA-Z0-9_]|$n|${n})*$"
        if name.contains(":") {
            message += " (statsd_exporter does not allow \":\" in mapped names)"
        } else if let first = name.unicodeScalars.first, Self.isDigit(first) {
            message += " (a name cannot start with a digit)"
        } else if name.contains("${"), !name.contains(where: { $0.isNumber }) {
            message += " (named groups such as ${host} can be used in label values, not in names)"
        } else if name.contains(".") || name.contains("-") {
            message += " (write \"_\" instead of \".\" and \"-\")"
        }
        return message
    }

    /// Whether `name` is a valid label name: `^[a-zA-Z_][a-zA-Z0-9_]*$`.
    ///
    /// Unlike statsd_exporter, which requires at least two characters, single-character names are accepted
    /// (a deliberate difference).
    static func isValidLabelName(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        guard let first = scalars.first, Self.isLetterOrUnderscore(first) else { return false }
        return scalars.allSatisfy { Self.isLetterOrUnderscore($0) || Self.isDigit($0) }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar >= "0" && scalar <= "9"
    }

    static func isLetterOrUnderscore(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_"
    }

    private static func isGlobCharacter(_ scalar: Unicode.Scalar) -> Bool {
        Self.isLetterOrUnderscore(scalar) || Self.isDigit(scalar) || scalar == "-"
    }
}
