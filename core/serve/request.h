#pragma once
// A request's life inside the engine: its prompt, KV cache, sampler, streaming detokenizer and the
// stop-string hold-back buffer. Private to core/serve; the scheduler drives it.
#include "model/generate.h"
#include "model/kv_cache.h"
#include "serve/engine.h"
#include "serve/tenant.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace bitdelta::serve {

class Request {
  public:
    Request(RequestId id, std::shared_ptr<Tenant> tenant, std::vector<int64_t> prompt,
            int64_t max_new_tokens, const ChatRequest& settings, StreamCallback on_event);

    RequestId id() const { return id_; }
    const Tenant& tenant() const { return *tenant_; }
    const std::vector<int64_t>& prompt() const { return prompt_; }
    const std::vector<int64_t>& generated() const { return generated_; }
    // prompt + generated, for the sampler's repetition penalty.
    const std::vector<int64_t>& history() const { return history_; }
    int64_t last_token() const { return history_.back(); }
    bool greedy() const { return sampler_.is_plain_argmax(); }
    Sampler& sampler() { return sampler_; }

    KvCache cache;
    int64_t kv_reserved_bytes = 0;
    std::atomic<bool> cancel_requested{false};
    // Called once, right before the final event is sent: gives the KV cache back to the budget, so
    // that a listener who sees the final event may submit its next request at once.
    std::function<void(Request&)> on_finished;

    // Takes the sampled token: streams its text, and finishes the request on EOS, a stop string or
    // the token limit. Returns true when the request has finished (its final event was sent).
    bool accept(int64_t token);
    // Finishes with `reason` ("cancelled" or "error") unless already finished.
    void finish(const std::string& reason, const std::string& error = {});
    bool finished() const { return finished_; }

  private:
    void emit(const std::string& text, int64_t token, bool final, const std::string& reason,
              const std::string& error);
    // Moves the part of held_ that cannot be the start of a stop string into `out`; returns true
    // when a stop string was found (held_ then ends just before it).
    bool release_held(std::string& out, bool flush);

    RequestId id_;
    std::shared_ptr<Tenant> tenant_;
    std::vector<int64_t> prompt_, generated_, history_;
    int64_t max_new_tokens_;
    bool ignore_eos_ = false;
    std::vector<std::string> stop_;
    Sampler sampler_;
    std::unique_ptr<StreamDecoder> decoder_;
    std::string held_;
    StreamCallback on_event_;
    bool finished_ = false;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace bitdelta::serve
