/// Where a rule or a problem is in the config file.
package struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    package var file: String
    /// 1-based line.
    package var line: Int
    /// 1-based column, counted in Unicode scalars.
    package var column: Int

    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    package var description: String { "\(self.file):\(self.line):\(self.column)" }
}
