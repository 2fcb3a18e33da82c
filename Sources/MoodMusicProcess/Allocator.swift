import CMalloc
#if canImport(Glibc)
import Glibc
#endif

/// The process's heap allocator. The gateway and worker executables link mimalloc, which replaces malloc for the
/// whole process; everything else (clients, tools, tests) keeps glibc's. Library code asks here instead of linking
/// either, so a client library never changes the allocator of the program that embeds it.
public enum Allocator {
    /// "mimalloc" when mimalloc serves this process's mallocs, else "glibc".
    public static let name: String = {
        guard let isInHeap = mimallocIsInHeapRegion, let probe = malloc(64) else { return "glibc" }
        defer { free(probe) }
        return isInHeap(probe) ? "mimalloc" : "glibc"
    }()

    /// Gives free heap pages back to the operating system: `mi_collect` under mimalloc, `malloc_trim` under glibc.
    public static func returnFreeMemory() {
        if name == "mimalloc", let collect = mimallocCollect { collect(true) } else { malloc_trim(0) }
    }

    private static let mimallocIsInHeapRegion = symbol("mi_is_in_heap_region", as: (@convention(c) (UnsafeRawPointer?) -> Bool).self)
    private static let mimallocCollect = symbol("mi_collect", as: (@convention(c) (Bool) -> Void).self)

    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: type)
    }
}
