#pragma once
// The benchmark and test knobs of the CUDA launches (BITDELTA_*): environment variables read at
// each launch, so a test can set one between calls. 15 ns a read (tests/bench/HISTORY.md,
// twentieth run), against a launch's 2-4 us.
#include <cstdlib>

namespace bitdelta::kernels::cuda {

// The first character of environment variable `name`, or 0 when unset ('0' mostly turns a path
// off).
inline char knob(const char* name) {
    const char* value = std::getenv(name);
    return value ? value[0] : '\0';
}

// The whole number in environment variable `name`, or `unset` when it is not set.
inline int knob_count(const char* name, int unset) {
    const char* value = std::getenv(name);
    return value ? std::atoi(value) : unset;
}

}  // namespace bitdelta::kernels::cuda
