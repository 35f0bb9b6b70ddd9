import Bridge
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `--statsd.relay.address` over real loopback sockets.
@Suite(.timeLimit(.minutes(1)))
struct RelayTests {
    /// A UDP socket bound to an ephemeral loopback port that collects what arrives.
    final class Sink {
        let descriptor: Int32
        let port: Int

        init() throws {
            let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
            }
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            self.descriptor = descriptor
            self.port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(self.descriptor) }

        /// Datagrams received within `seconds`, stopping early once `count` arrived.
        func receive(count: Int, within seconds: Double) -> [String] {
            var datagrams: [String] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            var waited = 0.0
            while datagrams.count < count, waited < seconds {
                let size = buffer.withUnsafeMutableBytes { recv(self.descriptor, $0.baseAddress, $0.count, 0) }
                if size > 0 {
                    datagrams.append(String(decoding: buffer[..<size], as: UTF8.self))
                } else {
                    waited += 0.1
                }
            }
            return datagrams
        }
    }

    @Test func linesArePackedIntoDatagramsAndFlushedWithinASecond() async throws {
        let sink = try Sink()
        try await withRunningBridge(configure: {
            $0.relayAddress = "127.0.0.1:\(sink.port)"
            $0.relayPacketLength = 40
        }) { bridge in
            try bridge.sendUDP(
                "first.metric:1|c\nsecond.metric:2|g\nbad line\n\(String(repeating: "x", count: 50)):1|c"
            )
            let datagrams = sink.receive(count: 2, within: 3)
            #expect(datagrams == ["first.metric:1|c\nsecond.metric:2|g\n", "bad line\n"])
            let text = try await bridge.scrape {
                $0.contains("statsd_exporter_relay_packets_total") && $0.contains("first_metric 1")
            }
            let target = "{target=\"127.0.0.1:\(sink.port)\"}"
            #expect(bridge.value(of: "statsd_exporter_relay_lines_relayed_total" + target, in: text) == 3)
            #expect(bridge.value(of: "statsd_exporter_relay_long_lines_total" + target, in: text) == 1)
            #expect(bridge.value(of: "statsd_exporter_relay_packets_total" + target, in: text) == 2)
        }
    }

    @Test func relayTargetGoneNeverStallsIngest() async throws {
        let port: Int
        do {
            let sink = try Sink()
            port = sink.port
        }
        try await withRunningBridge(configure: {
            $0.relayAddress = "127.0.0.1:\(port)"
            $0.relayPacketLength = 20
        }) { bridge in
            for index in 0..<50 {
                try bridge.sendUDP("kept.going:1|c\nfiller.line.\(index):1|c")
            }
            let text = try await bridge.scrape { $0.contains("kept_going 50") }
            #expect(bridge.value(of: "kept_going", in: text) == 50)
            let errors =
                bridge.value(of: "statsd_bridge_relay_send_errors_total{target=\"127.0.0.1:\(port)\"}", in: text) ?? 0
            #expect(errors > 0)
        }
    }
}
