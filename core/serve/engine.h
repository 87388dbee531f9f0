#pragma once
// Multi-tenant engine (DESIGN.md section 2): one base model on the device once, .bitdelta packages
// attached and detached at run time, decode steps batched across every active request of every
// tenant. Plain types only: the UI's chat worker, the CLI and the HTTP server all use this header.
#include "common/progress.h"
#include "text/chat_template.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace bitdelta {

struct EngineOptions {
    std::string device = "auto";  // auto | cpu | cuda | cuda:N
    std::string dtype = "auto";   // auto (bf16 on CUDA, fp32 on CPU) | fp32 | bf16 | fp16
    int64_t max_batch_rows = 64;  // decode rows per step across all requests
    // KV cache budget in bytes across all requests; 0 = automatic (a share of free device memory,
    // or of host memory on CPU). A request whose cache cannot fit is refused with a clear Error.
    int64_t kv_cache_bytes = 0;
    int64_t max_context_tokens = 4096;  // per request (prompt + new tokens)
};

struct TenantInfo {
    std::string name;          // model id (package folder name without .bitdelta, or "base")
    std::string package_dir;   // empty for the base
    int64_t device_bytes = 0;  // memory this tenant adds on the device (signs, scales, own tensors)
    int64_t host_bytes = 0;    // memory it adds on the host (on the CPU: device_bytes included)
    std::string chat_template_source;  // "tokenizer_config.json", "chat_template.jinja" or "none"
    bool own_tokenizer = false;        // tokenizer differs from the base's
};

struct MemoryUsage {
    int64_t base_device_bytes = 0, base_host_bytes = 0;  // as in TenantInfo
    int64_t kv_cache_bytes_used = 0, kv_cache_bytes_budget = 0;
    int64_t device_total_bytes = 0, device_free_bytes = 0;  // 0 on CPU
    std::vector<TenantInfo> tenants;
};

struct ChatRequest {
    std::string tenant;                 // a TenantInfo::name
    std::vector<ChatMessage> messages;  // rendered with that tenant's chat template and tokenizer
    std::string raw_prompt;             // used instead of messages when non-empty (no template)
    std::vector<int64_t> prompt_ids;    // used instead of both when non-empty (already tokenized)
    double temperature = 0.0;           // 0 = greedy
    int64_t top_k = 0;
    double top_p = 1.0;
    double min_p = 0.0;
    double repetition_penalty = 1.0;
    double presence_penalty = 0.0;   // OpenAI semantics, over the answer so far; 0 = off
    double frequency_penalty = 0.0;  // OpenAI semantics, over the answer so far; 0 = off
    uint64_t seed = 0;
    int64_t max_new_tokens = 256;
    std::vector<std::string> stop;  // stop strings
    bool ignore_eos = false;        // generate exactly max_new_tokens (benchmarks)
};

struct StreamEvent {
    std::string text;  // newly completed UTF-8 text (may be empty on the final event)
    int64_t token_id = -1;
    bool finished = false;
    std::string finish_reason;  // "stop" | "length" | "cancelled" | "error" on the final event
    std::string error;          // set when finish_reason == "error"
    int64_t prompt_tokens = 0, completion_tokens = 0;
    double tokens_per_second = 0.0;
};

// Called on the engine's worker thread; must be quick and must not call back into the engine's
// blocking methods.
using StreamCallback = std::function<void(const StreamEvent&)>;
using RequestId = uint64_t;

class Engine {
  public:
    // Loads the base (progress + cancel). Throws Error for a bad folder or when the device cannot
    // hold it.
    Engine(const std::string& base_dir, const EngineOptions& options, Progress& progress);
    ~Engine();  // cancels every request, stops the worker thread
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Attaches a package; returns its tenant name. Refuses (Error naming both) a package made for
    // another base, or a name already attached. Safe while requests run (takes effect at the next
    // step).
    std::string attach(const std::string& package_dir, Progress& progress = Progress::silent());
    // Detaches; its running requests finish with finish_reason "cancelled".
    void detach(const std::string& tenant);
    std::vector<TenantInfo> tenants() const;  // "base" first
    MemoryUsage memory() const;
    std::string device_name() const;  // e.g. "NVIDIA H100 80GB HBM3" or "CPU (2 threads)"

    // Queues a request; returns at once. Throws Error for an unknown tenant, or a prompt that
    // cannot fit in the context / KV budget. Events stream through `on_event` until one has
    // finished == true.
    RequestId submit(const ChatRequest& request, StreamCallback on_event);
    void cancel(RequestId id);  // the request finishes with finish_reason "cancelled"
    void cancel_all();

    // Tokenizes/renders as the engine would (for token counts and the API's usage field).
    std::string render_prompt(const ChatRequest& request) const;

    struct Impl;
    // For in-process tools that hand the engine in-memory tensors (engine_inmemory.h).
    explicit Engine(std::unique_ptr<Impl> impl);
    Impl& internals();

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace bitdelta
