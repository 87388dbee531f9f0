#pragma once
// Engine::Impl: the model, the tenants, the KV budget and the worker that batches decode steps.
// Private to core/serve (engine.cpp, scheduler.cpp, tenant_registry.cpp, engine_inmemory.cpp).
#include "io/checkpoint.h"
#include "model/decoder.h"
#include "model/delta_linear.h"
#include "serve/engine.h"
#include "serve/request.h"
#include "serve/tenant.h"

#include <ATen/core/Tensor.h>

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace bitdelta {

// Everything attach() computes before it touches the model (done outside the model lock).
struct PreparedTenant {
    std::shared_ptr<serve::Tenant> tenant;
    // (layer, kind) -> signs on the device + scale
    struct Delta {
        int64_t layer;
        LinearKind kind;
        at::Tensor signs;
        float scale;
    };
    std::vector<Delta> deltas;
    // kept tensors that differ from the base (on the device, compute dtype), by HF name
    std::vector<std::pair<std::string, at::Tensor>> own_tensors;
};

struct Engine::Impl {
    EngineOptions options;
    std::string base_dir;
    std::unique_ptr<DecoderModel> model;
    c10::Device device = c10::Device(c10::kCPU);
    c10::ScalarType dtype = c10::kFloat;
    std::optional<Checkpoint> base_checkpoint;                      // absent for in-memory models
    std::vector<std::vector<std::shared_ptr<DeltaLinear>>> layers;  // [layer][kind]
    // HF names of the linear weights / biases -> (layer, kind)
    std::map<std::string, std::pair<int64_t, LinearKind>> linear_names, bias_names;
    int64_t base_device_bytes = 0, base_host_bytes = 0;
    // On the CPU the device is the host: weights, signs and kept tensors "on the device" (memory-
    // mapped safetensors included) are host memory too, so the host figures we report count them.
    int64_t host_share(int64_t device_bytes) const { return device.is_cpu() ? device_bytes : 0; }

    // Tenants (guarded by tenants_mutex; the worker reads tenants only through requests).
    mutable std::mutex tenants_mutex;
    std::map<std::string, std::shared_ptr<serve::Tenant>> tenants;  // includes "base"
    std::vector<bool> slot_used{true};                              // slot 0 = base

    // The model is mutated (attach/detach) and run (worker) under model_mutex. std::mutex is not
    // fair and the worker re-takes it right after each step, so on a busy machine a detach could
    // wait out every step of a long request. Both sides therefore take model_gate first; the
    // worker lets go of the gate once it holds the model, while a change keeps it, so a waiting
    // change gets the model at the end of the worker's current step.
    std::mutex model_gate;
    std::mutex model_mutex;
    struct ModelChangeLock {
        explicit ModelChangeLock(Impl& e) : gate(e.model_gate), model(e.model_mutex) {}
        std::lock_guard<std::mutex> gate, model;  // in this order: gate, then model
    };

    // KV budget.
    mutable std::mutex kv_mutex;
    int64_t kv_budget = 0, kv_used = 0;

    // Requests.
    std::mutex queue_mutex;
    std::condition_variable queue_cv;
    std::deque<std::shared_ptr<serve::Request>> queue;
    std::map<RequestId, std::shared_ptr<serve::Request>> live;  // queued or active
    RequestId next_id = 1;
    bool stopping = false;
    std::vector<std::shared_ptr<serve::Request>> active;  // worker thread only
    std::thread worker;

    // Set up after `model` is loaded: wraps every linear in a DeltaLinear, registers the base
    // tenant, sizes the KV budget and starts the worker.
    void init(std::shared_ptr<const Tokenizer> base_tokenizer,
              std::shared_ptr<const ChatTemplate> base_template, const std::string& template_source,
              const std::vector<int64_t>& config_eos_ids);

    // tenant_registry.cpp
    PreparedTenant prepare_package(const std::string& package_dir, Progress& progress);
    std::string install(PreparedTenant prepared);  // takes the model lock; returns the name
    void remove(const std::string& name);
    std::shared_ptr<serve::Tenant> find_tenant(const std::string& name) const;
    std::vector<TenantInfo> tenant_infos() const;
    // Whether `t` (device, compute dtype) is bit-identical to the base's tensor.
    static bool same_tensor(const at::Tensor& base, const at::Tensor& t);
    at::Tensor base_tensor(const std::string& name, const std::string& where);
    void unregister_slot(int32_t slot);  // caller holds the model lock

    // scheduler.cpp
    RequestId submit(const ChatRequest& request, StreamCallback on_event);
    std::vector<int64_t> encode_prompt(const serve::Tenant& tenant,
                                       const ChatRequest& request) const;
    std::string render(const serve::Tenant& tenant, const ChatRequest& request) const;
    void cancel(RequestId id);
    void cancel_tenant(const serve::Tenant& tenant);
    void run_worker();
    void stop_worker();
    void release(serve::Request& r);  // Request::on_finished: frees its KV cache, forgets its id
    void prefill(const std::shared_ptr<serve::Request>& r);
    void decode_step(std::vector<std::shared_ptr<serve::Request>>& rows);
    void sample_rows(const at::Tensor& logits, std::vector<std::shared_ptr<serve::Request>>& rows);
};

// Sizes of things (device_info.cpp).
int64_t tensor_bytes(const at::Tensor& t);
// Free and total bytes of the CUDA device (0, 0 when unknown) through the driver library.
std::pair<int64_t, int64_t> cuda_memory_info(int device_index);
std::string cuda_device_name(int device_index);
int64_t host_memory_bytes();

}  // namespace bitdelta
