#include "model/kv_cache.h"

#include "common/error.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace bitdelta {

KvCache::KvCache(int64_t layers, int64_t kv_heads, int64_t head_dim, int64_t capacity,
                 c10::ScalarType dtype, c10::Device device)
    : capacity_(capacity) {
    if (layers <= 0 || kv_heads <= 0 || head_dim <= 0 || capacity < 0)
        fail_at("KvCache", "invalid shape (layers " + std::to_string(layers) + ", kv heads " +
                               std::to_string(kv_heads) + ", head dim " + std::to_string(head_dim) +
                               ", capacity " + std::to_string(capacity) + ")");
    const auto options = at::TensorOptions().dtype(dtype).device(device);
    keys_.reserve(static_cast<size_t>(layers));
    values_.reserve(static_cast<size_t>(layers));
    for (int64_t l = 0; l < layers; ++l) {
        keys_.push_back(at::zeros({kv_heads, capacity, head_dim}, options));
        values_.push_back(at::zeros({kv_heads, capacity, head_dim}, options));
    }
}

int64_t KvCache::bytes() const {
    int64_t total = 0;
    for (const auto& t : keys_)
        total += static_cast<int64_t>(t.numel() * t.element_size());
    for (const auto& t : values_)
        total += static_cast<int64_t>(t.numel() * t.element_size());
    return total;
}

int64_t KvCache::bytes_for(int64_t layers, int64_t kv_heads, int64_t head_dim, int64_t capacity,
                           c10::ScalarType dtype) {
    return 2 * layers * kv_heads * head_dim * capacity *
           static_cast<int64_t>(c10::elementSize(dtype));
}

void KvCache::append(int64_t layer, const at::Tensor& k, const at::Tensor& v) {
    if (layer < 0 || layer >= static_cast<int64_t>(keys_.size()))
        fail_at("KvCache", "layer " + std::to_string(layer) + " out of range");
    at::Tensor& keys = keys_[static_cast<size_t>(layer)];
    at::Tensor& values = values_[static_cast<size_t>(layer)];
    if (k.dim() != 3 || k.size(0) != keys.size(0) || k.size(2) != keys.size(2) ||
        !v.sizes().equals(k.sizes()))
        fail_at("KvCache", "append expects k and v of shape [kv_heads, S, head_dim]");
    const int64_t s = k.size(1);
    if (length_ + s > capacity_)
        fail_at("KvCache", "capacity of " + std::to_string(capacity_) + " tokens exceeded (holds " +
                               std::to_string(length_) + ", appending " + std::to_string(s) + ")");
    keys.narrow(1, length_, s).copy_(k);
    values.narrow(1, length_, s).copy_(v);
    pending_ = s;
}

at::Tensor KvCache::keys(int64_t layer) const {
    return key_slots(layer, length_ + pending_);
}

at::Tensor KvCache::values(int64_t layer) const {
    return value_slots(layer, length_ + pending_);
}

at::Tensor KvCache::key_slots(int64_t layer, int64_t count) const {
    const at::Tensor& keys = keys_.at(static_cast<size_t>(layer));
    return keys.narrow(1, 0, std::min(count, keys.size(1)));
}

at::Tensor KvCache::value_slots(int64_t layer, int64_t count) const {
    const at::Tensor& values = values_.at(static_cast<size_t>(layer));
    return values.narrow(1, 0, std::min(count, values.size(1)));
}

void KvCache::advance(int64_t tokens) {
    if (tokens < 0 || length_ + tokens > capacity_)
        fail_at("KvCache", "cannot advance by " + std::to_string(tokens) + " tokens");
    length_ += tokens;
    pending_ = 0;
}

void KvCache::truncate(int64_t length) {
    if (length < 0 || length > length_)
        fail_at("KvCache", "cannot truncate to " + std::to_string(length) + " (holds " +
                               std::to_string(length_) + ")");
    length_ = length;
    pending_ = 0;
}

}  // namespace bitdelta
