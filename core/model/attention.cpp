#include "common/error.h"
#include "model/decoder_impl.h"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

namespace bitdelta {
namespace {

// The most negative finite value of the dtype, like HF's min_dtype: fully masked (padding) query
// rows then get a uniform distribution instead of NaN.
double lowest_of(c10::ScalarType dtype) {
    switch (dtype) {
        case at::kHalf:
            return -65504.0;
        case at::kBFloat16:
            return -3.3895313892515355e38;
        case at::kDouble:
            return std::numeric_limits<double>::lowest();
        default:
            return static_cast<double>(std::numeric_limits<float>::lowest());
    }
}

// q [B, H, S, hd], k/v [B, kvh, T, hd], allowed [Bm, S, T] bool or undefined -> [B, S, H*hd].
// Grouped-query attention without materialising repeated keys: the n_rep query heads sharing one kv
// head are folded into the query length (head h uses kv head h / n_rep, as HF's repeat_kv does).
at::Tensor attend(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                  const at::Tensor& allowed, double scale) {
    const int64_t b = q.size(0), h = q.size(1), s = q.size(2), hd = q.size(3);
    const int64_t kvh = k.size(1), t = k.size(2);
    const int64_t n_rep = h / kvh;
    at::Tensor qg = q.reshape({b, kvh, n_rep * s, hd});
    at::Tensor scores = at::matmul(qg, k.transpose(-1, -2)) * scale;  // [B, kvh, n_rep*S, T]
    if (allowed.defined()) {
        scores = scores.view({b, kvh, n_rep, s, t})
                     .masked_fill(at::logical_not(allowed.view({allowed.size(0), 1, 1, s, t})),
                                  lowest_of(scores.scalar_type()))
                     .view({b, kvh, n_rep * s, t});
    }
    at::Tensor probs = at::softmax(scores, -1, at::kFloat).to(q.scalar_type());
    at::Tensor out = at::matmul(probs, v);  // [B, kvh, n_rep*S, hd]
    return out.view({b, h, s, hd}).transpose(1, 2).reshape({b, s, h * hd});
}

}  // namespace

at::Tensor attention_block(const at::Tensor& x, const LayerParams& layer, int64_t layer_index,
                           const ForwardContext& ctx) {
    const ModelConfig& c = *ctx.config;
    const TenantRouting& routing = *ctx.routing;
    const int64_t b = ctx.batch, s = ctx.seq;
    const int64_t heads = c.num_attention_heads, kv_heads = c.num_key_value_heads;
    const int64_t hd = c.head_dim;
    const auto& lin = layer.linears;
    at::Tensor q = lin[static_cast<int>(LinearKind::Q)]
                       ->forward(x, routing)
                       .view({b, s, heads, hd})
                       .transpose(1, 2);
    at::Tensor k = lin[static_cast<int>(LinearKind::K)]
                       ->forward(x, routing)
                       .view({b, s, kv_heads, hd})
                       .transpose(1, 2);
    at::Tensor v = lin[static_cast<int>(LinearKind::V)]
                       ->forward(x, routing)
                       .view({b, s, kv_heads, hd})
                       .transpose(1, 2);
    q = apply_rope(q, ctx.cos, ctx.sin);
    k = apply_rope(k, ctx.cos, ctx.sin);
    const double scale = 1.0 / std::sqrt(static_cast<double>(hd));

    at::Tensor out;
    if (ctx.caches == nullptr || ctx.caches->empty()) {
        out = attend(q, k, v.contiguous(), layer.sliding ? ctx.allowed_window : ctx.allowed_full,
                     scale);
    } else if (ctx.batched_decode) {
        // One new token per row: append it to each row's cache, then attend all rows at once over
        // their first decode_keys slots (rows with a smaller cache are zero-padded up to it).
        std::vector<at::Tensor> keys, values;
        keys.reserve(static_cast<size_t>(b));
        values.reserve(static_cast<size_t>(b));
        const int64_t t = ctx.decode_keys;
        for (int64_t r = 0; r < b; ++r) {
            KvCache& cache = *(*ctx.caches)[static_cast<size_t>(r)];
            cache.append(layer_index, k[r], v[r]);
            at::Tensor kr = cache.key_slots(layer_index, t), vr = cache.value_slots(layer_index, t);
            if (kr.size(1) < t) {
                kr = at::constant_pad_nd(kr, {0, 0, 0, t - kr.size(1)});
                vr = at::constant_pad_nd(vr, {0, 0, 0, t - vr.size(1)});
            }
            keys.push_back(kr);
            values.push_back(vr);
        }
        out = attend(q, at::stack(keys), at::stack(values),
                     layer.sliding ? ctx.decode_allowed_window : ctx.decode_allowed_full, scale);
    } else {
        // Each row has its own cache (of its own length): attend row by row over that row's keys.
        // The cache holds only real tokens, so padding never enters it.
        std::vector<at::Tensor> rows;
        rows.reserve(static_cast<size_t>(b));
        for (int64_t r = 0; r < b; ++r) {
            KvCache& cache = *(*ctx.caches)[static_cast<size_t>(r)];
            at::Tensor kr = k[r], vr = v[r];  // [kvh, S, hd]
            const at::Tensor& index = ctx.real_index[static_cast<size_t>(r)];
            if (index.defined()) {
                kr = kr.index_select(1, index);
                vr = vr.index_select(1, index);
            }
            if (ctx.real_count[static_cast<size_t>(r)] > 0) cache.append(layer_index, kr, vr);
            at::Tensor keys = cache.keys(layer_index), values = cache.values(layer_index);
            if (keys.size(1) == 0) {
                rows.push_back(at::zeros({1, s, heads * hd}, q.options()));
                continue;
            }
            at::Tensor allowed;
            if (layer.sliding) {
                const int64_t keep = ctx.row_window_keep[static_cast<size_t>(r)];
                if (keep > 0 && keep < keys.size(1)) {
                    keys = keys.narrow(1, keys.size(1) - keep, keep);
                    values = values.narrow(1, values.size(1) - keep, keep);
                }
                allowed = ctx.row_allowed_window[static_cast<size_t>(r)];
            } else {
                allowed = ctx.row_allowed_full[static_cast<size_t>(r)];
            }
            rows.push_back(attend(q.narrow(0, r, 1), keys.unsqueeze(0), values.unsqueeze(0),
                                  allowed.defined() ? allowed.unsqueeze(0) : allowed, scale));
        }
        out = b == 1 ? rows.front() : at::cat(rows, 0);
    }
    return lin[static_cast<int>(LinearKind::O)]->forward(out, routing);
}

at::Tensor mlp_block(const at::Tensor& x, const LayerParams& layer, const ForwardContext& ctx) {
    const TenantRouting& routing = *ctx.routing;
    const auto& lin = layer.linears;
    at::Tensor gate = lin[static_cast<int>(LinearKind::Gate)]->forward(x, routing);
    at::Tensor up = lin[static_cast<int>(LinearKind::Up)]->forward(x, routing);
    return lin[static_cast<int>(LinearKind::Down)]->forward(at::silu(gate) * up, routing);
}

}  // namespace bitdelta
