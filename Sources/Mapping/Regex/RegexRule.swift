import Synchronization

/// A compiled `match_type: regex` pattern, safe to share between threads.
///
/// Swift's `Regex` is not `Sendable`, so each pattern sits behind its own lock; a lookup holds it only while
/// matching and expanding one name.
final class RegexRule: Sendable {
    /// Names of the capture groups; element 0 is the whole match.
    let groupNames: [String?]
    private let regex: Mutex<Regex<AnyRegexOutput>>

    /// Compiles an RE2 `pattern`.
    /// - Throws: A message saying why Go (or, failing that, Swift) refuses the pattern.
    init(pattern: String) throws(RE2Translator.Failure) {
        let translated = try RE2Translator.translate(pattern)
        let compiled: Regex<AnyRegexOutput>
        do {
            compiled = try Regex(translated.pattern)
        } catch {
            throw RE2Translator.Failure(description: "\(error)")
        }
        self.groupNames = translated.groupNames
        self.regex = Mutex(
            compiled
                .matchingSemantics(.unicodeScalar)
                .asciiOnlyWordCharacters()
                .asciiOnlyDigits()
                .asciiOnlyWhitespace()
                .wordBoundaryKind(.simple)
        )
    }

    /// Searches `name` (unanchored, leftmost-first like RE2) and, on a match, calls `body` with an accessor for
    /// the text of group *i* (`nil` when the group did not take part).
    /// - Returns: `body`'s result, or `nil` when the pattern does not occur in `name`.
    func firstMatch<Result: Sendable>(
        in name: String,
        _ body: ((Int) -> Substring?) -> Result
    ) -> Result? {
        self.regex.withLock { regex -> Result? in
            guard let match = try? regex.firstMatch(in: name) else { return nil }
            let output = match.output
            return body { index in
                index < output.count ? output[index].substring : nil
            }
        }
    }
}
