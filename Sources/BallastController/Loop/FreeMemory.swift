#if canImport(Glibc)
    import CMalloc
#endif

/// Hands the heap's free pages back to the system. glibc keeps memory freed by a large pass
/// (a sync of 1,000 functions) in its arenas for reuse, so without this an idle controller
/// stays at its busiest pass's size.
enum FreeMemory {
    /// Returns free heap pages to the system; a no-op where the C library has no `malloc_trim`.
    static func release() {
        #if canImport(Glibc)
            _ = malloc_trim(0)
        #endif
    }
}
