#include "CFuzzerDriver.h"

/* Part of libFuzzer, linked in by -sanitize=fuzzer. */
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test_one_input)(const uint8_t *data, size_t size));

int ballast_run_fuzzer_driver(int argc, char **argv, int (*test_one_input)(const uint8_t *data, size_t size)) {
    return LLVMFuzzerRunDriver(&argc, &argv, test_one_input);
}
