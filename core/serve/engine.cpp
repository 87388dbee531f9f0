// Engine: loads the base once, wraps every decoder linear in a DeltaLinear, and forwards the public
// API to the tenant registry and the scheduler.
#include "serve/engine.h"

#include "common/error.h"
#include "serve/engine_impl.h"
#include "serve/tenant_files.h"

#include <ATen/ATen.h>
#include <ATen/Context.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <thread>

namespace bitdelta {
namespace {

c10::Device pick_device(const std::string& device) {
    if (device == "auto")
        return at::hasCUDA() ? c10::Device(c10::kCUDA, 0) : c10::Device(c10::kCPU);
    try {
        c10::Device d(device);
        if (d.is_cuda() && !at::hasCUDA())
            throw Error("device '" + device + "' requested but this build/machine has no CUDA");
        if (!d.is_cuda() && !d.is_cpu())
            throw Error("device '" + device + "' is not supported (cpu, cuda, cuda:N)");
        if (d.is_cuda() && !d.has_index()) d = c10::Device(c10::kCUDA, 0);
        return d;
    } catch (const c10::Error&) {
        throw Error("device '" + device + "' is not a device name (auto, cpu, cuda, cuda:N)");
    }
}

c10::ScalarType pick_dtype(const std::string& dtype, c10::Device device) {
    if (dtype == "auto") return device.is_cuda() ? c10::kBFloat16 : c10::kFloat;
    if (dtype == "fp32" || dtype == "float32") return c10::kFloat;
    if (dtype == "bf16" || dtype == "bfloat16") return c10::kBFloat16;
    if (dtype == "fp16" || dtype == "float16") return c10::kHalf;
    throw Error("dtype '" + dtype + "' is not supported (auto, fp32, bf16, fp16)");
}

}  // namespace

void Engine::Impl::init(std::shared_ptr<const Tokenizer> base_tokenizer,
                        std::shared_ptr<const ChatTemplate> base_template,
                        const std::string& template_source,
                        const std::vector<int64_t>& config_eos_ids) {
    const auto& cfg = model->config();
    layers.assign(static_cast<size_t>(cfg.num_hidden_layers), {});
    for (int64_t l = 0; l < cfg.num_hidden_layers; ++l) {
        const auto names = cfg.linear_weight_names(l);
        for (int k = 0; k < kLinearKinds; ++k) {
            const auto kind = static_cast<LinearKind>(k);
            auto& slot = model->linear(l, kind);
            auto delta = std::dynamic_pointer_cast<DeltaLinear>(slot);
            if (!delta) delta = DeltaLinear::from(*slot);
            slot = delta;
            layers[static_cast<size_t>(l)].push_back(delta);
            base_device_bytes += tensor_bytes(delta->base_weight());
            if (delta->bias().defined()) base_device_bytes += tensor_bytes(delta->bias().base());
            const std::string& w = names.at(static_cast<size_t>(k));
            linear_names[w] = {l, kind};
            if (w.size() > 7 && w.compare(w.size() - 7, 7, ".weight") == 0)
                bias_names[w.substr(0, w.size() - 7) + ".bias"] = {l, kind};
        }
    }
    for (const auto& name : model->kept_tensor_names())
        if (!bias_names.count(name)) base_device_bytes += tensor_bytes(model->tensor(name).base());

    auto base = std::make_shared<serve::Tenant>();
    base->name = "base";
    base->package_dir.clear();
    base->slot = 0;
    base->tokenizer = std::move(base_tokenizer);
    base->chat_template = std::move(base_template);
    base->chat_template_source = base->chat_template ? template_source : "none";
    base->eos_ids = serve::stop_ids(config_eos_ids, base->tokenizer.get());
    base->vocab = model->tensor("model.embed_tokens.weight").base().size(0);
    base->device_bytes = base_device_bytes;
    base->host_bytes = base_host_bytes;
    tenants["base"] = base;

    if (options.kv_cache_bytes > 0) {
        kv_budget = options.kv_cache_bytes;
    } else if (device.is_cuda()) {
        // 90% of what is free once the base is loaded, less 1 GiB for activations; unknown = no
        // budget (allocation failures still become clean refusals at submit).
        const auto [free_b, total_b] = cuda_memory_info(device.index());
        (void)total_b;
        kv_budget = free_b > 0 ? std::max<int64_t>(free_b * 9 / 10 - (int64_t(1) << 30), 0) : 0;
    } else {
        kv_budget = host_memory_bytes() / 4;
    }
    worker = std::thread([this] { run_worker(); });
}

Engine::Engine(const std::string& base_dir, const EngineOptions& options, Progress& progress)
    : impl_(std::make_unique<Impl>()) {
    auto& im = *impl_;
    im.options = options;
    im.base_dir = base_dir;
    im.device = pick_device(options.device);
    im.dtype = pick_dtype(options.dtype, im.device);
    if (im.device.is_cpu() && im.dtype != c10::kFloat)
        throw Error("dtype " + options.dtype + " is not supported on the CPU (use fp32)");
    progress.begin_stage("Loading base", base_dir);
    im.base_checkpoint = Checkpoint::open(base_dir);
    LoadOptions load;
    load.device = im.device;
    load.dtype = im.dtype;
    try {
        im.model = DecoderModel::load(*im.base_checkpoint, load, progress);
    } catch (const c10::Error& e) {
        const std::string what = e.what();
        throw Error(base_dir + ": could not load the base on " + im.device.str() + ": " +
                    what.substr(0, what.find('\n')));
    }
    serve::TenantFiles files = serve::read_tenant_files(base_dir, {});
    im.base_host_bytes = files.host_bytes;
    im.init(files.tokenizer, files.chat_template, files.chat_template_source,
            im.base_checkpoint->config().eos_token_ids);
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Engine::~Engine() {
    if (impl_) impl_->stop_worker();
}

std::string Engine::attach(const std::string& package_dir, Progress& progress) {
    return impl_->install(impl_->prepare_package(package_dir, progress));
}

void Engine::detach(const std::string& tenant) {
    impl_->remove(tenant);
}

std::vector<TenantInfo> Engine::tenants() const {
    return impl_->tenant_infos();
}

MemoryUsage Engine::memory() const {
    MemoryUsage m;
    m.base_device_bytes = impl_->base_device_bytes;
    m.base_host_bytes = impl_->base_host_bytes + impl_->host_share(impl_->base_device_bytes);
    {
        std::lock_guard<std::mutex> lock(impl_->kv_mutex);
        m.kv_cache_bytes_used = impl_->kv_used;
        m.kv_cache_bytes_budget = impl_->kv_budget;
    }
    if (impl_->device.is_cuda()) {
        const auto [free_b, total_b] = cuda_memory_info(impl_->device.index());
        m.device_free_bytes = free_b;
        m.device_total_bytes = total_b;
    }
    m.tenants = tenants();
    return m;
}

std::string Engine::device_name() const {
    if (impl_->device.is_cuda()) return cuda_device_name(impl_->device.index());
    const int threads = at::get_num_threads();
    return "CPU (" + std::to_string(threads) + (threads == 1 ? " thread)" : " threads)");
}

RequestId Engine::submit(const ChatRequest& request, StreamCallback on_event) {
    return impl_->submit(request, std::move(on_event));
}

void Engine::cancel(RequestId id) {
    impl_->cancel(id);
}

void Engine::cancel_all() {
    std::lock_guard<std::mutex> lock(impl_->queue_mutex);
    for (auto& [id, r] : impl_->live)
        r->cancel_requested = true;
    impl_->queue_cv.notify_all();
}

std::string Engine::render_prompt(const ChatRequest& request) const {
    return impl_->render(*impl_->find_tenant(request.tenant), request);
}

Engine::Impl& Engine::internals() {
    return *impl_;
}

}  // namespace bitdelta
