/// The version this build reports in `--version`, the landing page and `statsd_exporter_build_info`.
package enum BridgeVersion {
    package static let current = "0.1.0"
}
