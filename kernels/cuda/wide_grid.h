#pragma once
// The wide-batch kernel's grid (decode_wide.cu) as plain host arithmetic: the K range cut into CTAs
// along K in whole ring slabs, the slots of one wave, and when a fitted grid gives way to the
// filled one. Whether clusters of a size fit asks the driver (cluster_plan.h) and stays in the
// launch; the rest is here, where a CPU test checks it (tests/core/test_kernels_wide_grid.cpp).
#include <algorithm>

namespace bitdelta::kernels::cuda {

constexpr int kWideRowsPerCta = 128;  // 8 warps x 16 output rows
constexpr int kWideSlabWords = 4;     // sign words per ring slab: 128 columns

// Sign words per CTA (kw) and CTAs along K.
struct WideSplit {
    int kw, ksplit;
};

// The K range of `words` sign words cut into as many CTAs along K as fill `slots` (the CTAs the
// GPU runs at once) with the row tiles, rounded up, at most max_split; each CTA's range whole
// slabs, so the CTAs along K may come out fewer than asked.
inline WideSplit wide_split(int words, int tiles, int slots, int max_split) {
    const int want = std::max(1, std::min({(slots + tiles - 1) / tiles, max_split,
                                           (words + kWideSlabWords - 1) / kWideSlabWords}));
    int kw = (words + want - 1) / want;
    kw = (kw + kWideSlabWords - 1) / kWideSlabWords * kWideSlabWords;
    return {kw, (words + kw - 1) / kw};
}

// With a base the CTAs along K are rounded down to what fits one wave: the slots of whole row
// tiles (at least one CTA a tile).
inline int wide_wave_slots(int tiles, int slots) {
    return std::max(tiles, slots / tiles * tiles);
}

// Whether a fitted grid of `ksplit` CTAs along K leaves more than a quarter of the slots idle, so
// that with 33-64 rows and a base the filled one pays (decode_wide.cu, launch_shape).
inline bool wide_fill_pays(int tiles, int ksplit, int slots) {
    return 4 * tiles * ksplit < 3 * slots;
}

}  // namespace bitdelta::kernels::cuda
