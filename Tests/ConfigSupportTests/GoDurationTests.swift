import ConfigSupport
import Testing

/// Go's `time.ParseDuration`, as `ttl` and `max_age` strings are read.
struct GoDurationTests {
    @Test(arguments: [
        ("0", Duration.zero),
        ("1m20s", .seconds(80)),
        ("500ms", .milliseconds(500)),
        ("1h", .seconds(3600)),
        ("1.5h", .seconds(5400)),
        ("-5s", .seconds(-5)),
        ("+5s", .seconds(5)),
        (".5s", .milliseconds(500)),
        ("1h2m3s4ms5us6ns", .nanoseconds(3_723_004_005_006)),
        ("1µs", .microseconds(1)),
        ("1μs", .microseconds(1)),
        ("10us", .microseconds(10)),
    ])
    func validDurations(text: String, expected: Duration) throws {
        #expect(try GoDuration.parse(text) == expected)
    }

    @Test(arguments: [
        ("", #"time: invalid duration """#),
        ("60", #"time: missing unit in duration "60""#),
        ("5x", #"time: unknown unit "x" in duration "5x""#),
        ("5d", #"time: unknown unit "d" in duration "5d""#),
        (".s", #"time: invalid duration ".s""#),
        ("1 m", #"time: unknown unit " m" in duration "1 m""#),
        ("s", #"time: invalid duration "s""#),
        ("9999999999h", #"time: invalid duration "9999999999h""#),
    ])
    func invalidDurations(text: String, message: String) {
        #expect(throws: GoDuration.ParseError(description: message)) {
            try GoDuration.parse(text)
        }
    }

    @Test(arguments: [
        (Duration.zero, "0s"), (.seconds(62), "1m2s"), (.milliseconds(500), "500ms"), (.seconds(3600), "1h0m0s"),
        (.milliseconds(1500), "1.5s"), (.nanoseconds(60), "60ns"),
    ])
    func formatting(duration: Duration, text: String) {
        #expect(GoDuration.format(duration) == text)
    }
}
