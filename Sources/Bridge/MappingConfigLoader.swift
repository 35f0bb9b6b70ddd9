import ConfigSupport
import Mapping

#if canImport(Glibc)
import Glibc
#endif

/// Loads the mapping file named on the command line, for startup and `--check-config`.
package enum MappingConfigLoader {
    /// A loaded mapping and the quirks it relies on, each a message naming file:line.
    package struct Loaded: Sendable {
        package var config: MappingConfig
        package var warnings: [String]

        /// How many rules the file has, for the startup log line.
        package var ruleCount: Int { self.config.ruleCount }
    }

    /// - Parameter path: the `--statsd.mapping-config` value; `nil` gives the empty mapping.
    /// - Throws: ``BridgeError`` listing every error of the file with its position.
    package static func load(_ path: String?) throws(BridgeError) -> Loaded {
        guard let path else { return Loaded(config: .empty, warnings: []) }
        do {
            let config = try MappingConfig.load(contentsOf: path)
            return Loaded(config: config, warnings: config.warnings.map(\.description))
        } catch {
            throw .mappingConfig(path, message: error.description)
        }
    }

    /// Loads a mapping given as text, for tests, tools and the fuzzer.
    /// - Throws: ``BridgeError`` listing every error with its position in `fileName`.
    package static func load(yaml: String, fileName: String) throws(BridgeError) -> Loaded {
        do {
            let config = try MappingConfig(yaml: yaml, fileName: fileName)
            return Loaded(config: config, warnings: config.warnings.map(\.description))
        } catch {
            throw .mappingConfig(fileName, message: error.description)
        }
    }

    /// Writes the glob state machine as a Graphviz dot file, as statsd_exporter's `--debug.dump-fsm` does.
    /// - Throws: ``BridgeError`` when the file cannot be written.
    package static func writeGlobFSM(of loaded: Loaded, to path: String) throws(BridgeError) {
        let dot = loaded.config.globFSMDot()
        guard let file = fopen(path, "w") else {
            throw .cannotWrite(path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        guard fputs(dot, file) >= 0 else {
            throw .cannotWrite(path, reason: String(cString: strerror(errno)))
        }
    }
}
