extension RE2Translator {
    /// The members of one Go character class, written out as a Swift class.
    struct ClassBuilder {
        /// Whether members are added with their case-folding orbits (`(?i)`).
        let foldCase: Bool
        var ranges: [ClosedRange<UInt32>] = []
        /// Members in Swift syntax that are not code point ranges: `\p{…}`, `\P{…}` and nested negated classes.
        var items: [String] = []

        init(foldCase: Bool) {
            self.foldCase = foldCase
        }

        mutating func add(_ range: ClosedRange<UInt32>) {
            self.ranges.append(range)
            if self.foldCase {
                self.ranges += RE2CaseFolding.closure(of: [range])
            }
        }

        /// Adds a Perl or POSIX class, or its complement: Go folds the class first and negates the result.
        mutating func add(group: [ClosedRange<UInt32>], negated: Bool) {
            var members = group
            if self.foldCase {
                members += RE2CaseFolding.closure(of: group)
            }
            if negated {
                self.items.append("[^" + Self.text(of: members) + "]")
            } else {
                self.ranges += members
            }
        }

        /// Adds the union of Swift properties (`gc=Lu`, `sc=Greek`), or its complement.
        mutating func add(properties: [String], negated: Bool) {
            let written = properties.map { "\\p{\($0)}" }.joined()
            let extra = self.foldCase ? RE2CaseFolding.closure(ofProperties: written) : []
            switch (negated, properties.count == 1 && extra.isEmpty) {
            case (false, _):
                self.items.append(written)
                self.ranges += extra
            case (true, true):
                self.items.append("\\P{\(properties[0])}")
            case (true, false):
                self.items.append("[^" + written + Self.text(of: extra) + "]")
            }
        }

        /// The class in Swift syntax. Surrogates, which no text holds, are left out; a class left empty matches
        /// nothing (or, negated, everything).
        func text(negated: Bool) -> String {
            let members = Self.text(of: self.ranges) + self.items.joined()
            if members.isEmpty {
                return negated ? "[\\x{0}-\\x{10FFFF}]" : "[^\\x{0}-\\x{10FFFF}]"
            }
            return "[" + (negated ? "^" : "") + members + "]"
        }

