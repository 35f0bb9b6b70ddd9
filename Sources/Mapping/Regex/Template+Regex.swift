extension Template {
    /// Compiles a regex rule's template with the rules of Go's `Regexp.Expand`.
    ///
    /// `$$` is a literal `$`; `$name` takes the longest run of letters, digits and `_` as the name; `${name}`
    /// delimits it. A name that is a number without leading zeros refers to that group (`$0` is the whole match);
    /// any other name refers to the first group with that name that took part in the match (RE2 in Go accepts
    /// several groups with one name). References to groups that do not exist expand to
    /// nothing, which is why `$1_total` is empty (it names a group `1_total`); a `$` that starts no valid
    /// reference is kept as text.
    /// - Parameters:
    ///   - template: The template text.
    ///   - groupNames: Names of the capture groups; element 0 stands for the whole match (`nil`), element *i* for
    ///     group *i* (`nil` when unnamed).
    package static func regex(_ template: String, groupNames: [String?]) -> (template: Template, problems: [Problem]) {
        let scalars = Array(template.unicodeScalars)
        var segments: [Segment] = []
        var problems: [Problem] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        func flush() {
            Self.append(String(literal), to: &segments)
            literal = String.UnicodeScalarView()
        }
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "$" else {
                literal.append(scalar)
                index += 1
                continue
            }
            let start = index
            index += 1
            if index < scalars.count, scalars[index] == "$" {
                literal.append("$")
                index += 1
                continue
            }
            guard let (name, end) = Self.extractGoName(scalars, from: index) else {
                literal.append("$")
                continue
            }
            index = end
            let reference = String(String.UnicodeScalarView(scalars[start..<end]))
            let groups = Self.resolveGoGroups(name, groupNames: groupNames)
            if groups.count == 1 {
                flush()
                segments.append(.capture(groups[0]))
            } else if !groups.isEmpty {
                flush()
                segments.append(.firstCapture(groups))
            } else {
                problems.append(Self.regexProblem(reference: reference, name: name, groupCount: groupNames.count - 1))
            }
        }
        flush()
        return (Template(segments: segments), problems)
    }

    /// Go's `extract`: an optional `{`, a non-empty run of letters, digits and `_`, and the closing `}` when
    /// braced. Returns the name and the index after the reference.
    private static func extractGoName(_ scalars: [Unicode.Scalar], from start: Int) -> (String, Int)? {
        var index = start
        var braced = false
        if index < scalars.count, scalars[index] == "{" {
            braced = true
            index += 1
        }
        let nameStart = index
        while index < scalars.count, Self.isGoNameCharacter(scalars[index]) {
            index += 1
        }
        guard index > nameStart else { return nil }
        let name = String(String.UnicodeScalarView(scalars[nameStart..<index]))
        if braced {
            guard index < scalars.count, scalars[index] == "}" else { return nil }
            index += 1
        }
        return (name, index)
    }

    /// Letters and digits in Go's `unicode.IsLetter`/`unicode.IsDigit` sense, and `_`.
    private static func isGoNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" {
            return true
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return true
        default:
            return false
        }
    }

    /// The groups a Go template name refers to, in order: one group for a number, every group with that name
    /// otherwise (the first of them that took part in the match is used), none when it refers to nothing.
    private static func resolveGoGroups(_ name: String, groupNames: [String?]) -> [Int] {
        var number = 0
        var isNumber = true
        for scalar in name.unicodeScalars {
            guard ConfigValidation.isDigit(scalar), number < 100_000_000 else {
                isNumber = false
                break
            }
            number = number * 10 + Int(scalar.value - 48)
        }
        if name.unicodeScalars.count > 1, name.unicodeScalars.first == "0" {
            isNumber = false
        }
        if isNumber {
            return number < groupNames.count ? [number] : []
        }
        return groupNames.indices.filter { groupNames[$0] == name }
    }

    private static func regexProblem(reference: String, name: String, groupCount: Int) -> Problem {
        if let digits = Self.leadingDigits(name), digits.count < name.count {
            let rest = String(name.dropFirst(digits.count))
            return Problem(
                reference: reference,
                message: "\(reference) is read as a reference to a group named \"\(name)\", which does not exist, "
                    + "so it expands to nothing (as in statsd_exporter); write ${\(digits)}\(rest)"
            )
        }
        if name.unicodeScalars.allSatisfy(ConfigValidation.isDigit) {
            let plural = groupCount == 1 ? "" : "s"
            return Problem(
                reference: reference,
                message: "\(reference) expands to nothing: the regex has \(groupCount) capture group\(plural)"
                    + (name.count > 1 && name.hasPrefix("0") ? " (a number with a leading zero is read as a name)" : "")
            )
        }
        return Problem(
            reference: reference,
            message: "\(reference) expands to nothing: the regex has no group named \"\(name)\""
        )
    }
}
