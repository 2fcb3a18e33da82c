import MoodMusicWire
import Testing
@testable import MoodMusicHTTP

@Suite struct CallDeadlineTests {
    let deadline = CallDeadline(defaultMs: 30_000, maximumMs: 120_000)

    @Test func grpcTimeoutUnits() throws {
        #expect(try deadline.resolve(header: "250m", query: nil) == 250)
        #expect(try deadline.resolve(header: "5S", query: nil) == 5000)
        #expect(try deadline.resolve(header: "1M", query: nil) == 60_000)
        #expect(try deadline.resolve(header: "1500u", query: nil) == 2)
        #expect(try deadline.resolve(header: "1n", query: nil) == 1)
    }

    @Test func defaultAndMaximum() throws {
        #expect(try deadline.resolve(header: nil, query: nil) == 30_000)
        #expect(try deadline.resolve(header: "99999999H", query: nil) == 120_000)
        #expect(try CallDeadline(defaultMs: 500_000, maximumMs: 1000).resolve(header: nil, query: nil) == 1000)
    }

    @Test func headerWinsAndQueryIsLenient() throws {
        #expect(try deadline.resolve(header: "100m", query: "5s") == 100)
        #expect(try deadline.resolve(header: nil, query: "5s") == 5000)
        #expect(try deadline.resolve(header: nil, query: "700ms") == 700)
        #expect(throws: RPCError.self) { try deadline.resolve(header: "5s", query: nil) }
    }

    @Test func malformedIsInvalidArgumentAndZeroIsExpired() {
        for bad in ["", "5", "S", "123456789S", "-5S", "5 S", "5x", "1.5S"] {
            do { _ = try deadline.resolve(header: bad, query: nil) } catch { #expect(error.code == .invalidArgument, "\(bad)") }
        }
        do { _ = try deadline.resolve(header: "0m", query: nil); Issue.record("0 accepted") } catch { #expect(error.code == .deadlineExceeded) }
    }
}
