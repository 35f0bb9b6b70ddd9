import Yams

/// Reads a mapping file's YAML into a ``ParsedConfig``, the way statsd_exporter master's strict `yaml.v2`
/// decoding does, and collects every problem with its position instead of stopping at the first.
///
/// Scalars are resolved like `yaml.v2`: plain `~`/`null`/empty is null (the field keeps its zero value),
/// `yes`/`no`/`on`/`off`/`y`/`n` are booleans, and any non-null scalar is accepted where a string is expected
/// (`name: 123` is the string `123`). Quoted scalars are always strings.
package struct ConfigParser {
    /// A scalar as `yaml.v2` resolves it.
    package enum ScalarValue: Equatable {
        case null
        case bool(Bool)
        case int(Int64)
        case float(Double)
        case string(String)
    }

    package let fileName: String
    /// Keys the file format used to have, each with what replaced it, so an old file gets a useful hint instead of
    /// a bare "unknown key".
    package let removedKeys: [String: String]
    package private(set) var errors: [ConfigDiagnostic] = []
    package private(set) var warnings: [ConfigDiagnostic] = []

    package init(fileName: String, removedKeys: [String: String] = [:]) {
        self.fileName = fileName
        self.removedKeys = removedKeys
    }

    // MARK: Diagnostics

    package func location(of node: Node?) -> SourceLocation? {
        guard let mark = node?.mark else { return nil }
        return SourceLocation(file: self.fileName, line: mark.line, column: mark.column)
    }

    package func location(of mark: Mark) -> SourceLocation {
        SourceLocation(file: self.fileName, line: mark.line, column: mark.column)
    }

    package mutating func error(_ path: String?, at location: SourceLocation?, _ message: String) {
        let path = path?.isEmpty == true ? nil : path
        self.errors.append(ConfigDiagnostic(location: location, path: path, message: message))
    }

    package mutating func report(_ diagnostic: ConfigDiagnostic) {
        self.errors.append(diagnostic)
    }

    package mutating func warn(_ path: String?, at location: SourceLocation?, _ message: String) {
        let path = path?.isEmpty == true ? nil : path
        self.warnings.append(ConfigDiagnostic(location: location, path: path, message: message))
    }

    // MARK: Documents

    /// Composes the first YAML document of `yaml`, as `yaml.v2` reads a config; syntax errors are reported.
    ///
    /// A leading UTF-8 byte-order mark, as Windows editors save files, is skipped as `yaml.v2` skips it; libyaml
    /// would otherwise read it as the start of a second document and the rules as nothing.
    package mutating func composeFirstDocument(_ yaml: String) -> Node? {
        let yaml = yaml.first == "\u{FEFF}" ? String(yaml.dropFirst()) : yaml
        do {
            var documents = try Yams.compose_all(yaml: yaml)
            let first = documents.next()
            if let error = documents.error {
                self.report(YAMLSyntaxDiagnostic.diagnostic(for: error, fileName: self.fileName))
                return nil
            }
            if documents.next() != nil || documents.error != nil {
                self.warn(
                    nil,
                    at: nil,
                    "the file holds more than one YAML document; only the first is read, as in statsd_exporter"
                )
            }
            return first
        } catch {
            self.report(YAMLSyntaxDiagnostic.diagnostic(for: error, fileName: self.fileName))
            return nil
        }
    }

    // MARK: Structure

    /// The key/value pairs of a mapping node (merge keys `<<` applied); unknown keys are reported.
    /// - Returns: `nil` when the node is null; an empty list (after reporting) when it is not a mapping.
    package mutating func pairs(
        of node: Node,
        path: String,
        allowed: [String],
        misplaced: [String: String] = [:]
    ) -> [(key: String, keyNode: Node, value: Node)]? {
        if self.isNull(node) {
            return nil
        }
        guard case .mapping(let mapping) = node else {
            self.error(
                path,
                at: self.location(of: node),
                "expected a mapping of keys to values, found \(Self.kind(of: node))"
            )
            return []
        }
        var result: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in self.mergedPairs(mapping, path: path) {
            guard case .scalar(let keyScalar) = keyNode else {
                self.error(
                    path,
                    at: self.location(of: keyNode),
                    "keys must be plain strings, found \(Self.kind(of: keyNode))"
                )
                continue
            }
            let key = keyScalar.string
            guard allowed.contains(key) else {
                self.error(
                    path.isEmpty ? key : "\(path).\(key)",
                    at: self.location(of: keyNode),
                    self.unknownKeyMessage(key, allowed: allowed, misplaced: misplaced)
                )
                continue
            }
            result.append((key, keyNode, value))
        }
        return result
    }

    /// The pairs of `mapping` with YAML merge keys (`<<: *anchor`) expanded; explicit keys win.
    private mutating func mergedPairs(_ mapping: Node.Mapping, path: String) -> [(Node, Node)] {
        var explicit: [(Node, Node)] = []
        var merged: [(Node, Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key, scalar.string == "<<", scalar.style == .plain || scalar.style == .any
            else {
                explicit.append((key, value))
                continue
            }
            let sources: [Node]
            switch value {
            case .mapping:
                sources = [value]
            case .sequence(let sequence):
                sources = Array(sequence)
            default:
                self.error(path, at: self.location(of: key), "a merge key (<<) needs a mapping or a list of mappings")
                continue
            }
            for source in sources {
                guard case .mapping(let inner) = source else {
                    self.error(
                        path,
                        at: self.location(of: source),
                        "a merge key (<<) needs a mapping or a list of mappings"
                    )
                    continue
                }
                merged.append(contentsOf: self.mergedPairs(inner, path: path))
            }
        }
        let explicitKeys = Set(explicit.compactMap { $0.0.scalar?.string })
        var seen = Set<String>()
        var result = explicit
        for (key, value) in merged {
            guard let text = key.scalar?.string, !explicitKeys.contains(text), seen.insert(text).inserted else {
                continue
            }
            result.append((key, value))
        }
        return result
    }

    /// The items of a sequence node; `nil` when null; an empty list (after reporting) when not a sequence.
    package mutating func items(of node: Node, path: String) -> [Node]? {
        if self.isNull(node) {
            return nil
        }
        guard case .sequence(let sequence) = node else {
            self.error(path, at: self.location(of: node), "expected a list, found \(Self.kind(of: node))")
            return []
        }
        return Array(sequence)
    }

    /// The entries of a mapping whose keys are free-form strings (user names, header names); duplicates are errors.
    package mutating func stringPairs(_ node: Node, path: String) -> [(Node, Node)] {
        if self.isNull(node) { return [] }
        guard case .mapping(let mapping) = node else {
            self.error(
                path,
                at: self.location(of: node),
                "expected a mapping, found \(Self.kind(of: node))"
            )
            return []
        }
        var seen: Set<String> = []
        var result: [(Node, Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                self.error(
                    path,
                    at: self.location(of: key),
                    "keys must be plain strings, found \(Self.kind(of: key))"
                )
                continue
            }
            guard seen.insert(scalar.string).inserted else {
                self.error(path, at: self.location(of: key), "\"\(scalar.string)\" is given twice")
                continue
            }
            result.append((key, value))
        }
        return result
    }

    package func isNull(_ node: Node) -> Bool {
        if case .scalar(let scalar) = node {
            return Self.resolve(scalar) == .null
        }
        return false
    }

    // MARK: Scalars

    /// A string field: any non-null scalar's text; null is `""`.
    package mutating func string(_ node: Node, path: String) -> String? {
        guard case .scalar(let scalar) = node else {
            self.error(path, at: self.location(of: node), "expected a string, found \(Self.kind(of: node))")
            return nil
        }
        return Self.resolve(scalar) == .null ? "" : scalar.string
    }

    /// A boolean field; null is `false`.
    package mutating func bool(_ node: Node, path: String) -> Bool? {
        if case .scalar(let scalar) = node {
            switch Self.resolve(scalar) {
            case .null:
                return false
            case .bool(let value):
                return value
            default:
                break
            }
        }
        self.error(path, at: self.location(of: node), "expected true or false, found \(Self.describe(node))")
        return nil
    }

    /// A float field; null is 0.
    package mutating func double(_ node: Node, path: String) -> Double? {
        if case .scalar(let scalar) = node {
            switch Self.resolve(scalar) {
            case .null:
                return 0
            case .int(let value):
                return Double(value)
            case .float(let value):
                return value
            default:
                break
            }
        }
        self.error(path, at: self.location(of: node), "expected a number, found \(Self.describe(node))")
        return nil
    }

    /// An unsigned 32-bit field (`age_buckets`, `buf_cap`, `native_histogram_max_buckets`); null is 0.
    package mutating func uint32(_ node: Node, path: String) -> Int? {
        if case .scalar(let scalar) = node {
            switch Self.resolve(scalar) {
            case .null:
                return 0
            case .int(let value):
                if value >= 0, value <= Int64(UInt32.max) {
                    return Int(value)
                }
                self.error(path, at: self.location(of: node), "\(value) is out of range (0 to \(UInt32.max))")
                return nil
            case .float(let value):
                if value >= 0, value <= Double(UInt32.max) {
                    if value != value.rounded(.towardZero) {
                        self.warn(
                            path,
                            at: self.location(of: node),
                            "\(scalar.string) is not a whole number; read as \(Int(value)) (as statsd_exporter does)"
                        )
                    }
                    return Int(value)
                }
                self.error(path, at: self.location(of: node), "\(scalar.string) is out of range (0 to \(UInt32.max))")
                return nil
            default:
                break
            }
        }
        self.error(path, at: self.location(of: node), "expected a whole number, found \(Self.describe(node))")
        return nil
    }

    /// A duration field read like a Go `time.Duration` in `yaml.v2`: a string is parsed with
    /// `time.ParseDuration`; a bare number is nanoseconds (warned about); null is 0.
    package mutating func duration(_ node: Node, path: String) -> Duration? {
        guard case .scalar(let scalar) = node else {
            self.error(
                path,
                at: self.location(of: node),
                "expected a duration such as 30s, 5m or 1h30m, found \(Self.kind(of: node))"
            )
            return nil
        }
        switch Self.resolve(scalar) {
        case .null:
            return .zero
        case .int(let value):
            if value != 0 {
                self.warn(
                    path,
                    at: self.location(of: node),
                    "\(scalar.string) has no unit and is read as \(value) nanoseconds (as statsd_exporter does); "
                        + "write a unit, e.g. \(scalar.string)s"
                )
            }
            return .nanoseconds(value)
        case .float(let value):
            guard value.isFinite, abs(value) < 9.2e18 else {
                self.error(path, at: self.location(of: node), "\(scalar.string) is not a valid duration")
                return nil
            }
            let nanoseconds = Int64(value)
            self.warn(
                path,
                at: self.location(of: node),
                "\(scalar.string) has no unit and is read as \(nanoseconds) nanoseconds (as statsd_exporter does); "
                    + "write a unit, e.g. \(scalar.string)s"
            )
            return .nanoseconds(nanoseconds)
        case .bool:
            self.error(
                path,
                at: self.location(of: node),
                "expected a duration such as 30s, 5m or 1h30m, found \(Self.describe(node))"
            )
            return nil
        case .string(let text):
            do {
                return try GoDuration.parse(text)
            } catch {
                self.error(
                    path,
                    at: self.location(of: node),
                    "invalid duration \"\(text)\" (\(error)); write e.g. 30s, 5m, 1h30m or 500ms"
                )
                return nil
            }
        }
    }

    // MARK: Resolution

    /// Resolves `scalar` the way `yaml.v2` does.
    static func resolve(_ scalar: Node.Scalar) -> ScalarValue {
        let text = scalar.string
        let tag = scalar.tag.rawValue
        if tag == Tag.Name.str.rawValue {
            return .string(text)
        }
        guard scalar.style == .plain || scalar.style == .any else {
            return .string(text)
        }
        switch text {
        case "", "~", "null", "Null", "NULL":
            return .null
        case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE":
            return .bool(true)
        case "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE":
            return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
            return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF":
            return .float(-.infinity)
        case ".nan", ".NaN", ".NAN":
            return .float(.nan)
        default:
            break
        }
        if let value = Self.goInteger(text) {
            return .int(value)
        }
        if Self.isYAMLFloat(text), let value = Double(text) {
            return .float(value)
        }
        return .string(text)
    }

    /// `strconv.ParseInt(s, 0, 64)` after removing `_`: decimal, `0x`, `0o`, `0b`, leading-`0` octal, with sign.
    private static func goInteger(_ text: String) -> Int64? {
        var digits = Substring(text.filter { $0 != "_" })
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard let first = digits.first, first.isASCII, first.isNumber else { return nil }
        var radix = 10
        let lower = digits.lowercased()
        if lower.hasPrefix("0x") {
            radix = 16
            digits = digits.dropFirst(2)
        } else if lower.hasPrefix("0o") {
            radix = 8
            digits = digits.dropFirst(2)
        } else if lower.hasPrefix("0b") {
            radix = 2
            digits = digits.dropFirst(2)
        } else if digits.count > 1, first == "0" {
            radix = 8
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, let magnitude = UInt64(digits, radix: radix) else { return nil }
        if negative {
            return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`, `yaml.v2`'s float syntax.
    private static func isYAMLFloat(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if let sign = scalars.first, sign == "-" || sign == "+" {
            scalars = scalars.dropFirst()
        }
        let integer = scalars.prefix(while: Self.isDigit)
        scalars = scalars.dropFirst(integer.count)
        var fraction = Substring.UnicodeScalarView.SubSequence()
        if scalars.first == "." {
            scalars = scalars.dropFirst()
            fraction = scalars.prefix(while: Self.isDigit)
            scalars = scalars.dropFirst(fraction.count)
            if integer.isEmpty, fraction.isEmpty {
                return false
            }
        } else if integer.isEmpty {
            return false
        }
        if let e = scalars.first, e == "e" || e == "E" {
            scalars = scalars.dropFirst()
            if let sign = scalars.first, sign == "-" || sign == "+" {
                scalars = scalars.dropFirst()
            }
            let exponent = scalars.prefix(while: Self.isDigit)
            guard !exponent.isEmpty else { return false }
            scalars = scalars.dropFirst(exponent.count)
        }
        return scalars.isEmpty
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar >= "0" && scalar <= "9"
    }

    // MARK: Messages

    package static func kind(of node: Node) -> String {
        switch node {
        case .scalar: "a single value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    package static func describe(_ node: Node) -> String {
        if case .scalar(let scalar) = node {
            return "\"\(scalar.string)\""
        }
        return Self.kind(of: node)
    }

    private func unknownKeyMessage(_ key: String, allowed: [String], misplaced: [String: String]) -> String {
        var message = "unknown key \"\(key)\""
        if let hint = misplaced[key] {
            return message + " (\(hint))"
        }
        if let replacement = self.removedKeys[key] {
            return message + " (removed from statsd_exporter; \(replacement))"
        }
        if let suggestion = allowed.min(by: { Self.distance(key, $0) < Self.distance(key, $1) }),
            Self.distance(key, suggestion) <= max(2, key.count / 4)
        {
            message += "; did you mean \"\(suggestion)\"?"
        } else {
            message += "; expected one of " + allowed.joined(separator: ", ")
        }
        return message
    }

    /// Levenshtein distance, for "did you mean".
    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
