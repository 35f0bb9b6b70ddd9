extension Template {
    /// Compiles a glob rule's template the way statsd_exporter's `fsm.NewTemplateFormatter` does.
    ///
    /// References are found with `\$\{?([a-zA-Z0-9_\$]+)\}?`: so `$1_total` refers to a capture named `1_total`
    /// and `$1$2` to one named `1$2`; such references, named ones (`${host}`) and numbers outside
    /// 1...`captureCount` all expand to nothing. Replacement is textual and global, as in Go, which is why
    /// `$1-$10` reads as capture 1 followed by `0`. Go then formats with `Sprintf`; its `%!s(MISSING)` and
    /// `%!(EXTRA …)` artefacts are reproduced, but a literal `%` is kept as written (Go would garble it) and
    /// reported as a problem.
    /// - Parameters:
    ///   - template: The template text.
    ///   - captureCount: The number of `*` components of the rule.
    package static func glob(_ template: String, captureCount: Int) -> (template: Template, problems: [Problem]) {
        let references = Self.globReferences(in: template)
        guard !references.isEmpty else {
            return (Template(segments: template.isEmpty ? [] : [.literal(template)]), [])
        }
        let sentinel: Unicode.Scalar = "\u{0}"
        var problems: [Problem] = []
        var text = Array(template.unicodeScalars)
        var indexes: [Int] = []
        for reference in references {
            let number = Self.goAtoi(reference.name)
            let replacement: [Unicode.Scalar]
            if let number, number <= captureCount {
                // `$0` is the whole StatsD name since statsd_exporter 0.31 (upstream #735).
                replacement = [sentinel]
                indexes.append(number == 0 ? Self.wholeName : number - 1)
            } else {
                replacement = []
                problems.append(Self.globProblem(reference, number: number, captureCount: captureCount))
            }
            text = Self.replacingAll(Array(reference.text.unicodeScalars), with: replacement, in: text)
        }
        var remaining = String(String.UnicodeScalarView(text))
        if indexes.isEmpty {
            return (Template(segments: remaining.isEmpty ? [] : [.literal(remaining)]), problems)
        }
        if remaining.contains("%") {
            problems.append(
                Problem(
                    reference: "%",
                    message: "contains \"%\": statsd_exporter formats this template with Go's Sprintf, which "
                        + "garbles \"%\"; statsd-bridge keeps it as written"
                )
            )
        }
        var segments: [Segment] = []
        var used = 0
        while let sentinelIndex = remaining.unicodeScalars.firstIndex(of: sentinel) {
            Self.append(String(remaining.unicodeScalars[..<sentinelIndex]), to: &segments)
            if used < indexes.count {
                segments.append(.capture(indexes[used]))
            } else {
                Self.append("%!s(MISSING)", to: &segments)
            }
            used += 1
            remaining = String(remaining.unicodeScalars[remaining.unicodeScalars.index(after: sentinelIndex)...])
        }
        Self.append(remaining, to: &segments)
        if used < indexes.count {
            Self.append("%!(EXTRA ", to: &segments)
            for (position, index) in indexes[used...].enumerated() {
                Self.append(position == 0 ? "string=" : ", string=", to: &segments)
                segments.append(.capture(index))
            }
            Self.append(")", to: &segments)
        }
        return (Template(segments: segments), problems)
    }

    private struct GlobReference {
        var text: String
        var name: String
    }

    /// All non-overlapping matches of `\$\{?([a-zA-Z0-9_\$]+)\}?`, left to right.
    private static func globReferences(in template: String) -> [GlobReference] {
        let scalars = Array(template.unicodeScalars)
        var references: [GlobReference] = []
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "$" else {
                index += 1
                continue
            }
            var cursor = index + 1
            if cursor < scalars.count, scalars[cursor] == "{" {
                cursor += 1
            }
            let nameStart = cursor
            while cursor < scalars.count, Self.isGlobReferenceCharacter(scalars[cursor]) {
                cursor += 1
            }
            if cursor == nameStart {
                index += 1
                continue
            }
            let name = String(String.UnicodeScalarView(scalars[nameStart..<cursor]))
            if cursor < scalars.count, scalars[cursor] == "}" {
                cursor += 1
            }
            references.append(
                GlobReference(text: String(String.UnicodeScalarView(scalars[index..<cursor])), name: name)
            )
            index = cursor
        }
        return references
    }

    private static func isGlobReferenceCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ConfigValidation.isLetterOrUnderscore(scalar) || ConfigValidation.isDigit(scalar) || scalar == "$"
    }

    /// Go's `strconv.Atoi` for the digits-only names a reference can have; `nil` when it fails.
    private static func goAtoi(_ name: String) -> Int? {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(ConfigValidation.isDigit) else { return nil }
        return Int(name)
    }

    private static func globProblem(_ reference: GlobReference, number: Int?, captureCount: Int) -> Problem {
        let text = reference.text
        if let number {
            let plural = captureCount == 1 ? "" : "s"
            return Problem(
                reference: text,
                message: "\(text) expands to nothing: the glob has \(captureCount) \"*\" component\(plural), and "
                    + "references count from $1 ($0 is the whole name)"
            )
        }
        if let digits = Self.leadingDigits(reference.name) {
            let rest = String(reference.name.dropFirst(digits.count))
            return Problem(
                reference: text,
                message: "\(text) is read as a reference to a capture named \"\(reference.name)\", which does not "
                    + "exist, so it expands to nothing (as in statsd_exporter); write ${\(digits)}\(rest)"
            )
        }
        return Problem(
            reference: text,
            message: "\(text) expands to nothing: glob rules only have numbered captures ($1, ${1}, ...)"
        )
    }

    /// The leading run of ASCII digits of `name`, if any.
    static func leadingDigits(_ name: String) -> String? {
        let digits = name.unicodeScalars.prefix(while: ConfigValidation.isDigit)
        return digits.isEmpty ? nil : String(String.UnicodeScalarView(digits))
    }

    private static func replacingAll(
        _ target: [Unicode.Scalar],
        with replacement: [Unicode.Scalar],
        in text: [Unicode.Scalar]
    ) -> [Unicode.Scalar] {
        guard !target.isEmpty, text.count >= target.count else { return text }
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if index + target.count <= text.count, text[index..<(index + target.count)].elementsEqual(target) {
                result.append(contentsOf: replacement)
                index += target.count
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return result
    }
}
