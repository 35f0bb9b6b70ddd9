import Foundation
import Testing

/// README's "Layout" table against the package: every target of Package.swift has a row, and every module a source
/// target imports is listed in its row, so the one-way import rule stays written down and true.
struct LayoutTests {
    /// Modules any target may import without a mention: the standard library's own and the C library.
    static let implicit: Set<String> = ["Synchronization", "Glibc", "Darwin", "Foundation", "Testing"]

    /// (target, imports column) of each row of README's Layout table.
    static func rows() throws -> [String: String] {
        let readme = try ShippingFilesTests.read("README.md")
        let section = try #require(readme.components(separatedBy: "\n## Layout\n").dropFirst().first)
        var rows: [String: String] = [:]
        for line in section.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 4 else { continue }
            rows[cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = cells[3]
        }
        return rows
    }

    static func targets(kind: String) throws -> [String] {
        let manifest = try ShippingFilesTests.read("Package.swift")
        let pattern = try NSRegularExpression(pattern: "\\.\(kind)\\(\\s*name: \"([^\"]+)\"")
        let range = NSRange(manifest.startIndex..., in: manifest)
        return pattern.matches(in: manifest, range: range).compactMap {
            Range($0.range(at: 1), in: manifest).map { String(manifest[$0]) }
        }
    }

    @Test func everyTargetHasARow() throws {
        let rows = try Self.rows()
        for kind in ["target", "executableTarget", "systemLibrary"] {
            for target in try Self.targets(kind: kind) {
                #expect(rows[target] != nil, "README's Layout has no row for \(target)")
            }
        }
        let testRow = try #require(rows["*Tests"])
        let readme = try ShippingFilesTests.read("README.md")
        for target in try Self.targets(kind: "testTarget") {
            #expect(testRow.contains(target) || readme.contains("`\(target)`"), "\(target) is not in README's Layout")
        }
    }

    @Test func everyImportIsListed() throws {
        let rows = try Self.rows()
        let sources = ShippingFilesTests.root.appendingPathComponent("Sources")
        for target in try Self.targets(kind: "target") + Self.targets(kind: "executableTarget") {
            let allowed = try #require(rows[target])
            let folder = sources.appendingPathComponent(target)
            guard let files = FileManager.default.enumerator(atPath: folder.path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") where line.hasPrefix("import ") {
                    let module = String(line.dropFirst("import ".count))
                    guard !Self.implicit.contains(module) else { continue }
                    #expect(
                        allowed.contains("`\(module)`") || allowed.hasPrefix("every module above"),
                        "\(target)/\(file) imports \(module), which README's Layout does not list"
                    )
                }
            }
        }
    }
}
