/// A `name` or label-value template, compiled once at load time: literal text and references to captures.
///
/// What a capture index means depends on the engine: for glob rules index 0 is the first `*` and ``wholeName`` the
/// whole StatsD name (`$0`); for regex rules it is the group number (0 being the whole match).
package struct Template: Sendable {
    package enum Segment: Sendable, Equatable {
        case literal(String)
        case capture(Int)
        /// The first of these captures that took part in the match (nothing when none did): a regex name that
        /// several groups share, as in `(?P<a>x)|(?P<a>y)`.
        case firstCapture([Int])
    }

    /// A reference in the template that does not do what it appears to (it expands to nothing).
    package struct Problem: Sendable, Equatable {
        /// The reference as written, e.g. `$1_total`.
        package var reference: String
        /// Why it expands to nothing and what to write instead.
        package var message: String
    }

    package var segments: [Segment]

    /// The capture index of `$0` in a glob rule: the whole StatsD name (statsd_exporter 0.31).
    package static let wholeName = -1

    /// The template's value when it references no capture.
    package var constant: String? {
        switch self.segments.count {
        case 0:
            return ""
        case 1:
            if case .literal(let text) = self.segments[0] {
                return text
            }
            return nil
        default:
            return nil
        }
    }

    /// Builds the value from `capture`, which returns the text of a capture index (`nil` when it did not take
    /// part in the match; `nil` or empty adds nothing).
    /// - Complexity: O(*n*) in the length of the result; allocates the result when it exceeds the small-string size.
    package func expand<Text: StringProtocol>(_ capture: (Int) -> Text?) -> String {
        if let constant = self.constant {
            return constant
        }
        var result = ""
        for segment in self.segments {
            switch segment {
            case .literal(let text):
                result += text
            case .capture(let index):
                if let text = capture(index) {
                    result += text
                }
            case .firstCapture(let indexes):
                for index in indexes {
                    if let text = capture(index) {
                        result += text
                        break
                    }
                }
            }
        }
        return result
    }

    /// Appends `literal` to `segments`, merging with a preceding literal.
    static func append(_ literal: String, to segments: inout [Segment]) {
        guard !literal.isEmpty else { return }
        if case .literal(let previous) = segments.last {
            segments[segments.count - 1] = .literal(previous + literal)
        } else {
            segments.append(.literal(literal))
        }
    }
}
