/// HTTP bodies that belong to the compatibility contract with statsd_exporter v0.30.0, copied byte for byte so
/// probes that compare them keep working.
enum HTTPBodies {
    static let healthyBody = "Statsd Exporter is Healthy.\n"
    static let readyBody = "Statsd Exporter is Ready.\n"
    static let reloadBody = "Requesting reload\n"
    static let quitBody = "Requesting termination... Goodbye!\n"
}
