import Foundation

/// Percentiles of a set of timings, as `bench` reports them (the element at ⌊n·f⌋ of the sorted list).
struct TimingSummary {
    let p50: Double
    let p99: Double
    let mean: Double
    let count: Int

    init(_ values: [Double]) {
        let sorted = values.sorted()
        count = sorted.count
        p50 = sorted.isEmpty ? .nan : sorted[sorted.count / 2]
        p99 = sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
        mean = sorted.isEmpty ? .nan : sorted.reduce(0, +) / Double(sorted.count)
    }

    var json: String { "{\"p50_ms\": \(p50), \"p99_ms\": \(p99), \"mean_ms\": \(mean)}" }
}

/// This process's resident memory from /proc/self/status: now and the peak so far, in GiB.
enum ProcessMemory {
    static func gibibytes() -> (rss: Double, peak: Double) {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (.nan, .nan) }
        func field(_ name: String) -> Double {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }),
                  let kib = line.split(separator: " ").compactMap({ Double($0) }).first else { return .nan }
            return kib / 1_048_576
        }
        return (field("VmRSS"), field("VmHWM"))
    }

    static var line: String {
        let (rss, peak) = gibibytes()
        return String(format: "RSS %.2f GiB (peak so far %.2f GiB)", rss, peak)
    }
}
