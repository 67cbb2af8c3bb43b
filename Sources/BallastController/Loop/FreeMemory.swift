#if canImport(Glibc)
    import CMalloc
#endif

/// Hands memory the controller does not need between polls back to the system:
/// - the heap's free pages: glibc keeps memory freed by a large pass (a sync of 1,000
///   functions) in its arenas for reuse, so without this an idle controller stays at its
///   busiest pass's size;
/// - the resident clean pages of its code, constants and initial data (file-backed private
///   mappings), through `MADV_PAGEOUT`: a pass touches most of the 26 MB of code and the
///   kernel's fault-around keeps neighbouring pages too, so an idle controller held twice the
///   memory it uses while it waits. The pages come back from the page cache or the file on
///   their next use, which a poll pays for (BENCHMARKS.md: CPU per idle hour 1.3 → 2.5 s).
public enum FreeMemory {
    /// Sets glibc's malloc up for a long-running daemon in a container. Call it first thing,
    /// before threads start. A no-op elsewhere.
    /// - Two arenas at most: by default each thread that meets contention gets an arena of its
    ///   own (up to eight per core), and memory freed in one is not reused by another.
    /// - Fixed mmap and trim thresholds of 128 KiB (glibc's initial values): by default both
    ///   grow with every large block freed (up to 32 MiB), after which the large answers of a
    ///   drift check (a stack's template, a page of events) stay in the heap between small
    ///   live blocks, where `malloc_trim` cannot hand them back (BENCHMARKS.md, many
    ///   applications).
    public static func tuneAllocator() {
        #if canImport(Glibc)
            _ = mallopt(M_ARENA_MAX, 2)
            _ = mallopt(M_MMAP_THRESHOLD, 128 * 1024)
            _ = mallopt(M_TRIM_THRESHOLD, 128 * 1024)
        #endif
    }

    /// Returns free heap pages and resident file-backed pages to the system; a no-op where
    /// the C library has no `malloc_trim` or the kernel no `MADV_PAGEOUT` (before Linux 5.4).
    static func release() {
        #if canImport(Glibc)
            _ = malloc_trim(0)
            _ = ballast_page_out_file_mappings()
        #endif
    }
}
