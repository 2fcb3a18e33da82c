/// A one-line progress bar for a terminal: "[#########...........]  45/120 frames".
public enum ProgressBar {
    /// `total` nil: unknown, only the count is shown.
    public static func line(done: Int, total: Int?, width: Int = 30, unit: String = "frames") -> String {
        guard let total, total > 0 else { return "\(done) \(unit)" }
        let clamped = min(max(done, 0), total)
        let filled = width * clamped / total
        let digits = String(total).count
        let count = String(repeating: " ", count: max(0, digits - String(clamped).count)) + String(clamped)
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] \(count)/\(total) \(unit)"
    }
}
