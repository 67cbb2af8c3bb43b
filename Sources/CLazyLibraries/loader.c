#include "lazy_libraries.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

void *ballast_lazy_open(const char *soname) {
    void *library = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        fprintf(stderr, "ballast: error while loading shared libraries: %s\n", dlerror());
        exit(127);
    }
    return library;
}

void *ballast_lazy_symbol(void *library, const char *soname, const char *name) {
    void *symbol = dlsym(library, name);
    if (symbol == NULL) {
        fprintf(stderr, "ballast: symbol lookup error: %s: undefined symbol: %s\n", soname, name);
        exit(127);
    }
    return symbol;
}
