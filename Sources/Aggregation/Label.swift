/// One label pair of a series. Names are already valid Prometheus label names; values are verbatim.
package struct Label: Sendable, Hashable, Comparable {
    package var name: String
    package var value: String

    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    package static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.name, lhs.value) < (rhs.name, rhs.value)
    }
}
