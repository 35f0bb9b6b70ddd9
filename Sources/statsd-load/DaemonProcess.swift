#if canImport(Glibc)
import Glibc
#endif

/// A daemon started from a shell command line, in a process group of its own, so `compare` can start any
/// StatsD-to-Prometheus daemon the same way and stop it with everything it started.
struct DaemonProcess {
    let pid: Int32

    /// Runs `command` with `/bin/sh -c exec …`: the shell is replaced by the daemon, so `pid` is the daemon's own,
    /// whose CPU time and RSS `/proc` reports. Its output goes to `logPath`.
    init(command: String, logPath: String) throws(LoadError) {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let arguments = ["/bin/sh", "-c", "exec " + command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &argv, environ)
        guard status == 0 else { throw LoadError("cannot start \(command): errno \(status)") }
        self.pid = pid
    }

    /// Waits until `probe` answers on `path`, at most `seconds`.
    func waitUntilServing(_ probe: DaemonProbe, path: String, seconds: Double = 30) throws(LoadError) {
        let deadline = Clock.nanoseconds() + UInt64(seconds * 1e9)
        while Clock.nanoseconds() < deadline {
            var status: Int32 = 0
            if waitpid(self.pid, &status, WNOHANG) == self.pid {
                throw LoadError("the daemon exited before serving \(path)")
            }
            if (try? probe.read(path: path)) != nil { return }
            Clock.sleep(nanoseconds: 100_000_000)
        }
        throw LoadError("the daemon did not serve \(path) within \(Int(seconds)) s")
    }

    /// SIGTERM to the whole group, then SIGKILL if it is still there after 10 s.
    func stop() {
        kill(-self.pid, SIGTERM)
        let deadline = Clock.nanoseconds() + 10_000_000_000
        var status: Int32 = 0
        while Clock.nanoseconds() < deadline {
            // The daemon's pid, or -1 once it was already reaped (it exited before serving): either way, done.
            let reaped = waitpid(self.pid, &status, WNOHANG)
            if reaped == self.pid || reaped == -1 { return }
            Clock.sleep(nanoseconds: 50_000_000)
        }
        kill(-self.pid, SIGKILL)
        _ = waitpid(self.pid, &status, 0)
    }
}
