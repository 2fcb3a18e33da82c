extension Dictionary {
    /// `body` on the value at `index`, in place. Reading a field through `values[index]` copies the whole value
    /// first (every reference in a `Job` or `WorkerRecord` retained and released), on every call.
    @inline(__always)
    mutating func inPlace<Result>(at index: Index, _ body: (inout Value) -> Result) -> Result {
        body(&values[index])
    }
}
