// glibc's malloc extensions (malloc_trim), which Swift's Glibc module does not export, and
// a helper that hands file-backed pages (code, constants) back to the kernel.
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

// Asks the kernel to reclaim this process's resident pages of every file-backed private
// mapping (the code, constants and initial data of the executable and its libraries) with
// MADV_PAGEOUT (Linux 5.4 and later). Clean pages come back from the page cache or the file on
// their next use; pages the process wrote are anonymous and stay unless there is swap.
// Returns the bytes of mappings advised, or -1 when /proc/self/maps cannot be read.
static inline long ballast_page_out_file_mappings(void) {
    FILE *maps = fopen("/proc/self/maps", "r");
    if (maps == NULL) return -1;
    char line[4096];
    long advised = 0;
    while (fgets(line, sizeof line, maps) != NULL) {
        unsigned long start = 0, end = 0;
        char permissions[8] = {0};
        int path = 0;
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &start, &end, permissions, &path) < 3) continue;
        if (path <= 0 || line[path] != '/') continue;  // anonymous, [vdso], [stack], ...
        if (permissions[3] != 'p') continue;  // shared mappings are other processes' too
        if (madvise((void *)start, end - start, MADV_PAGEOUT) == 0) advised += (long)(end - start);
    }
    fclose(maps);
    return advised;
}
