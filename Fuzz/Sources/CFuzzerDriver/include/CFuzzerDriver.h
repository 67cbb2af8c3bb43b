#ifndef BALLAST_C_FUZZER_DRIVER_H
#define BALLAST_C_FUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer's driver (command-line flags, corpus, mutation loop) on `test_one_input`:
/// libFuzzer's `LLVMFuzzerRunDriver`, which Swift cannot declare itself.
int ballast_run_fuzzer_driver(int argc, char **argv, int (*test_one_input)(const uint8_t *data, size_t size));

#endif
