#pragma once
// The key/value cache of ONE sequence across all layers, preallocated to a capacity so that
// appending never reallocates (and so the serving engine can refuse what does not fit instead of
// running out of memory mid-generation). The buffers start zeroed (see key_slots).
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace bitdelta {

class KvCache {
  public:
    KvCache() = default;
    // keys/values per layer: [kv_heads, capacity, head_dim] of dtype on device.
    KvCache(int64_t layers, int64_t kv_heads, int64_t head_dim, int64_t capacity,
            c10::ScalarType dtype, c10::Device device);

    int64_t length() const { return length_; }
    int64_t capacity() const { return capacity_; }
    int64_t bytes() const;  // memory held
    static int64_t bytes_for(int64_t layers, int64_t kv_heads, int64_t head_dim, int64_t capacity,
                             c10::ScalarType dtype);

    // Appends k, v [kv_heads, S, head_dim] to `layer` at the current length; throws Error past
    // capacity.
    void append(int64_t layer, const at::Tensor& k, const at::Tensor& v);
    // Views [kv_heads, length + pending, head_dim] of what `layer` holds.
    at::Tensor keys(int64_t layer) const;
    at::Tensor values(int64_t layer) const;
    // Views [kv_heads, min(count, capacity), head_dim] of the first slots of `layer`, filled or
    // not. Unfilled slots hold zeros (the buffers start zeroed) or values a rewind left: always
    // finite, so a batched product can run over them with masked weights (0 * slot stays 0).
    at::Tensor key_slots(int64_t layer, int64_t count) const;
    at::Tensor value_slots(int64_t layer, int64_t count) const;
    // Called once per forward after every layer appended S tokens.
    void advance(int64_t tokens);
    void truncate(int64_t length);  // rewind (e.g. for a retry)
    void clear() {
        length_ = 0;
        pending_ = 0;
    }

  private:
    std::vector<at::Tensor> keys_, values_;
    int64_t length_ = 0, pending_ = 0, capacity_ = 0;
};

}  // namespace bitdelta
