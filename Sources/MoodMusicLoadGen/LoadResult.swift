import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Histogram

/// What one connection measured; results of all connections are merged at the end.
public struct LoadResult: Sendable {
    /// Latencies in microseconds.
    public var latency = Histogram<UInt64>(highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: .three)
    public var codes: [StatusCode: Int] = [:]
    public var perMethod: [String: Histogram<UInt64>] = [:]
    /// Requests sent but never answered (the run ended first).
    public var unanswered = 0
    /// Per-request rows, kept only for CSV output: method, code, latency µs.
    public var samples: [(String, StatusCode, UInt64)]? = nil
    /// First error messages seen per code, to show why calls failed.
    public var sampleMessages: [StatusCode: String] = [:]

    public mutating func record(method: String, code: StatusCode, message: String, micros: UInt64) {
        _ = latency.record(micros)
        codes[code, default: 0] += 1
        if perMethod[method] == nil { perMethod[method] = Histogram<UInt64>(highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: .three) }
        _ = perMethod[method]!.record(micros)
        samples?.append((method, code, micros))
        if code != .ok && sampleMessages[code] == nil { sampleMessages[code] = message }
    }

    public mutating func merge(_ other: LoadResult) {
        latency.add(other.latency)
        for (code, n) in other.codes { codes[code, default: 0] += n }
        for (method, h) in other.perMethod {
            if perMethod[method] == nil { perMethod[method] = h } else { perMethod[method]!.add(h) }
        }
        unanswered += other.unanswered
        if let s = other.samples { samples = (samples ?? []) + s }
        sampleMessages.merge(other.sampleMessages) { a, _ in a }
    }
}
