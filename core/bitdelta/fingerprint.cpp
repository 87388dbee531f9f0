// Base fingerprint (DESIGN 4, spec in docs/FORMAT.md): XXH3-64 over, for every tensor of the base
// in name order, the name, the dtype, the shape and the XXH3-64 of the tensor's raw bytes.
// Independent of sharding and file order; any change of a value, dtype or shape changes it.
#include "bitdelta/package.h"

#include <xxhash.h>

#include <cstdio>
#include <memory>

namespace bitdelta {

std::string base_fingerprint(const WeightSet& base) {
    std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(),
                                                                   &XXH3_freeState);
    XXH3_64bits_reset(state.get());
    auto put_u64 = [&](uint64_t v) {
        unsigned char b[8];
        for (int i = 0; i < 8; ++i)
            b[i] = static_cast<unsigned char>(v >> (8 * i));  // little-endian
        XXH3_64bits_update(state.get(), b, 8);
    };
    for (const auto& name : base.names()) {  // sorted
        const TensorInfo& info = base.info(name);
        XXH3_64bits_update(state.get(), name.data(), name.size() + 1);  // with the terminating NUL
        XXH3_64bits_update(state.get(), info.dtype.data(), info.dtype.size() + 1);
        put_u64(info.shape.size());
        for (int64_t d : info.shape)
            put_u64(static_cast<uint64_t>(d));
        auto bytes = base.bytes(name);
        put_u64(XXH3_64bits(bytes.first, bytes.second));
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(XXH3_64bits_digest(state.get())));
    return hex;
}

}  // namespace bitdelta
