/* libFuzzer entry for one target: built by tests/fuzz/run.sh with
 * -DFUZZ_TARGET=fuzz_NAME and clang -fsanitize=fuzzer,address,undefined. */
#include "fuzz/targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    return FUZZ_TARGET(data, len);
}
