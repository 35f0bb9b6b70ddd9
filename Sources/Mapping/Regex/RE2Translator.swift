/// Rewrites an RE2 pattern (Go `regexp` syntax, as statsd_exporter compiles `match_type: regex` rules) into a
/// Swift `Regex` pattern with the same meaning.
///
/// The parse follows Go's `regexp/syntax` (Go 1.25 and later) token by token, so a pattern is refused exactly
/// when Go refuses it, with Go's message and the text Go quotes: backreferences (`\1`), lookaround, atomic groups,
/// possessive and other nested quantifiers (`a*+`), conditionals, comments, flags other than `imsU`, unknown
/// escapes (`\C`, `\Z`, `\G`, `\K`, `\e`), unknown `\p` names, repetition counts over 1000 (also as a product of
/// nested counts), and Go's limits on nesting depth and program size.
///
/// The Swift pattern leans on no flag and on none of the places where Swift reads shared syntax differently:
/// `.` is written `[^\n]` (Swift's also stops at `\r` and U+2028), `$` is `\z`, `\d`, `\s` and `\w` are their
/// ASCII classes (Swift's `\s` has `\v`), POSIX classes are ASCII, `(?i)` is applied here with Go's case-folding
/// orbits (``RE2CaseFolding``), `(?U)` by writing each repetition greedy or lazy, `(?s)` and `(?m)` by choosing
/// the translation of `.`, `^` and `$`. A `{` that starts no valid repetition, `{,n}`, `&&`, `--`, `~~` and a nested
/// `[` inside a class are literals, as in Go. All capture groups are emitted unnamed; names are tracked here and
/// may repeat, as Go allows.
///
/// With `(?m)`, `^` matches only at the start of the name: Swift has no lookbehind to find a preceding `\n`, and
/// a StatsD name never contains one (lines are split on it). `$` is exact: `(?=\n|\z)`.
///
/// Not emulated: RE2's one documented difference from PCRE-style engines such as Swift's. When a repeated group can
/// match empty (`(a*)*`, `(a|)+`), Swift ends the repetition with an empty iteration and captures `""`; RE2 never
/// takes that iteration and keeps the last non-empty capture (`(a*)*` on `aa`: Go `$1` is `aa`, here it is empty).
/// The match itself is the same. Go's size limit is estimated (Go merges literals and factors alternations before
/// measuring), and its limit on the code points in classes (`\pL` repeated 27,000 times) is not applied.
package struct RE2Translator {
    /// The Swift pattern and the capture groups it has.
    package struct Output: Sendable, Equatable {
        package var pattern: String
        /// Element 0 stands for the whole match; element *i* is the name of group *i*, if any.
        package var groupNames: [String?]
    }

    /// Why Go would refuse the pattern, in Go's `regexp/syntax` words: a code and the offending text.
    package struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        package var description: String

        package init(description: String) {
            self.description = description
        }

        init(_ code: String, _ expression: String) {
            self.description = "\(code): `\(expression)`"
        }
    }

    /// The flags of Go's parser that change what a piece means.
    struct Flags: Equatable {
        /// `i`: letters match their case-folding orbit.
        var foldCase = false
        /// `m`: `^` and `$` match at line breaks.
        var multiLine = false
        /// `s`: `.` matches `\n`.
        var dotMatchesNewline = false
        /// `U`: repetitions are lazy unless followed by `?`.
        var nonGreedy = false
    }

    /// A translated piece and Go's measures of it.
    struct Item {
        enum Kind {
            /// One code point (Go merges runs of them into one node).
            case literal
            /// Anything else a repetition can follow directly: a class or a group.
            case atom
            /// A zero-width assertion, which Swift does not let a repetition follow.
            case assertion
            /// A repeated piece, which Swift does not let another repetition follow.
            case repetition
        }

        var text: String
        var kind: Kind
        /// The smallest count budget for which Go's `repeatIsValid` accepts this piece (products of nested
        /// counts may not exceed 1000).
        var repeatNeed = 0
        /// The height of Go's parse tree for this piece.
        var height = 1
        /// Go's estimate of the compiled size of this piece, in instructions.
        var size = 1
    }

    /// An open group, or the whole pattern.
    struct Frame {
        var alternatives: [[Item]] = []
        var current: [Item] = []
        var capture: Bool
        /// The flags to restore when the group closes.
        var flagsOutside: Flags
    }

    /// Go's `maxRepeat`, `maxHeight` and `maxSize` (128 MB of 40-byte instructions).
    static let maxRepeat = 1000
    static let maxHeight = 1000
    static let maxSize = (128 << 20) / 40

    let scalars: [Unicode.Scalar]
    var index = 0
    var flags = Flags()
    var frames = [Frame(capture: false, flagsOutside: Flags())]
    var groupNames: [String?] = [nil]
    /// Where the previous token started, when it was a repetition operator (Go's `lastRepeat`).
    var lastRepeatStart: Int?

    private init(_ pattern: String) {
        self.scalars = Array(pattern.unicodeScalars)
    }

    /// Translates `pattern`.
    /// - Throws: ``Failure`` when Go's `regexp.Compile` would refuse it.
    package static func translate(_ pattern: String) throws(Failure) -> Output {
        var translator = RE2Translator(pattern)
        let pattern = try translator.run()
        return Output(pattern: pattern, groupNames: translator.groupNames)
    }

    private mutating func run() throws(Failure) -> String {
        while self.index < self.scalars.count {
            var repeatStart: Int?
            let scalar = self.scalars[self.index]
            switch scalar {
            case "(":
                try self.openGroup()
            case "|":
                self.index += 1
                let last = self.frames.count - 1
                self.frames[last].alternatives.append(self.frames[last].current)
                self.frames[last].current = []
            case ")":
                try self.closeGroup()
            case "^":
                // Also with (?m): a StatsD name has no `\n` for a line to start after.
                self.index += 1
                self.push(Item(text: "\\A", kind: .assertion))
            case "$":
                self.index += 1
                self.push(Item(text: self.flags.multiLine ? "(?=\\n|\\z)" : "\\z", kind: .assertion))
            case ".":
                self.index += 1
                self.push(Item(text: self.flags.dotMatchesNewline ? "[\\x{0}-\\x{10FFFF}]" : "[^\\n]", kind: .atom))
            case "[":
                try self.characterClass()
            case "*", "+", "?":
                repeatStart = self.index
                let minimum = scalar == "+" ? 1 : 0
                let maximum: Int? = scalar == "?" ? 1 : nil
                try self.repeatLast(minimum: minimum, maximum: maximum, end: self.index + 1, counted: false)
            case "{":
                if let (minimum, maximum, end) = self.countedRepetition() {
                    repeatStart = self.index
                    if minimum < 0 || minimum > Self.maxRepeat || (maximum ?? 0) > Self.maxRepeat
                        || (maximum.map { minimum > $0 } ?? false)
                    {
                        throw Failure("invalid repeat count", self.slice(self.index, end))
                    }
                    try self.repeatLast(minimum: minimum, maximum: maximum, end: end, counted: true)
                } else {
                    self.index += 1
                    self.pushLiteral(scalar.value)
                }
            case "\\":
                try self.escape()
            default:
                self.index += 1
                self.pushLiteral(scalar.value)
            }
            self.lastRepeatStart = repeatStart
        }
        guard self.frames.count == 1 else {
            throw Failure("missing closing )", self.text)
        }
        let whole = Self.join(self.frames[0].alternatives + [self.frames[0].current])
        try self.checkLimits(whole)
        return whole.text
    }

    /// The whole pattern, as Go quotes it in some messages.
    var text: String { String(String.UnicodeScalarView(self.scalars)) }

    func slice(_ from: Int, _ to: Int) -> String {
        String(String.UnicodeScalarView(self.scalars[min(from, self.scalars.count)..<min(to, self.scalars.count)]))
    }

    mutating func push(_ item: Item) {
        self.frames[self.frames.count - 1].current.append(item)
    }

    /// Pushes the code point `value`; under `(?i)` its whole case-folding orbit.
    mutating func pushLiteral(_ value: UInt32) {
        if self.flags.foldCase, let orbit = RE2CaseFolding.orbit(of: value) {
            var builder = ClassBuilder(foldCase: false)
            for member in orbit {
                builder.add(member...member)
            }
            self.push(Item(text: builder.text(negated: false), kind: .literal))
        } else if let scalar = Unicode.Scalar(value) {
            self.push(Item(text: Self.literal(scalar), kind: .literal))
        } else {
            // A surrogate (`\x{D800}`): Go accepts it, and no text holds one.
            self.push(Item(text: ClassBuilder(foldCase: false).text(negated: false), kind: .literal))
        }
    }

    /// Refuses what Go's `checkLimits` refuses.
    func checkLimits(_ item: Item) throws(Failure) {
        if item.size > Self.maxSize {
            throw Failure("expression too large", self.text)
        }
        if item.height > Self.maxHeight {
            throw Failure("expression nests too deeply", self.text)
        }
    }

    // MARK: Repetition

    /// Applies a repetition operator (the token from ``index`` up to `end`, before an optional `?`) to the piece
    /// before it.
    private mutating func repeatLast(minimum: Int, maximum: Int?, end operatorEnd: Int, counted: Bool) throws(Failure) {
        let start = self.index
        var end = operatorEnd
        var lazy = self.flags.nonGreedy
        if end < self.scalars.count, self.scalars[end] == "?" {
            end += 1
            lazy.toggle()
        }
        if let previous = self.lastRepeatStart {
            throw Failure("invalid nested repetition operator", self.slice(previous, end))
        }
        guard let item = self.frames[self.frames.count - 1].current.popLast() else {
            throw Failure("missing argument to repetition operator", self.slice(start, end))
        }
        var repeated = Item(
            text: item.kind == .assertion || item.kind == .repetition ? "(?:\(item.text))" : item.text,
            kind: .repetition
        )
        switch (minimum, maximum) {
        case (0, nil) where !counted:
            repeated.text += "*"
            repeated.size = 2 + item.size
        case (1, nil) where !counted:
            repeated.text += "+"
            repeated.size = 1 + item.size
        case (0, 1) where !counted:
            repeated.text += "?"
            repeated.size = 1 + item.size
        case (_, nil):
            repeated.text += "{\(minimum),}"
            repeated.size = minimum == 0 ? 2 + item.size : 1 + Self.product(minimum, item.size)
        case (_, let maximum?):
            repeated.text += minimum == maximum ? "{\(minimum)}" : "{\(minimum),\(maximum)}"
            repeated.size = max(1, Self.product(maximum, item.size) + maximum - minimum)
        }
        if lazy {
            repeated.text += "?"
        }
        repeated.height = item.height + 1
        repeated.repeatNeed = item.repeatNeed
        if counted {
            let count = maximum == 0 ? 0 : (maximum ?? minimum)
            if maximum == 0 {
                repeated.repeatNeed = 0
            } else if count > 0 {
                repeated.repeatNeed = max(count, Self.product(count, item.repeatNeed))
            }
        }
        try self.checkLimits(repeated)
        if counted, minimum >= 2 || (maximum ?? 0) >= 2, repeated.repeatNeed > Self.maxRepeat {
            throw Failure("invalid repeat count", self.slice(start, end))
        }
        self.index = end
        self.push(repeated)
    }

    /// Go's `parseRepeat` at the cursor: `{n}`, `{n,}` or `{n,m}` (`nil` maximum: no bound) and the index after
    /// it, or `nil` when the `{` is a literal there. A number too large to read gives a minimum of -1.
    private func countedRepetition() -> (minimum: Int, maximum: Int?, end: Int)? {
        var cursor = self.index + 1
        func number() -> Int? {
            let start = cursor
            guard cursor < self.scalars.count, ConfigValidation.isDigit(self.scalars[cursor]) else { return nil }
            // Go reads no leading zeros: `{01}` is a literal.
            if self.scalars[cursor] == "0", cursor + 1 < self.scalars.count,
                ConfigValidation.isDigit(self.scalars[cursor + 1])
            {
                return nil
            }
            var value = 0
            while cursor < self.scalars.count, ConfigValidation.isDigit(self.scalars[cursor]) {
                if value >= 100_000_000 {
                    value = -1
                } else if value >= 0 {
                    value = value * 10 + Int(self.scalars[cursor].value - 48)
                }
                cursor += 1
            }
            return cursor > start ? value : nil
        }
        guard var minimum = number(), cursor < self.scalars.count else { return nil }
        var maximum: Int? = minimum
        if self.scalars[cursor] == "," {
            cursor += 1
            guard cursor < self.scalars.count else { return nil }
            if self.scalars[cursor] == "}" {
                maximum = nil
            } else {
                guard let bound = number() else { return nil }
                maximum = bound
                if bound < 0 {
                    minimum = -1
                }
            }
        }
        guard cursor < self.scalars.count, self.scalars[cursor] == "}" else { return nil }
        return (minimum, maximum, cursor + 1)
    }

    static func product(_ a: Int, _ b: Int) -> Int {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max / 4 : min(value, Int.max / 4)
    }

    // MARK: Groups

    /// `(`, `(?P<name>`, `(?<name>`, `(?flags)` or `(?flags:` at the cursor (Go's `parsePerlFlags`).
    private mutating func openGroup() throws(Failure) {
        let start = self.index
        let remaining = self.scalars.count - start
        guard remaining >= 2, self.scalars[start + 1] == "?" else {
            self.index += 1
            self.groupNames.append(nil)
            self.frames.append(Frame(capture: true, flagsOutside: self.flags))
            return
        }
        // Named capture: (?P<name>re) or (?<name>re). `(?<=` and `(?<!` are read as names, and refused as Go does.
        let startsWithP = remaining > 4 && self.scalars[start + 2] == "P" && self.scalars[start + 3] == "<"
        let startsWithName = remaining > 3 && self.scalars[start + 2] == "<"
        if startsWithP || startsWithName {
            guard let close = self.scalars[start...].firstIndex(of: ">") else {
                throw Failure("invalid named capture", self.slice(start, self.scalars.count))
            }
            let name = self.slice(start + (startsWithP ? 4 : 3), close)
            let valid =
                !name.isEmpty
                && name.unicodeScalars.allSatisfy {
                    $0.isASCII && (ConfigValidation.isLetterOrUnderscore($0) || ConfigValidation.isDigit($0))
                }
            guard valid else {
                throw Failure("invalid named capture", self.slice(start, close + 1))
            }
            self.index = close + 1
            self.groupNames.append(name)
            self.frames.append(Frame(capture: true, flagsOutside: self.flags))
            return
        }
        // Flags: (?flags) or (?flags:re), flags from imsU with at most one '-', which must be followed by one.
        var cursor = start + 2
        var flags = self.flags
        var negated = false
        var sawFlag = false
        scan: while cursor < self.scalars.count {
            let scalar = self.scalars[cursor]
            cursor += 1
            switch scalar {
            case "i":
                flags.foldCase = !negated
            case "m":
                flags.multiLine = !negated
            case "s":
                flags.dotMatchesNewline = !negated
            case "U":
                flags.nonGreedy = !negated
            case "-":
                if negated {
                    break scan
                }
                negated = true
                sawFlag = false
                continue
            case ":", ")":
                if negated, !sawFlag {
                    break scan
                }
                self.index = cursor
                if scalar == ":" {
                    self.frames.append(Frame(capture: false, flagsOutside: self.flags))
                }
                self.flags = flags
                return
            default:
                break scan
            }
            sawFlag = true
        }
        throw Failure("invalid or unsupported Perl syntax", self.slice(start, cursor))
    }

    private mutating func closeGroup() throws(Failure) {
        guard self.frames.count > 1 else {
            throw Failure("unexpected )", self.text)
        }
        self.index += 1
        let frame = self.frames.removeLast()
        var group = Self.join(frame.alternatives + [frame.current])
        if frame.capture {
            group.text = "(\(group.text))"
            group.height += 1
            group.size += 2
        } else {
            group.text = "(?:\(group.text))"
        }
        group.kind = .atom
        self.flags = frame.flagsOutside
        try self.checkLimits(group)
        self.push(group)
    }

    /// The alternation of concatenations, with Go's measures.
    static func join(_ alternatives: [[Item]]) -> Item {
        let branches = alternatives.map { items -> Item in
            var item = Item(text: items.map(\.text).joined(), kind: .atom)
            item.repeatNeed = items.map(\.repeatNeed).max() ?? 0
            item.size = max(1, items.reduce(0) { $0 + $1.size })
            // Go merges adjacent literals into one node.
            var nodes = 0
            var previousWasLiteral = false
            for item in items {
                if item.kind != .literal || !previousWasLiteral {
                    nodes += 1
                }
                previousWasLiteral = item.kind == .literal
            }
            let tallest = items.map(\.height).max() ?? 1
            item.height = nodes > 1 ? tallest + 1 : tallest
            return item
        }
        guard branches.count > 1 else { return branches[0] }
        var item = Item(text: branches.map(\.text).joined(separator: "|"), kind: .atom)
        item.repeatNeed = branches.map(\.repeatNeed).max() ?? 0
        item.size = branches.reduce(branches.count - 1) { $0 + $1.size }
        item.height = (branches.map(\.height).max() ?? 1) + 1
        return item
    }

    // MARK: Escapes

    /// A backslash escape outside a class (Go's order: assertions and `\Q`, `\p`, Perl classes, single characters).
    private mutating func escape() throws(Failure) {
        let start = self.index
        if start + 1 < self.scalars.count {
            let next = self.scalars[start + 1]
            switch next {
            case "A", "z", "b", "B":
                self.index = start + 2
                self.push(Item(text: "\\\(next)", kind: .assertion))
                return
            case "C":
                // Go refuses RE2's any-byte escape.
                throw Failure("invalid escape sequence", "\\C")
            case "Q":
                // Literal text up to `\E` or the end.
                self.index = start + 2
                while self.index < self.scalars.count {
                    if self.scalars[self.index] == "\\", self.index + 1 < self.scalars.count,
                        self.scalars[self.index + 1] == "E"
                    {
                        self.index += 2
                        break
                    }
                    self.pushLiteral(self.scalars[self.index].value)
                    self.index += 1
                }
                return
            case "p", "P":
                var builder = ClassBuilder(foldCase: self.flags.foldCase)
                try self.unicodeClass(into: &builder)
                self.push(Item(text: builder.text(negated: false), kind: .atom))
                return
            default:
                if let group = Self.perlClasses[next] {
                    self.index = start + 2
                    var builder = ClassBuilder(foldCase: self.flags.foldCase)
                    builder.add(group: group.ranges, negated: group.negated)
                    self.push(Item(text: builder.text(negated: false), kind: .atom))
                    return
                }
            }
        }
        let value = try self.singleCharacterEscape()
        self.pushLiteral(value)
    }

    /// A backslash escape that stands for one code point (Go's `parseEscape`); advances past it.
    /// - Returns: The code point, which may be a surrogate (`\x{D800}`).
    mutating func singleCharacterEscape() throws(Failure) -> UInt32 {
        let start = self.index
        guard start + 1 < self.scalars.count else {
            throw Failure("trailing backslash at end of expression", "")
        }
        let next = self.scalars[start + 1]
        var cursor = start + 2
        func fail() -> Failure {
            Failure("invalid escape sequence", self.slice(start, cursor))
        }
        func isOctal(_ at: Int) -> Bool {
            at < self.scalars.count && ("0"..."7").contains(self.scalars[at])
        }
        switch next {
        case "1"..."7":
            // A single non-zero digit would be a backreference, which RE2 does not support.
            guard isOctal(cursor) else { throw fail() }
            fallthrough
        case "0":
            var value = next.value - 48
            var digits = 1
            while digits < 3, isOctal(cursor) {
                value = value * 8 + self.scalars[cursor].value - 48
                cursor += 1
                digits += 1
            }
            self.index = cursor
            return value
        case "x":
            guard cursor < self.scalars.count else { throw fail() }
            let first = self.scalars[cursor]
            cursor += 1
            if first == "{" {
                // Any number of hex digits in braces, at least one, up to U+10FFFF.
                var value: UInt32 = 0
                var digits = 0
                while true {
                    guard cursor < self.scalars.count else { throw fail() }
                    let scalar = self.scalars[cursor]
                    cursor += 1
                    if scalar == "}" {
                        break
                    }
                    guard let digit = Self.hexValue(scalar) else { throw fail() }
                    value = value * 16 + digit
                    guard value <= 0x10FFFF else { throw fail() }
                    digits += 1
                }
                guard digits > 0 else { throw fail() }
                self.index = cursor
                return value
            }
            // Exactly two hex digits.
            guard cursor < self.scalars.count else { throw fail() }
            let second = self.scalars[cursor]
            cursor += 1
            guard let high = Self.hexValue(first), let low = Self.hexValue(second) else { throw fail() }
            self.index = cursor
            return high * 16 + low
        case "a":
            self.index = cursor
            return 0x07
        case "f":
            self.index = cursor
            return 0x0C
        case "t":
            self.index = cursor
            return 0x09
        case "n":
            self.index = cursor
            return 0x0A
        case "r":
            self.index = cursor
            return 0x0D
        case "v":
            self.index = cursor
            return 0x0B
        default:
            // Escaped ASCII punctuation (and `\_`) is the character itself; escaped letters, digits and
            // non-ASCII characters are refused.
            if next.isASCII, !ConfigValidation.isDigit(next),
                !ConfigValidation.isLetterOrUnderscore(next) || next == "_"
            {
                self.index = cursor
                return next.value
            }
            throw fail()
        }
    }

    // MARK: Helpers

    /// `scalar` as a literal in Swift regex syntax, inside or outside a class.
    static func literal(_ scalar: Unicode.Scalar) -> String {
        if scalar.isASCII, ConfigValidation.isLetterOrUnderscore(scalar) || ConfigValidation.isDigit(scalar) {
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
