import Foundation

/// Opt-in time per network step, for finding where inference time goes (`vision-tool analyze --profile-ops`).
///
/// Off by default; when off, `Network.run` pays one load of `isEnabled` per pass.
public enum OperationProfile {
    nonisolated(unsafe) static var isEnabled = false
    private static let lock = NSLock()
    /// Keyed by network identity and step index: (label, total ns, calls).
    nonisolated(unsafe) private static var totals: [String: [Int: (String, UInt64, Int)]] = [:]

    /// Starts collecting (clearing earlier totals).
    public static func start() {
        lock.withLock { totals = [:] }
        isEnabled = true
    }

    static func record(network: String, step: Int, label: @autoclosure () -> String, nanoseconds: UInt64) {
        lock.withLock {
            var entry = totals[network, default: [:]][step] ?? (label(), 0, 0)
            entry.1 += nanoseconds
            entry.2 += 1
            totals[network, default: [:]][step] = entry
        }
    }

    /// One line per step of each profiled network (mean µs per call, share of that network's total), then a
    /// line per operator kind; stops collecting.
    public static func report() -> String {
        isEnabled = false
        return lock.withLock {
            var lines: [String] = []
            for (network, steps) in totals.sorted(by: { $0.key < $1.key }) {
                let total = steps.values.reduce(0.0) { $0 + Double($1.1) / Double(max($1.2, 1)) }
                lines.append("network \(network): \(String(format: "%.3f", total / 1e6)) ms per pass")
                var byKind: [String: Double] = [:]
                for (index, entry) in steps.sorted(by: { $0.key < $1.key }) {
                    let mean = Double(entry.1) / Double(max(entry.2, 1))
                    lines.append(String(format: "  %3d %8.1f µs %5.1f%%  ", index, mean / 1e3, 100 * mean / max(total, 1)) + entry.0)
                    byKind[String(entry.0.prefix { $0 != " " }), default: 0] += mean
                }
                for (kind, mean) in byKind.sorted(by: { $0.value > $1.value }) {
                    lines.append("  " + kind.padding(toLength: 32, withPad: " ", startingAt: 0)
                                 + String(format: " %8.1f µs %5.1f%%", mean / 1e3, 100 * mean / max(total, 1)))
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}
