// DecoderModel::forward: batch validation, positions and masks (HF semantics), per-tenant
// embeddings, norms and lm_head, and the layer loop.
#include "common/error.h"
#include "model/decoder_impl.h"
#include "model/rms_norm.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <limits>

namespace bitdelta {
namespace {

// Batched decode copies every row's cache slots up to the longest row, once per layer (K and V,
// read and write). On CUDA that is cheaper than ~20 tensor operations per row and layer (each costs
// microseconds of host time) up to contexts far beyond any model's; on the CPU the operations are
// cheap and the copy is not, so the batched product is used there only while the copy stays small.
constexpr int64_t kCpuBatchedDecodeBytes = 1 << 20;
// The stacked keys and values of one layer are transient memory outside the serving engine's KV
// budget; this bound keeps them well inside the headroom it leaves (1 GiB plus a tenth of the free
// memory). Larger batches attend row by row, where the operations' overhead no longer dominates.
constexpr int64_t kBatchedDecodeMaxBytes = int64_t(256) << 20;

// Sets ctx up for a decode step whose B rows each add one real token after `past` cached ones:
// one masked product over every row's cache slots, where the copy it needs stays within bounds.
void plan_batched_decode(ForwardContext& ctx, const std::vector<int64_t>& past,
                         const ModelConfig& c, c10::ScalarType dtype, c10::Device device,
                         const std::optional<int64_t>& window) {
    std::vector<int64_t> lengths(past.begin(), past.end());
    for (auto& n : lengths)
        ++n;
    const auto b = static_cast<int64_t>(lengths.size());
    const int64_t keys = *std::max_element(lengths.begin(), lengths.end());
    // One row's keys (or values) up to the longest row.
    const int64_t row_bytes =
        keys * c.num_key_value_heads * c.head_dim * static_cast<int64_t>(c10::elementSize(dtype));
    ctx.batched_decode = 2 * b * row_bytes <= kBatchedDecodeMaxBytes &&
                         (device.is_cuda() || 4 * row_bytes <= kCpuBatchedDecodeBytes);
    if (!ctx.batched_decode) return;
    ctx.decode_keys = keys;
    const at::Tensor len = at::tensor(at::ArrayRef<int64_t>(lengths), at::kLong).view({b, 1, 1});
    const at::Tensor slot = at::arange(keys, at::kLong).view({1, 1, keys});
    const at::Tensor filled = slot < len;  // [B, 1, keys]
    ctx.decode_allowed_full = filled.to(device);
    // HF's sliding window for the query at position len - 1: kv_idx > q_idx - window.
    ctx.decode_allowed_window =
        window ? (filled & (slot >= len - *window)).to(device) : ctx.decode_allowed_full;
}

// Embedding lookup (or lm_head product) where rows of different tenants read their own tensor.
// Rows whose tenants read the same tensor (a tenant without its own copy reads the base's) form one
// group: one lookup or product per distinct tensor, not per tenant.
template <typename Fn>
at::Tensor per_tenant(const TenantTensor& tensor, const TenantRouting& routing, int64_t rows,
                      const Fn& fn) {
    if (routing.uniform()) return fn(routing.slot_of_row(0), at::Tensor());
    std::vector<int32_t> group_slot;  // a representative slot per distinct tensor
    std::vector<std::vector<int64_t>> group_rows;
    for (int64_t r = 0; r < rows; ++r) {
        const int32_t slot = routing.slot_of_row(r);
        size_t g = 0;
        while (g < group_slot.size() && !tensor.slot(group_slot[g]).is_same(tensor.slot(slot)))
            ++g;
        if (g == group_slot.size()) {
            group_slot.push_back(slot);
            group_rows.emplace_back();
        }
        group_rows[g].push_back(r);
    }
    if (group_slot.size() == 1) return fn(group_slot.front(), at::Tensor());
    std::vector<at::Tensor> parts;
    std::vector<at::Tensor> indices;
    for (size_t g = 0; g < group_slot.size(); ++g) {
        indices.push_back(at::tensor(at::ArrayRef<int64_t>(group_rows[g]), at::kLong));
        parts.push_back(fn(group_slot[g], indices.back()));
    }
    int64_t width = 0;
    for (const auto& p : parts)
        width = std::max(width, p.size(-1));
    std::vector<int64_t> shape(parts.front().sizes().begin(), parts.front().sizes().end());
    shape[0] = rows;
    shape.back() = width;
    // Tenants whose vocabulary is smaller leave -inf in the columns they lack.
    at::Tensor out =
        at::full(shape, -std::numeric_limits<float>::infinity(), parts.front().options());
    for (size_t i = 0; i < parts.size(); ++i) {
        at::Tensor idx = indices[i].to(out.device());
        out.narrow(-1, 0, parts[i].size(-1)).index_copy_(0, idx, parts[i]);
    }
    return out;
}

}  // namespace

at::Tensor DecoderModel::forward(const ForwardBatch& batch) const {
    const ModelConfig& c = config_;
    const c10::Device device = options_.device;
    const c10::ScalarType dtype = options_.dtype;
    at::Tensor ids = batch.input_ids;
    if (!ids.defined() || ids.dim() != 2 || ids.size(1) == 0)
        fail_at("forward", "input_ids must be a non-empty [B, S] tensor");
    if (ids.scalar_type() != at::kLong) ids = ids.to(at::kLong);
    const int64_t b = ids.size(0), s = ids.size(1);
    const bool use_cache = !batch.caches.empty();
    if (use_cache && static_cast<int64_t>(batch.caches.size()) != b)
        fail_at("forward", "got " + std::to_string(batch.caches.size()) + " caches for " +
                               std::to_string(b) + " rows");
    if (!batch.routing.row_tenant.empty() &&
        static_cast<int64_t>(batch.routing.row_tenant.size()) != b)
        fail_at("forward", "routing has " + std::to_string(batch.routing.row_tenant.size()) +
                               " rows, the batch " + std::to_string(b));
    if (ids.device().is_cpu()) {
        // Each row against its own tenant's embedding table: a fine-tune that added tokens has more
        // rows than the base (and than config.vocab_size).
        const at::Tensor host_ids = ids.contiguous();
        const int64_t* id = host_ids.data_ptr<int64_t>();
        for (int64_t r = 0; r < b; ++r) {
            const int64_t rows = impl_->embed.slot(batch.routing.slot_of_row(r)).size(0);
            for (int64_t i = 0; i < s; ++i)
                if (id[r * s + i] < 0 || id[r * s + i] >= rows)
                    fail_at("forward", "row " + std::to_string(r) + ": token id " +
                                           std::to_string(id[r * s + i]) +
                                           " outside the vocabulary [0, " + std::to_string(rows) +
                                           ")");
        }
    }

    // Padding mask of the new tokens, on the host (it is small) to derive positions and masks.
    at::Tensor mask;  // [B, S] bool on CPU, undefined = all real
    if (batch.attention_mask.defined()) {
        const at::Tensor& m = batch.attention_mask;
        if (m.dim() != 2 || m.size(0) != b || m.size(1) < s || (!use_cache && m.size(1) != s))
            fail_at("forward", "attention_mask must be [B, S] (or [B, past + S] with caches)");
        mask = m.narrow(1, m.size(1) - s, s).to(at::kCPU).ne(0).contiguous();
        if (mask.all().item<bool>()) mask = at::Tensor();
    }
    std::vector<int64_t> past(static_cast<size_t>(b), 0);
    if (use_cache)
        for (int64_t r = 0; r < b; ++r) {
            if (batch.caches[static_cast<size_t>(r)] == nullptr)
                fail_at("forward", "cache of row " + std::to_string(r) + " is null");
            past[static_cast<size_t>(r)] = batch.caches[static_cast<size_t>(r)]->length();
        }

    ForwardContext ctx;
    ctx.config = &c;
    ctx.routing = &batch.routing;
    ctx.batch = b;
    ctx.seq = s;
    ctx.caches = &batch.caches;
    // Positions: HF generate's cumsum(mask) - 1 (padding gets 1 without a cache; with a cache the
    // real tokens continue from the row's cache length).
    at::Tensor positions = at::empty({b, s}, at::kLong);
    {
        auto pos = positions.accessor<int64_t, 2>();
        const bool* m = mask.defined() ? mask.data_ptr<bool>() : nullptr;
        ctx.real_count.assign(static_cast<size_t>(b), s);
        for (int64_t r = 0; r < b; ++r) {
            int64_t count = 0;
            for (int64_t i = 0; i < s; ++i) {
                const bool real = m == nullptr || m[r * s + i];
                if (real) {
                    pos[r][i] = past[static_cast<size_t>(r)] + count++;
                } else {
                    pos[r][i] = use_cache
                                    ? std::max<int64_t>(past[static_cast<size_t>(r)] + count - 1, 0)
                                    : 1;
                }
            }
            ctx.real_count[static_cast<size_t>(r)] = count;
        }
    }
    const std::optional<int64_t> window = impl_->window;
    at::Tensor positions_dev = positions.to(device);
    std::tie(ctx.cos, ctx.sin) = impl_->rope.cos_sin(positions_dev, dtype);

    if (!use_cache) {
        if (s > 1 || mask.defined()) {
            at::Tensor idx = at::arange(s, at::TensorOptions().dtype(at::kLong).device(device));
            at::Tensor qi = idx.view({s, 1}), kj = idx.view({1, s});
            at::Tensor causal = (kj <= qi).unsqueeze(0);                         // [1, S, S]
            if (mask.defined()) causal = causal & mask.to(device).unsqueeze(1);  // [B, S, S]
            ctx.allowed_full = causal;
            // HF sliding_window_overlay: key visible iff kv_idx > q_idx - window.
            ctx.allowed_window = window ? (causal & (kj > qi - *window)) : causal;
        }
    } else {
        const auto long_dev = at::TensorOptions().dtype(at::kLong).device(device);
        ctx.real_index.resize(static_cast<size_t>(b));
        ctx.row_allowed_full.resize(static_cast<size_t>(b));
        ctx.row_allowed_window.resize(static_cast<size_t>(b));
        ctx.row_window_keep.assign(static_cast<size_t>(b), 0);
        for (int64_t r = 0; r < b; ++r) {
            const auto ru = static_cast<size_t>(r);
            KvCache* cache = batch.caches[ru];
            if (past[ru] + ctx.real_count[ru] > cache->capacity())
                fail_at("forward", "row " + std::to_string(r) + ": KV cache capacity " +
                                       std::to_string(cache->capacity()) + " tokens exceeded");
            if (mask.defined() && ctx.real_count[ru] < s)
                ctx.real_index[ru] = mask[r].nonzero().view({-1}).to(device);
            const int64_t t = past[ru] + ctx.real_count[ru];
            if (s == 1) {
                // One new token at the end: it sees its whole cache, or the last `window` keys.
                if (window) ctx.row_window_keep[ru] = *window;
                continue;
            }
            at::Tensor qpos = positions_dev[r].view({s, 1});
            at::Tensor kpos = at::arange(t, long_dev).view({1, t});
            at::Tensor allowed = kpos <= qpos;
            ctx.row_allowed_full[ru] = allowed;
            ctx.row_allowed_window[ru] = window ? (allowed & (kpos > qpos - *window)) : allowed;
        }
        // Every row decodes one real token (no padding): attend all rows in one product.
        if (s == 1 && b > 1 && !mask.defined())
            plan_batched_decode(ctx, past, c, dtype, device, window);
    }

    const TenantRouting& routing = batch.routing;
    at::Tensor ids_dev = ids.to(device);
    at::Tensor h = per_tenant(impl_->embed, routing, b, [&](int32_t slot, const at::Tensor& rows) {
        const at::Tensor& table = impl_->embed.slot(slot);
        return at::embedding(table,
                             rows.defined() ? ids_dev.index_select(0, rows.to(device)) : ids_dev);
    });
    for (int64_t l = 0; l < c.num_hidden_layers; ++l) {
        const LayerParams& layer = impl_->layers[static_cast<size_t>(l)];
        at::Tensor x = rms_norm(h, gather_rows(layer.input_norm, routing, b), c.rms_norm_eps);
        h = h + attention_block(x, layer, l, ctx);
        x = rms_norm(h, gather_rows(layer.post_norm, routing, b), c.rms_norm_eps);
        h = h + mlp_block(x, layer, ctx);
    }
    if (use_cache)
        for (int64_t r = 0; r < b; ++r)
            batch.caches[static_cast<size_t>(r)]->advance(ctx.real_count[static_cast<size_t>(r)]);
    if (batch.last_token_logits_only) h = h.narrow(1, s - 1, 1);
    h = rms_norm(h, gather_rows(impl_->final_norm, routing, b), c.rms_norm_eps);
    const TenantTensor& head = impl_->lm_head.defined() ? impl_->lm_head : impl_->embed;
    at::Tensor logits = per_tenant(head, routing, b, [&](int32_t slot, const at::Tensor& rows) {
        at::Tensor x = rows.defined() ? h.index_select(0, rows.to(device)) : h;
        return at::linear(x, head.slot(slot)).to(at::kFloat);
    });
    return logits;
}

}  // namespace bitdelta