        /// `ranges` sorted, merged and without surrogates, as class members.
        static func text(of ranges: [ClosedRange<UInt32>]) -> String {
            var merged: [ClosedRange<UInt32>] = []
            for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                    merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
                } else {
                    merged.append(range)
                }
            }
            var text = ""
            for range in merged {
                for piece in [range.clamped(to: 0...0xD7FF), range.clamped(to: 0xE000...0x10FFFF)]
                where piece.overlaps(range) {
                    var low = piece.lowerBound
                    var high = piece.upperBound
                    // Swift refuses a range bound that cannot occur in NFC text (U+212A KELVIN SIGN); such a bound
                    // is written as a single member instead.
                    while low <= high, let scalar = Unicode.Scalar(low), scalar.properties.isFullCompositionExclusion {
                        text += literal(scalar)
                        low += 1
                    }
                    while high > low, let scalar = Unicode.Scalar(high), scalar.properties.isFullCompositionExclusion {
                        text += literal(scalar)
                        high -= 1
                    }
                    guard low <= high, let first = Unicode.Scalar(low), let last = Unicode.Scalar(high) else {
                        continue
                    }
                    text += first == last ? literal(first) : literal(first) + "-" + literal(last)
                }
            }
            return text
        }
    }

    /// A class at the cursor (Go's `parseClass`): `]` first is a member; POSIX classes, `\p`, Perl classes,
    /// escapes, single characters and ranges. Anything else, `[` `&&` `--` included, is a literal member.
    mutating func characterClass() throws(Failure) {
        let start = self.index
        var cursor = start + 1
        var builder = ClassBuilder(foldCase: self.flags.foldCase)
        var negated = false
        if cursor < self.scalars.count, self.scalars[cursor] == "^" {
            negated = true
            cursor += 1
        }
        var first = true
        while cursor >= self.scalars.count || self.scalars[cursor] != "]" || first {
            first = false
            // POSIX class: `[:alpha:]` or `[:^alpha:]`, up to the next `:]` anywhere after it.
            if self.scalars.count - cursor > 2, self.scalars[cursor] == "[", self.scalars[cursor + 1] == ":",
                let close = self.colonBracket(from: cursor + 2)
            {
                let name = self.slice(cursor, close + 2)
                guard let group = Self.posixClasses[name] else {
                    throw Failure("invalid character class range", name)
                }
                builder.add(group: group.ranges, negated: group.negated)
                cursor = close + 2
                continue
            }
            if cursor + 1 < self.scalars.count, self.scalars[cursor] == "\\" {
                let next = self.scalars[cursor + 1]
                if next == "p" || next == "P" {
                    self.index = cursor
                    try self.unicodeClass(into: &builder)
                    cursor = self.index
                    continue
                }
                if let group = Self.perlClasses[next] {
                    builder.add(group: group.ranges, negated: group.negated)
                    cursor += 2
                    continue
                }
            }
            // A character, or a range lo-hi unless '-' is the last character before ']'.
            let rangeStart = cursor
            self.index = cursor
            let low = try self.classCharacter(classStart: start)
            var high = low
            if self.scalars.count - self.index >= 2, self.scalars[self.index] == "-",
                self.scalars[self.index + 1] != "]"
            {
                self.index += 1
                high = try self.classCharacter(classStart: start)
                guard high >= low else {
                    throw Failure("invalid character class range", self.slice(rangeStart, self.index))
                }
            }
            cursor = self.index
            builder.add(low...high)
        }
        self.index = cursor + 1
        self.push(Item(text: builder.text(negated: negated), kind: .atom))
    }

    /// One member character at the cursor (Go's `parseClassChar`); advances past it.
    private mutating func classCharacter(classStart: Int) throws(Failure) -> UInt32 {
        guard self.index < self.scalars.count else {
            throw Failure("missing closing ]", self.slice(classStart, self.scalars.count))
        }
        if self.scalars[self.index] == "\\" {
            return try self.singleCharacterEscape()
        }
        self.index += 1
        return self.scalars[self.index - 1].value
    }

    /// Index of the `:` of the first `:]` at or after `start`.
    private func colonBracket(from start: Int) -> Int? {
        var cursor = start
        while cursor + 1 < self.scalars.count {
            if self.scalars[cursor] == ":", self.scalars[cursor + 1] == "]" {
                return cursor
            }
            cursor += 1
        }
        return nil
    }

    /// `\pL`, `\p{Greek}`, `\p{^Greek}`, `\PL`, `\P{Greek}` at the cursor (Go's `parseUnicodeClass`); adds it to
    /// `builder` and advances past it.
    mutating func unicodeClass(into builder: inout ClassBuilder) throws(Failure) {
        let start = self.index
        var negated = self.scalars[start + 1] == "P"
        let nameStart = start + 2
        var name: String
        let end: Int
        if nameStart < self.scalars.count, self.scalars[nameStart] == "{" {
            guard let close = self.scalars[start...].firstIndex(of: "}") else {
                throw Failure("invalid character class range", self.slice(start, self.scalars.count))
            }
            name = self.slice(nameStart + 1, close)
            end = close + 1
        } else {
            // A one-letter name (none at the end of the pattern).
            end = min(nameStart + 1, self.scalars.count)
            name = self.slice(nameStart, end)
        }
        if name.hasPrefix("^") {
            negated.toggle()
            name.removeFirst()
        }
        guard let unicodeClass = Self.unicodeClass(named: name) else {
            throw Failure("invalid character class range", self.slice(start, end))
        }
        switch unicodeClass {
        case .ranges(let ranges):
            builder.add(group: ranges, negated: negated)
        case .properties(let properties, let inverted):
            builder.add(properties: properties, negated: negated != inverted)
        }
        self.index = end
    }

    /// Go's Perl classes `\d \D \s \S \w \W`, all ASCII.
    static let perlClasses: [Unicode.Scalar: (ranges: [ClosedRange<UInt32>], negated: Bool)] = [
        "d": (Self.digits, false), "D": (Self.digits, true),
        "s": (Self.perlSpace, false), "S": (Self.perlSpace, true),
        "w": (Self.word, false), "W": (Self.word, true),
    ]

    private static let digits: [ClosedRange<UInt32>] = [0x30...0x39]
    /// `\t \n \f \r` and space; not `\v`.
    private static let perlSpace: [ClosedRange<UInt32>] = [0x09...0x0A, 0x0C...0x0D, 0x20...0x20]
    private static let word: [ClosedRange<UInt32>] = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]

    /// Go's POSIX classes, which are ASCII-only, by their full spelling (`[:alpha:]`, `[:^alpha:]`).
    static let posixClasses: [String: (ranges: [ClosedRange<UInt32>], negated: Bool)] = {
        let classes: [String: [ClosedRange<UInt32>]] = [
            "alnum": [0x30...0x39, 0x41...0x5A, 0x61...0x7A],
            "alpha": [0x41...0x5A, 0x61...0x7A],
            "ascii": [0x00...0x7F],
            "blank": [0x09...0x09, 0x20...0x20],
            "cntrl": [0x00...0x1F, 0x7F...0x7F],
            "digit": [0x30...0x39],
            "graph": [0x21...0x7E],
            "lower": [0x61...0x7A],
            "print": [0x20...0x7E],
            "punct": [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E],
            "space": [0x09...0x0D, 0x20...0x20],
            "upper": [0x41...0x5A],
            "word": [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A],
            "xdigit": [0x30...0x39, 0x41...0x46, 0x61...0x66],
        ]
        var table: [String: (ranges: [ClosedRange<UInt32>], negated: Bool)] = [:]
        for (name, ranges) in classes {
            table["[:\(name):]"] = (ranges, false)
            table["[:^\(name):]"] = (ranges, true)
        }
        return table
    }()
}
