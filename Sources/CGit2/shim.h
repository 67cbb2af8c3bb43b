#ifndef BALLAST_CGIT2_SHIM_H
#define BALLAST_CGIT2_SHIM_H
#include <git2.h>
#endif
