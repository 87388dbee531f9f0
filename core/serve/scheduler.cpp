// The worker loop: admit queued requests at step boundaries (each prefilled alone with its own KV
// cache), then one batched decode step across every active request of every tenant, routed per row.
#include "common/error.h"
#include "serve/engine_impl.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <c10/util/Exception.h>

#include <algorithm>

namespace bitdelta {
namespace {

constexpr size_t kMaxAdmitPerStep = 4;  // bounds how long running streams wait behind new prompts

std::string first_line(const std::string& s) {
    return s.substr(0, s.find('\n'));
}

}  // namespace

std::string Engine::Impl::render(const serve::Tenant& tenant, const ChatRequest& request) const {
    if (!request.raw_prompt.empty()) return request.raw_prompt;
    if (request.messages.empty()) throw Error("request for '" + tenant.name + "' has no messages");
    if (tenant.chat_template) {
        const std::string bos = tenant.tokenizer ? tenant.tokenizer->bos_token() : std::string();
        const std::string eos = tenant.tokenizer ? tenant.tokenizer->eos_token() : std::string();
        return tenant.chat_template->render(request.messages, true, bos, eos);
    }
    // No template: a plain transcript the model can continue.
    std::string text;
    for (const auto& m : request.messages)
        text += m.role + ": " + m.content + "\n";
    return text + "assistant:";
}

std::vector<int64_t> Engine::Impl::encode_prompt(const serve::Tenant& tenant,
                                                 const ChatRequest& request) const {
    if (!request.prompt_ids.empty()) return request.prompt_ids;
    if (!tenant.tokenizer)
        throw Error("model '" + tenant.name + "' has no tokenizer; send prompt token ids");
    const std::string text = render(tenant, request);
    // A rendered chat template already holds the special tokens it wants (transformers tokenizes it
    // with add_special_tokens=False); raw prompts and the plain fallback get the tokenizer's
    // specials.
    const bool templated = request.raw_prompt.empty() && tenant.chat_template;
    return tenant.tokenizer->encode(text, !templated);
}

RequestId Engine::Impl::submit(const ChatRequest& request, StreamCallback on_event) {
    auto tenant = find_tenant(request.tenant);
    if (request.max_new_tokens < 1)
        throw Error("max_tokens must be at least 1 (got " + std::to_string(request.max_new_tokens) +
                    ")");
    std::vector<int64_t> prompt = encode_prompt(*tenant, request);
    if (prompt.empty()) throw Error("the prompt for '" + tenant->name + "' is empty");
    for (const int64_t id : prompt)
        if (id < 0 || id >= tenant->vocab)
            throw Error("prompt token id " + std::to_string(id) +
                        " is outside the vocabulary of '" + tenant->name + "' [0, " +
                        std::to_string(tenant->vocab) + ")");
    const int64_t p = static_cast<int64_t>(prompt.size());
    const auto& cfg = model->config();
    // Like `bitdelta generate`: no position past what the model was trained for, whatever
    // max_context_tokens allows.
    const bool model_caps =
        cfg.max_position_embeddings > 0 && cfg.max_position_embeddings < options.max_context_tokens;
    const int64_t limit = model_caps ? cfg.max_position_embeddings : options.max_context_tokens;
    if (p >= limit)
        throw Error("the prompt is " + std::to_string(p) + " tokens but the context limit is " +
                    std::to_string(limit) + " tokens (" +
                    (model_caps ? "the model's max_position_embeddings" : "max_context_tokens") +
                    ")");
    const int64_t capacity = std::min(p + request.max_new_tokens, limit);
    const int64_t bytes = KvCache::bytes_for(cfg.num_hidden_layers, cfg.num_key_value_heads,
                                             cfg.head_dim, capacity, dtype);
    {
        std::lock_guard<std::mutex> lock(kv_mutex);
        if (kv_budget > 0 && kv_used + bytes > kv_budget)
            throw Error("KV cache budget exhausted: this request needs " +
                        std::to_string(bytes >> 20) + " MiB (" + std::to_string(p) + " prompt + " +
                        std::to_string(capacity - p) + " new tokens) but " +
                        std::to_string(kv_used >> 20) + " of " + std::to_string(kv_budget >> 20) +
                        " MiB are in use; lower max_tokens or retry when other requests finish");
        kv_used += bytes;
    }
    KvCache cache;
    try {
        cache = model->make_cache(capacity);
    } catch (const std::exception& e) {
        // Out of device memory (c10::OutOfMemoryError is a c10::Error) becomes a clean refusal.
        std::lock_guard<std::mutex> lock(kv_mutex);
        kv_used -= bytes;
        throw Error("could not allocate a KV cache of " + std::to_string(bytes >> 20) +
                    " MiB for " + std::to_string(capacity) + " tokens: " + first_line(e.what()));
    }
    std::lock_guard<std::mutex> lock(queue_mutex);
    if (stopping) {
        std::lock_guard<std::mutex> kv_lock(kv_mutex);
        kv_used -= bytes;
        throw Error("the engine is shutting down");
    }
    const RequestId id = next_id++;
    auto r = std::make_shared<serve::Request>(id, tenant, std::move(prompt), capacity - p, request,
                                              std::move(on_event));
    r->cache = std::move(cache);
    r->kv_reserved_bytes = bytes;
    r->on_finished = [this](serve::Request& done) { release(done); };
    queue.push_back(r);
    live[id] = r;
    queue_cv.notify_all();
    return id;
}

void Engine::Impl::cancel(RequestId id) {
    std::lock_guard<std::mutex> lock(queue_mutex);
    auto it = live.find(id);
    if (it == live.end()) return;  // already finished
    it->second->cancel_requested = true;
    queue_cv.notify_all();
}

void Engine::Impl::cancel_tenant(const serve::Tenant& tenant) {
    std::lock_guard<std::mutex> lock(queue_mutex);
    for (auto& [id, r] : live)
        if (&r->tenant() == &tenant) r->cancel_requested = true;
    queue_cv.notify_all();
}

void Engine::Impl::release(serve::Request& r) {
    {
        std::lock_guard<std::mutex> lock(queue_mutex);
        live.erase(r.id());
    }
    r.cache = KvCache();
    std::lock_guard<std::mutex> lock(kv_mutex);
    kv_used -= r.kv_reserved_bytes;
    r.kv_reserved_bytes = 0;
}

void Engine::Impl::sample_rows(const at::Tensor& logits,
                               std::vector<std::shared_ptr<serve::Request>>& rows) {
    const int64_t b = static_cast<int64_t>(rows.size());
    const at::Tensor l2 = logits.reshape({b, -1});
    const bool all_greedy =
        std::all_of(rows.begin(), rows.end(), [](const auto& r) { return r->greedy(); });
    if (all_greedy) {
        // Only B ids cross to the host (one synchronisation per step).
        const at::Tensor ids = l2.argmax(-1).to(at::kCPU, at::kLong).contiguous();
        const int64_t* p = ids.data_ptr<int64_t>();
        for (int64_t i = 0; i < b; ++i)
            rows[static_cast<size_t>(i)]->accept(p[i]);
        return;
    }
    const at::Tensor host = l2.to(at::kCPU, at::kFloat).contiguous();
    for (int64_t i = 0; i < b; ++i) {
        auto& r = rows[static_cast<size_t>(i)];
        const at::Tensor row = host[i];
        const int64_t id =
            r->greedy() ? row.argmax().item<int64_t>() : r->sampler().next(row, r->history());
        r->accept(id);
    }
}

void Engine::Impl::prefill(const std::shared_ptr<serve::Request>& r) {
    ForwardBatch batch;
    batch.input_ids = at::tensor(r->prompt(), at::kLong).view({1, -1}).to(device);
    batch.caches = {&r->cache};
    batch.routing = make_routing({r->tenant().slot}, device);
    batch.last_token_logits_only = true;
    const at::Tensor logits = model->forward(batch);
    std::vector<std::shared_ptr<serve::Request>> one{r};
    sample_rows(logits, one);
}

void Engine::Impl::decode_step(std::vector<std::shared_ptr<serve::Request>>& rows) {
    std::vector<int64_t> ids;
    std::vector<int32_t> slots;
    ForwardBatch batch;
    for (const auto& r : rows) {
        ids.push_back(r->last_token());
        slots.push_back(r->tenant().slot);
        batch.caches.push_back(&r->cache);
    }
    batch.input_ids =
        at::tensor(ids, at::kLong).view({static_cast<int64_t>(rows.size()), 1}).to(device);
    batch.routing = make_routing(std::move(slots), device);
    batch.last_token_logits_only = true;
    const at::Tensor logits = model->forward(batch);
    sample_rows(logits, rows);
}

void Engine::Impl::run_worker() {
    at::NoGradGuard no_grad;
    for (;;) {
        std::vector<std::shared_ptr<serve::Request>> admit;
        {
            std::unique_lock<std::mutex> lock(queue_mutex);
            queue_cv.wait(lock, [&] { return stopping || !queue.empty() || !active.empty(); });
            if (stopping) break;
            while (!queue.empty() && admit.size() < kMaxAdmitPerStep) {
                admit.push_back(queue.front());
                queue.pop_front();
            }
        }
        std::unique_lock<std::mutex> gate(model_gate);
        std::lock_guard<std::mutex> model_lock(model_mutex);
        gate.unlock();  // a change waiting on the gate now gets the model after this step
        auto retire = [&](serve::Request& r) {  // a finished request has released itself
            if (!r.finished() && (r.cancel_requested || r.tenant().detached)) r.finish("cancelled");
            return r.finished();
        };
        for (auto& r : admit) {
            if (retire(*r)) continue;
            try {
                prefill(r);
            } catch (const std::exception& e) {
                r->finish("error", first_line(e.what()));
            }
            if (!retire(*r)) active.push_back(r);
        }
        active.erase(
            std::remove_if(active.begin(), active.end(), [&](auto& r) { return retire(*r); }),
            active.end());
        const size_t chunk = static_cast<size_t>(std::max<int64_t>(1, options.max_batch_rows));
        for (size_t begin = 0; begin < active.size(); begin += chunk) {
            std::vector<std::shared_ptr<serve::Request>> rows(
                active.begin() + static_cast<std::ptrdiff_t>(begin),
                active.begin() +
                    static_cast<std::ptrdiff_t>(std::min(active.size(), begin + chunk)));
            try {
                decode_step(rows);
            } catch (const std::exception& e) {
                for (auto& r : rows)
                    r->finish("error", first_line(e.what()));
            }
        }
        active.erase(
            std::remove_if(active.begin(), active.end(), [&](auto& r) { return retire(*r); }),
            active.end());
    }
    // Shutting down: everything still queued or running ends as cancelled.
    std::deque<std::shared_ptr<serve::Request>> rest;
    {
        std::lock_guard<std::mutex> lock(queue_mutex);
        rest.swap(queue);
    }
    for (auto& r : active)
        rest.push_back(r);
    active.clear();
    for (auto& r : rest)
        r->finish("cancelled");
}

void Engine::Impl::stop_worker() {
    {
        std::lock_guard<std::mutex> lock(queue_mutex);
        stopping = true;
        for (auto& [id, r] : live)
            r->cancel_requested = true;
        queue_cv.notify_all();
    }
    if (worker.joinable()) worker.join();
}

}  // namespace bitdelta
