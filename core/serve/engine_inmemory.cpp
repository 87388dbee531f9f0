// Engines and tenants from in-memory tensors (tests, benchmarks).
#include "serve/engine_inmemory.h"

#include "common/error.h"
#include "serve/engine_impl.h"
#include "serve/tenant_files.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

namespace bitdelta {

std::unique_ptr<Engine> make_engine(std::unique_ptr<DecoderModel> model,
                                    std::shared_ptr<const Tokenizer> tokenizer,
                                    const std::optional<std::string>& chat_template,
                                    const EngineOptions& options) {
    if (!model) throw Error("make_engine: no model");
    auto impl = std::make_unique<Engine::Impl>();
    impl->options = options;
    impl->base_dir = "(in-memory model)";
    impl->device = model->device();
    impl->dtype = model->dtype();
    const auto eos = model->config().eos_token_ids;
    impl->model = std::move(model);
    std::shared_ptr<const ChatTemplate> tmpl;
    if (chat_template) tmpl = std::make_shared<const ChatTemplate>(*chat_template);
    impl->init(std::move(tokenizer), std::move(tmpl), "in-memory", eos);
    return std::make_unique<Engine>(std::move(impl));
}

std::string attach_in_memory(Engine& engine, const InMemoryTenant& spec) {
    auto& im = engine.internals();
    if (spec.name.empty() || spec.name == "base")
        throw Error("attach_in_memory: tenant name '" + spec.name + "' is empty or reserved");
    PreparedTenant out;
    auto tenant = std::make_shared<serve::Tenant>();
    tenant->name = spec.name;
    for (const auto& [wname, d] : spec.deltas) {
        auto it = im.linear_names.find(wname);
        if (it == im.linear_names.end())
            throw Error("tenant " + spec.name + ": " + wname + " is not a decoder linear weight");
        // Shares the caller's tensor when it already lives on the device (no second copy).
        at::Tensor signs = d.first.to(im.device).contiguous();
        tenant->device_bytes += tensor_bytes(signs) + 4;
        out.deltas.push_back({it->second.first, it->second.second, signs, d.second});
    }
    for (const auto& [kname, t0] : spec.kept) {
        at::Tensor base = im.base_tensor(kname, "tenant " + spec.name);
        at::Tensor t = t0.to(im.device, im.dtype, false, true);
        if (Engine::Impl::same_tensor(base, t)) continue;
        tenant->device_bytes += tensor_bytes(t);
        out.own_tensors.emplace_back(kname, std::move(t));
    }
    const auto base = im.find_tenant("base");
    tenant->tokenizer = spec.tokenizer ? spec.tokenizer : base->tokenizer;
    tenant->own_tokenizer = spec.tokenizer != nullptr;
    if (spec.chat_template) {
        tenant->chat_template = std::make_shared<const ChatTemplate>(*spec.chat_template);
        tenant->chat_template_source = "in-memory";
        tenant->host_bytes += static_cast<int64_t>(spec.chat_template->size());
    } else {
        tenant->chat_template = base->chat_template;
        tenant->chat_template_source = base->chat_template_source;
    }
    tenant->eos_ids =
        spec.eos_ids ? *spec.eos_ids
                     : serve::stop_ids(im.model->config().eos_token_ids, tenant->tokenizer.get());
    out.tenant = std::move(tenant);
    return im.install(std::move(out));
}

const DecoderModel& engine_model(Engine& engine) {
    return *engine.internals().model;
}

InMemoryTenant make_random_tenant(const DecoderModel& model, const std::string& name,
                                  uint64_t seed) {
    at::NoGradGuard no_grad;
    InMemoryTenant t;
    t.name = name;
    const auto& cfg = model.config();
    auto gen_opts = at::TensorOptions().device(model.device()).dtype(at::kInt);
    at::manual_seed(seed);
    for (int64_t l = 0; l < cfg.num_hidden_layers; ++l) {
        const auto names = cfg.linear_weight_names(l);
        for (int k = 0; k < kLinearKinds; ++k) {
            const auto& w = model.linear(l, static_cast<LinearKind>(k))->base_weight();
            const int64_t n = w.size(0), words = (w.size(1) + 31) / 32;
            // Random 32-bit words; the padding bits of a last partial word must be 0.
            at::Tensor packed = at::randint(INT32_MIN, INT32_MAX, {n, words}, gen_opts);
            if (w.size(1) % 32 != 0) {
                const int64_t valid = w.size(1) % 32;
                const int32_t mask = static_cast<int32_t>((uint32_t(1) << valid) - 1);
                packed.select(1, words - 1).bitwise_and_(mask);
            }
            t.deltas[names.at(static_cast<size_t>(k))] = {packed, 1e-3f};
        }
    }
    return t;
}

}  // namespace bitdelta
