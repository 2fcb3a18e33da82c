import CMalloc

/// Gives freed memory back to the operating system after a burst of large calls. glibc keeps
/// freed heap pages for reuse, so without this the gateway's RSS stays at its peak after the
/// burst is over. The loop reports what it holds; once that falls well below the peak since
/// the last trim, `malloc_trim` returns the free pages.
struct MemoryReturn {
    /// Trims only after bursts this large: small traffic never pays for a trim.
    static let threshold = 32 << 20
    private var peakSinceTrim = 0

    mutating func observe(heldBytes: Int) {
        peakSinceTrim = max(peakSinceTrim, heldBytes)
        if peakSinceTrim >= Self.threshold && heldBytes <= peakSinceTrim / 4 {
            malloc_trim(0)
            peakSinceTrim = heldBytes
        }
    }
}
