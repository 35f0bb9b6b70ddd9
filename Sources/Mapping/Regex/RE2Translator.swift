/// Rewrites an RE2 pattern (Go `regexp` syntax, as statsd_exporter compiles `match_type: regex` rules) into the
/// syntax of Swift's `Regex`, keeping its meaning.
///
/// Refuses what Go refuses and Swift would accept: backreferences (`\1`), lookaround, atomic groups, possessive
/// and other nested quantifiers (`a*+`), comments, flags other than `imsU`, unknown escapes (`\C`, `\e`, `\Z`,
/// `\K`). Accepts what Go accepts and Swift would refuse: several groups with one name.
/// Rewrites what the two read differently: `{` that starts no valid repetition is literal, `{,n}` is literal,
/// octal escapes, `\pL`, `\p{^Greek}`, POSIX classes (ASCII in Go), and character-class items (`&&`, `--`, `~~`
/// and nested `[` are literal in Go). All capture groups are emitted unnamed; names are tracked here.
package struct RE2Translator {
    /// The Swift pattern and the capture groups it has.
    package struct Output: Sendable, Equatable {
        package var pattern: String
        /// Element 0 stands for the whole match; element *i* is the name of group *i*, if any.
        package var groupNames: [String?]
    }

    /// Why Go would refuse the pattern; the message follows Go's `regexp/syntax` wording.
    package struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        package var description: String

        package init(description: String) {
            self.description = description
        }
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var output = ""
    private var groupNames: [String?] = [nil]
    private var depth = 0
    /// Whether the last emitted item can take a repetition operator.
    private var canRepeat = false
    /// Whether the last emitted item is a repetition operator.
    private var lastWasRepetition = false
    private var repetitionText = ""

    private init(_ pattern: String) {
        self.scalars = Array(pattern.unicodeScalars)
    }

    /// Translates `pattern`.
    /// - Throws: ``Failure`` when Go's `regexp.Compile` would refuse it.
    package static func translate(_ pattern: String) throws(Failure) -> Output {
        var translator = RE2Translator(pattern)
        try translator.run()
        return Output(pattern: translator.output, groupNames: translator.groupNames)
    }

    private mutating func run() throws(Failure) {
        while self.index < self.scalars.count {
            let scalar = self.scalars[self.index]
            switch scalar {
            case "\\":
                try self.escape()
            case "[":
                try self.characterClass()
            case "(":
                try self.openGroup()
            case ")":
                guard self.depth > 0 else {
                    throw Failure(description: "unexpected ): `\(self.text)`")
                }
                self.depth -= 1
                self.index += 1
                self.emitAtom(")")
            case "*", "+", "?":
                try self.repetition(length: 1)
            case "{":
                if let length = try self.repeatLength() {
                    try self.repetition(length: length)
                } else {
                    self.index += 1
                    self.emitAtom("\\{")
                }
            case "|":
                self.index += 1
                self.emit("|", canRepeat: false)
            case "^", "$":
                self.index += 1
                self.emit(String(scalar), canRepeat: true)
            case ".":
                self.index += 1
                self.emitAtom(".")
            default:
                self.index += 1
                self.emitAtom(Self.literal(scalar))
            }
        }
        if self.depth > 0 {
            throw Failure(description: "missing closing ): `\(self.text)`")
        }
    }

    private var text: String { String(String.UnicodeScalarView(self.scalars)) }

    private func slice(_ from: Int, _ to: Int) -> String {
        String(String.UnicodeScalarView(self.scalars[from..<min(to, self.scalars.count)]))
    }

    private mutating func emit(_ piece: String, canRepeat: Bool) {
        self.output += piece
        self.canRepeat = canRepeat
        self.lastWasRepetition = false
    }

    private mutating func emitAtom(_ piece: String) {
        self.emit(piece, canRepeat: true)
    }

    // MARK: Repetition

    private mutating func repetition(length: Int) throws(Failure) {
        var end = self.index + length
        if end < self.scalars.count, self.scalars[end] == "?" {
            end += 1
        }
        let written = self.slice(self.index, end)
        if self.lastWasRepetition {
            throw Failure(description: "invalid nested repetition operator: `\(self.repetitionText)\(written)`")
        }
        guard self.canRepeat else {
            throw Failure(description: "missing argument to repetition operator: `\(written)`")
        }
        self.output += written
        self.index = end
        self.canRepeat = false
        self.lastWasRepetition = true
        self.repetitionText = written
    }

    /// The length of a valid `{n}`, `{n,}` or `{n,m}` at the cursor, or `nil` when `{` is a literal there.
    private func repeatLength() throws(Failure) -> Int? {
        var cursor = self.index + 1
        func number() -> Int? {
            let start = cursor
            var value = 0
            while cursor < self.scalars.count, ConfigValidation.isDigit(self.scalars[cursor]) {
                value = min(value * 10 + Int(self.scalars[cursor].value - 48), 100_000)
                cursor += 1
            }
            return cursor > start ? value : nil
        }
        guard let minimum = number() else { return nil }
        var maximum: Int? = minimum
        if cursor < self.scalars.count, self.scalars[cursor] == "," {
            cursor += 1
            maximum = cursor < self.scalars.count && self.scalars[cursor] == "}" ? nil : number()
            if maximum == nil, cursor < self.scalars.count, self.scalars[cursor] != "}" {
                return nil
            }
        }
        guard cursor < self.scalars.count, self.scalars[cursor] == "}" else { return nil }
        let length = cursor + 1 - self.index
        if minimum > 1000 || (maximum ?? 0) > 1000 || (maximum.map { $0 < minimum } ?? false) {
            throw Failure(description: "invalid repeat count: `\(self.slice(self.index, self.index + length))`")
        }
        return length
    }

    // MARK: Groups

    private mutating func openGroup() throws(Failure) {
        let start = self.index
        guard start + 1 < self.scalars.count, self.scalars[start + 1] == "?" else {
            self.index += 1
            self.depth += 1
            self.groupNames.append(nil)
            self.emit("(", canRepeat: false)
            return
        }
        var cursor = start + 2
        // Named capture: (?P<name>re) or (?<name>re).
        if cursor < self.scalars.count, self.scalars[cursor] == "P" || self.scalars[cursor] == "<" {
            if self.scalars[cursor] == "P" {
                cursor += 1
                guard cursor < self.scalars.count, self.scalars[cursor] == "<" else {
                    throw Failure(description: "invalid or unsupported Perl syntax: `\(self.slice(start, cursor + 1))`")
                }
            }
            let nameStart = cursor + 1
            if self.scalars[cursor] == "<", start + 2 == cursor, nameStart < self.scalars.count,
                self.scalars[nameStart] == "=" || self.scalars[nameStart] == "!"
            {
                throw Failure(description: "invalid or unsupported Perl syntax: `\(self.slice(start, start + 4))`")
            }
            guard let close = self.scalars[nameStart...].firstIndex(of: ">") else {
                throw Failure(description: "invalid named capture: `\(self.slice(start, self.scalars.count))`")
            }
            let name = self.slice(nameStart, close)
            let valid = !name.isEmpty && name.unicodeScalars.allSatisfy {
                ConfigValidation.isLetterOrUnderscore($0) || ConfigValidation.isDigit($0)
            }
            guard valid else {
                throw Failure(description: "invalid named capture: `\(self.slice(start, close + 1))`")
            }
            self.index = close + 1
            self.depth += 1
            self.groupNames.append(name)
            self.emit("(", canRepeat: false)
            return
        }
        // Flags: (?flags) or (?flags:re), flags from imsU with at most one '-'.
        var sawDash = false
        var sawFlag = false
        var flagAfterDash = false
        while cursor < self.scalars.count {
            let scalar = self.scalars[cursor]
            switch scalar {
            case "i", "m", "s", "U":
                sawFlag = true
                if sawDash {
                    flagAfterDash = true
                }
                cursor += 1
                continue
            case "-" where !sawDash:
                sawDash = true
                cursor += 1
                continue
            case ":", ")":
                let valid = (sawFlag || scalar == ":") && (!sawDash || flagAfterDash)
                guard valid else {
                    throw Failure(description: "invalid or unsupported Perl syntax: `\(self.slice(start, cursor + 1))`")
                }
                self.index = cursor + 1
                if scalar == ":" {
                    self.depth += 1
                }
                self.emit(self.slice(start, cursor + 1), canRepeat: false)
                return
            default:
                break
            }
            break
        }
        throw Failure(description: "invalid or unsupported Perl syntax: `\(self.slice(start, cursor + 1))`")
    }

    // MARK: Escapes

    private mutating func escape() throws(Failure) {
        let start = self.index
        guard start + 1 < self.scalars.count else {
            throw Failure(description: "trailing backslash at end of expression: ``")
        }
        let next = self.scalars[start + 1]
        switch next {
        case "A", "z", "b", "B":
            self.index = start + 2
            self.emit("\\\(next)", canRepeat: true)
        case "d", "D", "s", "S", "w", "W":
            self.index = start + 2
            self.emitAtom("\\\(next)")
        case "p", "P":
            let property = try self.unicodeClass()
            self.emitAtom(property)
        case "Q":
            self.index = start + 2
            var literal = ""
            while self.index < self.scalars.count {
                if self.scalars[self.index] == "\\", self.index + 1 < self.scalars.count,
                    self.scalars[self.index + 1] == "E"
                {
                    self.index += 2
                    break
                }
                literal += Self.literal(self.scalars[self.index])
                self.index += 1
            }
            if !literal.isEmpty {
                self.emitAtom("(?:\(literal))")
            }
        case "C":
            // Go refuses RE2's any-byte escape.
            throw Failure(description: "invalid escape sequence: `\\C`")
        default:
            let scalar = try self.singleCharacterEscape()
            self.emitAtom(Self.literal(scalar))
        }
    }

    /// `\pL`, `\p{Greek}`, `\p{^Greek}`, `\PL`, `\P{Greek}` at the cursor, as Swift syntax.
    private mutating func unicodeClass() throws(Failure) -> String {
        let start = self.index
        var negated = self.scalars[start + 1] == "P"
        var cursor = start + 2
        guard cursor < self.scalars.count else {
            throw Failure(description: "invalid character class range: `\(self.slice(start, cursor))`")
        }
        var name: String
        if self.scalars[cursor] == "{" {
            guard let close = self.scalars[cursor...].firstIndex(of: "}") else {
                throw Failure(description: "invalid character class range: `\(self.slice(start, self.scalars.count))`")
            }
            name = self.slice(cursor + 1, close)
            cursor = close + 1
        } else {
            name = String(self.scalars[cursor])
            cursor += 1
        }
        if name.hasPrefix("^") {
            negated.toggle()
            name.removeFirst()
        }
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ ConfigValidation.isLetterOrUnderscore($0) }) else {
            throw Failure(description: "invalid character class range: `\(self.slice(start, cursor))`")
        }
        self.index = cursor
        return negated ? "\\P{\(name)}" : "\\p{\(name)}"
    }

    /// A backslash escape that stands for one character (Go's `parseEscape`); advances past it.
    private mutating func singleCharacterEscape() throws(Failure) -> Unicode.Scalar {
        let start = self.index
        let next = self.scalars[start + 1]
        var cursor = start + 2
        func fail() -> Failure {
            Failure(description: "invalid escape sequence: `\(self.slice(start, cursor))`")
        }
        switch next {
        case "1"..."7":
            // A single non-zero digit would be a backreference, which RE2 does not support.
            guard cursor < self.scalars.count, ("0"..."7").contains(self.scalars[cursor]) else { throw fail() }
            fallthrough
        case "0":
            var value = next.value - 48
            var digits = 1
            while digits < 3, cursor < self.scalars.count, ("0"..."7").contains(self.scalars[cursor]) {
                value = value * 8 + self.scalars[cursor].value - 48
                cursor += 1
                digits += 1
            }
            self.index = cursor
            return Unicode.Scalar(value) ?? "\u{0}"
        case "x":
            guard cursor < self.scalars.count else { throw fail() }
            var value: UInt32 = 0
            if self.scalars[cursor] == "{" {
                cursor += 1
                var digits = 0
                while cursor < self.scalars.count, let digit = Self.hexValue(self.scalars[cursor]) {
                    value = value * 16 + digit
                    digits += 1
                    cursor += 1
                    if value > 0x10FFFF {
                        throw fail()
                    }
                }
                guard digits > 0, cursor < self.scalars.count, self.scalars[cursor] == "}" else { throw fail() }
                cursor += 1
            } else {
                guard cursor + 1 < self.scalars.count, let high = Self.hexValue(self.scalars[cursor]),
                    let low = Self.hexValue(self.scalars[cursor + 1])
                else {
                    cursor = min(cursor + 2, self.scalars.count)
                    throw fail()
                }
                value = high * 16 + low
                cursor += 2
            }
            guard let scalar = Unicode.Scalar(value) else { throw fail() }
            self.index = cursor
            return scalar
        case "a":
            self.index = cursor
            return "\u{07}"
        case "f":
            self.index = cursor
            return "\u{0C}"
        case "t":
            self.index = cursor
            return "\t"
        case "n":
            self.index = cursor
            return "\n"
        case "r":
            self.index = cursor
            return "\r"
        case "v":
            self.index = cursor
            return "\u{0B}"
        default:
            // Escaped ASCII punctuation is the character itself.
            if next.isASCII, !ConfigValidation.isLetterOrUnderscore(next) || next == "_",
                !ConfigValidation.isDigit(next)
            {
                self.index = cursor
                return next
            }
            throw fail()
        }
    }

    // MARK: Character classes

    private mutating func characterClass() throws(Failure) {
        let start = self.index
        var cursor = start + 1
        var items: [String] = []
        var negated = false
        if cursor < self.scalars.count, self.scalars[cursor] == "^" {
            negated = true
            cursor += 1
        }
        var first = true
        while true {
            guard cursor < self.scalars.count else {
                throw Failure(description: "missing closing ]: `\(self.slice(start, self.scalars.count))`")
            }
            let scalar = self.scalars[cursor]
            if scalar == "]", !first {
                cursor += 1
                break
            }
            first = false
            // POSIX class [:alpha:] / [:^alpha:].
            if scalar == "[", cursor + 1 < self.scalars.count, self.scalars[cursor + 1] == ":" {
                if let close = self.posixClassEnd(from: cursor) {
                    var name = self.slice(cursor + 2, close)
                    var posixNegated = false
                    if name.hasPrefix("^") {
                        posixNegated = true
                        name.removeFirst()
                    }
                    guard let ranges = Self.posixClasses[name] else {
                        throw Failure(description: "invalid character class range: `\(self.slice(cursor, close + 2))`")
                    }
                    items.append(posixNegated ? "[^\(ranges)]" : ranges)
                    cursor = close + 2
                    continue
                }
            }
            // Class escapes and single characters.
            var low: Unicode.Scalar
            if scalar == "\\" {
                guard cursor + 1 < self.scalars.count else {
                    throw Failure(description: "trailing backslash at end of expression: ``")
                }
                let next = self.scalars[cursor + 1]
                if ["d", "D", "s", "S", "w", "W"].contains(next) {
                    items.append("\\\(next)")
                    cursor += 2
                    continue
                }
                if next == "p" || next == "P" {
                    self.index = cursor
                    items.append(try self.unicodeClass())
                    cursor = self.index
                    continue
                }
                self.index = cursor
                low = try self.singleCharacterEscape()
                cursor = self.index
            } else {
                low = scalar
                cursor += 1
            }
            // Range lo-hi, unless '-' is the last character before ']'.
            if cursor + 1 < self.scalars.count, self.scalars[cursor] == "-", self.scalars[cursor + 1] != "]" {
                let rangeStart = cursor - 1
                cursor += 1
                var high: Unicode.Scalar
                if self.scalars[cursor] == "\\" {
                    guard cursor + 1 < self.scalars.count else {
                        throw Failure(description: "trailing backslash at end of expression: ``")
                    }
                    let next = self.scalars[cursor + 1]
                    if ["d", "D", "s", "S", "w", "W", "p", "P"].contains(next) {
                        let range = self.slice(rangeStart, cursor + 2)
                        throw Failure(description: "invalid character class range: `\(range)`")
                    }
                    self.index = cursor
                    high = try self.singleCharacterEscape()
                    cursor = self.index
                } else {
                    high = self.scalars[cursor]
                    cursor += 1
                }
                guard high >= low else {
                    throw Failure(description: "invalid character class range: `\(self.slice(rangeStart, cursor))`")
                }
                items.append("\(Self.literal(low))-\(Self.literal(high))")
            } else {
                items.append(Self.literal(low))
            }
        }
        self.index = cursor
        self.emitAtom("[" + (negated ? "^" : "") + items.joined() + "]")
    }

    /// Index of the `:` of the closing `:]` of a POSIX class starting at `start`, if there is one.
    private func posixClassEnd(from start: Int) -> Int? {
        var cursor = start + 2
        while cursor + 1 < self.scalars.count {
            if self.scalars[cursor] == ":", self.scalars[cursor + 1] == "]" {
                return cursor
            }
            if self.scalars[cursor] == "]" {
                return nil
            }
            cursor += 1
        }
        return nil
    }

    /// Go's POSIX classes, which are ASCII-only, as class items.
    private static let posixClasses: [String: String] = [
        "alnum": "0-9A-Za-z",
        "alpha": "A-Za-z",
        "ascii": "\\x{0}-\\x{7F}",
        "blank": "\\x{9}\\x{20}",
        "cntrl": "\\x{0}-\\x{1F}\\x{7F}",
        "digit": "0-9",
        "graph": "\\x{21}-\\x{7E}",
        "lower": "a-z",
        "print": "\\x{20}-\\x{7E}",
        "punct": "\\x{21}-\\x{2F}\\x{3A}-\\x{40}\\x{5B}-\\x{60}\\x{7B}-\\x{7E}",
        "space": "\\x{9}-\\x{D}\\x{20}",
        "upper": "A-Z",
        "word": "0-9A-Za-z_",
        "xdigit": "0-9A-Fa-f",
    ]

    // MARK: Helpers

    /// `scalar` as a literal in Swift regex syntax, inside or outside a class.
    private static func literal(_ scalar: Unicode.Scalar) -> String {
        if ConfigValidation.isLetterOrUnderscore(scalar) || ConfigValidation.isDigit(scalar) {
            return String(scalar)
        }
        return "\\x{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 48
        case "a"..."f": scalar.value - 87
        case "A"..."F": scalar.value - 55
        default: nil
        }
    }
}
