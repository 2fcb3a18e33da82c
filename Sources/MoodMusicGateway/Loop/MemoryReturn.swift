import MoodMusicProcess

/// Gives freed memory back to the operating system after a burst of large calls. An allocator keeps freed heap
/// pages for reuse, so without this the gateway's RSS stays at its peak after the burst is over. The loop reports
/// what it holds; once that falls well below the peak since the last return, the free pages go back
/// (`Allocator.returnFreeMemory`).
struct MemoryReturn {
    /// Returns memory only after bursts this large: small traffic never pays for it.
    static let threshold = 32 << 20
    private var peakSinceTrim = 0

    mutating func observe(heldBytes: Int) {
        peakSinceTrim = max(peakSinceTrim, heldBytes)
        if peakSinceTrim >= Self.threshold && heldBytes <= peakSinceTrim / 4 {
            Allocator.returnFreeMemory()
            peakSinceTrim = heldBytes
        }
    }
}
