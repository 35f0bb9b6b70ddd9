extension RE2CaseFolding {
    /// The code points `(?i)` adds to a class of `ranges`: every orbit with a member in them (Go's
    /// `appendFoldedRange`). May repeat members of `ranges`.
    /// - Complexity: O(*n* × *r*), *n* the number of foldable code points, *r* the number of ranges.
    static func closure(of ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        guard ranges.contains(where: { $0.overlaps(Self.foldable) }) else { return [] }
        var added: [ClosedRange<UInt32>] = []
        for orbit in Self.orbits where orbit.contains(where: { member in ranges.contains { $0.contains(member) } }) {
            added += orbit.map { $0...$0 }
        }
        return added
    }

    /// The code points `(?i)` adds to a Unicode class written `members` in Swift syntax (`\p{gc=Lu}`): every orbit
    /// with a member in it, as Go adds `unicode.FoldCategory` and `unicode.FoldScript`.
    static func closure(ofProperties members: String) -> [ClosedRange<UInt32>] {
        guard let regex = try? Regex("[\(members)]").matchingSemantics(.unicodeScalar) else { return [] }
        var added: [ClosedRange<UInt32>] = []
        for orbit in Self.orbits {
            let matches = orbit.contains { member in
                guard let scalar = Unicode.Scalar(member) else { return false }
                return (try? regex.wholeMatch(in: String(scalar))) != nil
            }
            if matches {
                added += orbit.map { $0...$0 }
            }
        }
        return added
    }
}
