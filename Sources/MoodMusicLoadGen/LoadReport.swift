import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Foundation
import Histogram

/// Renders a run the way ghz does: summary, latency histogram, percentiles, status codes.
public struct LoadReport {
    public let result: LoadResult
    public let seconds: Double
    public let settings: [String: String]

    public init(result: LoadResult, seconds: Double, settings: [String: String]) {
        self.result = result
        self.seconds = seconds
        self.settings = settings
    }

    public static let percentiles: [Double] = [10, 25, 50, 75, 90, 95, 99, 99.9]

    public var count: Int { Int(result.latency.totalCount) }
    public var rate: Double { seconds > 0 ? Double(count) / seconds : 0 }

    private func ms(_ micros: UInt64) -> String { String(format: "%.3f ms", Double(micros) / 1000) }
    private func ms(_ micros: Double) -> String { String(format: "%.3f ms", micros / 1000) }

    public func summary() -> String {
        let h = result.latency
        var lines = ["", "Summary:"]
        lines.append("  Count:        \(count)")
        lines.append("  Total:        \(String(format: "%.2f s", seconds))")
        if count > 0 {
            lines.append("  Slowest:      \(ms(h.max))")
            lines.append("  Fastest:      \(ms(h.min))")
            lines.append("  Average:      \(ms(h.mean))")
        }
        lines.append("  Requests/sec: \(String(format: "%.2f", rate))")
        if result.unanswered > 0 { lines.append("  Unanswered:   \(result.unanswered)") }
        if count > 0 {
            lines += ["", "Response time histogram:"]
            lines += histogramLines()
            lines += ["", "Latency distribution:"]
            for p in Self.percentiles {
                lines.append("  \(formatPercent(p)) % in \(ms(h.valueAtPercentile(p)))")
            }
            if result.perMethod.count > 1 {
                lines += ["", "By method (p50 / p99):"]
                for (method, mh) in result.perMethod.sorted(by: { $0.key < $1.key }) {
                    lines.append("  \(method.padding(toLength: 20, withPad: " ", startingAt: 0)) \(mh.totalCount) calls  \(ms(mh.valueAtPercentile(50))) / \(ms(mh.valueAtPercentile(99)))")
                }
            }
        }
        lines += ["", "Status code distribution:"]
        for (code, n) in result.codes.sorted(by: { $0.value > $1.value }) {
            var line = "  [\(code.name)]   \(n) responses"
            if let message = result.sampleMessages[code] { line += "   (e.g. \"\(message.prefix(100))\")" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    private func formatPercent(_ p: Double) -> String {
        p == p.rounded() ? String(format: "%.0f", p) : String(format: "%.1f", p)
    }

    /// Ten linear buckets between fastest and slowest, with bars.
    private func histogramLines() -> [String] {
        let h = result.latency
        let low = h.min, high = max(h.max, h.min + 1)
        let buckets = 10
        let width = Double(high - low) / Double(buckets)
        var counts = [UInt64](repeating: 0, count: buckets + 1)
        for i in 0...buckets {
            let upper = i == buckets ? high : low + UInt64(Double(i + 1) * width)
            let lower = i == 0 ? 0 : low + UInt64(Double(i) * width) + 1
            counts[i] = lower <= upper ? h.count(within: lower...upper) : 0
        }
        let peak = max(counts.max() ?? 1, 1)
        return counts.enumerated().map { i, c in
            let mark = i == buckets ? high : low + UInt64(Double(i) * width)
            let bar = String(repeating: "∎", count: Int(Double(c) / Double(peak) * 40))
            return "  \(String(format: "%10.3f", Double(mark) / 1000)) [\(c)]\t|\(bar)"
        }
    }

    public func json() throws -> String {
        let h = result.latency
        var object: [String: Any] = [
            "count": count, "total_seconds": seconds, "rps": rate, "unanswered": result.unanswered,
            "settings": settings,
            "status_codes": Dictionary(uniqueKeysWithValues: result.codes.map { ($0.key.name, $0.value) }),
        ]
        if count > 0 {
            object["latency_ms"] = [
                "fastest": Double(h.min) / 1000, "slowest": Double(h.max) / 1000, "average": h.mean / 1000,
                "percentiles": Dictionary(uniqueKeysWithValues: Self.percentiles.map { ("p\(formatPercent($0))", Double(h.valueAtPercentile($0)) / 1000) }),
            ]
            object["by_method"] = Dictionary(uniqueKeysWithValues: result.perMethod.map { method, mh in
                (method, ["count": Int(mh.totalCount), "p50_ms": Double(mh.valueAtPercentile(50)) / 1000, "p99_ms": Double(mh.valueAtPercentile(99)) / 1000])
            })
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    public func csv() -> String {
        var lines = ["method,status,latency_ms"]
        for (method, code, micros) in result.samples ?? [] {
            lines.append("\(method),\(code.name),\(String(format: "%.3f", Double(micros) / 1000))")
        }
        return lines.joined(separator: "\n")
    }
}
