// Attaching and detaching tenants: reading a package, checking it belongs to this base, uploading
// its signs into every DeltaLinear and registering only the kept tensors that really differ from
// the base (bit-identical ones share the base's storage: that is what keeps a tenant at ~1/16 of
// the model).
#include "bitdelta/package.h"
#include "common/error.h"
#include "serve/engine_impl.h"
#include "serve/tenant_files.h"

#include <ATen/ATen.h>

#include <filesystem>

namespace bitdelta {
namespace fs = std::filesystem;

bool Engine::Impl::same_tensor(const at::Tensor& base, const at::Tensor& t) {
    if (!base.defined() || !t.defined()) return false;
    if (base.sizes() != t.sizes() || base.scalar_type() != t.scalar_type()) return false;
    if (base.is_alias_of(t)) return true;
    return at::equal(base, t);
}

std::shared_ptr<serve::Tenant> Engine::Impl::find_tenant(const std::string& name) const {
    std::lock_guard<std::mutex> lock(tenants_mutex);
    auto it = tenants.find(name);
    if (it == tenants.end()) {
        std::string known;
        for (const auto& [n, t] : tenants)
            known += (known.empty() ? "" : ", ") + n;
        throw Error("unknown model '" + name + "' (attached: " + known + ")");
    }
    return it->second;
}

PreparedTenant Engine::Impl::prepare_package(const std::string& package_dir, Progress& progress) {
    progress.begin_stage("Attaching", package_dir);
    std::string name = fs::path(package_dir).lexically_normal().filename().string();
    if (name.empty())
        name = fs::path(package_dir).lexically_normal().parent_path().filename().string();
    if (name.size() > 9 && name.compare(name.size() - 9, 9, ".bitdelta") == 0)
        name.resize(name.size() - 9);
    if (name.empty() || name == "base")
        throw Error(package_dir + ": cannot derive a tenant name ('" + name + "' is reserved)");
    {
        std::lock_guard<std::mutex> lock(tenants_mutex);
        if (tenants.count(name))
            throw Error("a tenant named '" + name + "' is already attached (" + package_dir + ")");
    }
    const DeltaPackage pkg = DeltaPackage::open(package_dir);
    if (!base_checkpoint)
        throw Error(package_dir +
                    ": this engine was built from an in-memory model; packages need a base folder");
    pkg.verify_base(*base_checkpoint);
    progress.check_cancelled();

    PreparedTenant out;
    auto tenant = std::make_shared<serve::Tenant>();
    tenant->name = name;
    tenant->package_dir = package_dir;

    const auto names = pkg.compressed_names();
    size_t done = 0;
    for (const auto& wname : names) {
        auto it = linear_names.find(wname);
        if (it == linear_names.end())
            throw Error(package_dir + ": compressed matrix " + wname +
                        " is not a linear layer of the base " + base_dir);
        const auto [layer, kind] = it->second;
        const at::Tensor& w =
            layers[static_cast<size_t>(layer)][static_cast<size_t>(kind)]->base_weight();
        const auto shape = pkg.matrix_shape(wname);
        if (shape.size() != 2 || shape[0] != w.size(0) || shape[1] != w.size(1))
            throw Error(package_dir + ": " + wname +
                        " is compressed for a different shape than the base's");
        // A copy, not a view of the package's mmap: the file may be replaced while we serve.
        at::Tensor signs = pkg.signs(wname).to(device, /*non_blocking=*/false, /*copy=*/true);
        out.deltas.push_back({layer, kind, signs, pkg.scale(wname)});
        tenant->device_bytes += tensor_bytes(signs) + 4;
        progress.update(0.8 * static_cast<double>(++done) / static_cast<double>(names.size()),
                        "signs of " + wname);
    }
    for (const auto& kname : pkg.kept_names()) {
        at::Tensor base = base_tensor(kname, package_dir);
        at::Tensor t = pkg.kept(kname).to(device, dtype, false, true);
        if (same_tensor(base, t)) continue;  // shares the base's storage
        if (base.sizes() != t.sizes()) {
            const bool vocab = kname == "model.embed_tokens.weight" || kname == "lm_head.weight";
            if (!vocab || t.dim() != 2 || t.size(1) != base.size(1))
                throw Error(package_dir + ": kept tensor " + kname +
                            " has a different shape than the base's");
        }
        tenant->device_bytes += tensor_bytes(t);
        out.own_tensors.emplace_back(kname, std::move(t));
    }
    progress.update(0.9, "tokenizer and chat template");

    serve::TenantFiles files = serve::read_tenant_files(package_dir, base_dir);
    const auto base = find_tenant("base");
    if (files.own_tokenizer || !base->tokenizer) {
        tenant->tokenizer = files.tokenizer;
        tenant->own_tokenizer = files.own_tokenizer;
    } else {
        tenant->tokenizer = base->tokenizer;
    }
    tenant->chat_template = files.chat_template;
    tenant->chat_template_source = files.chat_template_source;
    tenant->host_bytes = files.host_bytes;
    tenant->eos_ids = serve::stop_ids(pkg.config().eos_token_ids, tenant->tokenizer.get());
    out.tenant = std::move(tenant);
    progress.update(1.0, name);
    return out;
}

at::Tensor Engine::Impl::base_tensor(const std::string& name, const std::string& where) {
    auto it = bias_names.find(name);
    if (it != bias_names.end()) {
        const auto& b =
            layers[static_cast<size_t>(it->second.first)][static_cast<size_t>(it->second.second)]
                ->bias();
        if (!b.defined())
            throw Error(where + ": kept tensor " + name + " has no counterpart in the base " +
                        base_dir);
        return b.base();
    }
    try {
        return model->tensor(name).base();
    } catch (const Error& e) {
        throw Error(where + ": kept tensor " + name + " has no counterpart in the base " +
                    base_dir + " (" + e.what() + ")");
    }
}

std::string Engine::Impl::install(PreparedTenant prepared) {
    auto& tenant = prepared.tenant;
    ModelChangeLock model_lock(*this);
    {
        std::lock_guard<std::mutex> lock(tenants_mutex);
        if (tenants.count(tenant->name))
            throw Error("a tenant named '" + tenant->name + "' is already attached");
        int32_t slot = 1;
        while (static_cast<size_t>(slot) < slot_used.size() && slot_used[static_cast<size_t>(slot)])
            ++slot;
        if (static_cast<size_t>(slot) >= slot_used.size())
            slot_used.resize(static_cast<size_t>(slot) + 1);
        slot_used[static_cast<size_t>(slot)] = true;
        tenant->slot = slot;
    }
    const int32_t slot = tenant->slot;
    // A fine-tune that added tokens brought its own, longer embedding table.
    tenant->vocab = model->tensor("model.embed_tokens.weight").base().size(0);
    for (const auto& [name, t] : prepared.own_tensors)
        if (name == "model.embed_tokens.weight") tenant->vocab = t.size(0);
    try {
        for (const auto& d : prepared.deltas)
            layers[static_cast<size_t>(d.layer)][static_cast<size_t>(d.kind)]->attach(slot, d.signs,
                                                                                      d.scale);
        for (auto& [name, t] : prepared.own_tensors) {
            auto it = bias_names.find(name);
            if (it != bias_names.end())
                layers[static_cast<size_t>(it->second.first)]
                      [static_cast<size_t>(it->second.second)]
                          ->mutable_bias()
                          .set_slot(slot, t);
            else
                model->tensor(name).set_slot(slot, t);
        }
    } catch (...) {
        unregister_slot(slot);
        std::lock_guard<std::mutex> lock(tenants_mutex);
        slot_used[static_cast<size_t>(slot)] = false;
        throw;
    }
    std::lock_guard<std::mutex> lock(tenants_mutex);
    tenants[tenant->name] = tenant;
    return tenant->name;
}

void Engine::Impl::unregister_slot(int32_t slot) {
    for (auto& row : layers)
        for (auto& lin : row) {
            lin->detach(slot);
            if (lin->bias().defined()) lin->mutable_bias().clear_slot(slot);
        }
    for (const auto& name : model->kept_tensor_names()) {
        if (bias_names.count(name)) continue;
        model->tensor(name).clear_slot(slot);
    }
}

void Engine::Impl::remove(const std::string& name) {
    if (name == "base") throw Error("the base model cannot be detached");
    ModelChangeLock model_lock(*this);
    std::shared_ptr<serve::Tenant> tenant;
    {
        std::lock_guard<std::mutex> lock(tenants_mutex);
        auto it = tenants.find(name);
        if (it == tenants.end())
            throw Error("cannot detach '" + name + "': no such tenant is attached");
        tenant = it->second;
        tenants.erase(it);
    }
    tenant->detached = true;
    // Its requests end with "cancelled" at the worker's next step boundary, before any batch is
    // built (the worker needs the model lock we hold, so none of them can run against the cleared
    // slot).
    cancel_tenant(*tenant);
    unregister_slot(tenant->slot);
    std::lock_guard<std::mutex> lock(tenants_mutex);
    slot_used[static_cast<size_t>(tenant->slot)] = false;
}

std::vector<TenantInfo> Engine::Impl::tenant_infos() const {
    std::lock_guard<std::mutex> lock(tenants_mutex);
    std::vector<TenantInfo> out;
    auto info_of = [this](const serve::Tenant& t) {
        TenantInfo i;
        i.name = t.name;
        i.package_dir = t.package_dir;
        i.device_bytes = t.device_bytes;
        i.host_bytes = t.host_bytes + host_share(t.device_bytes);
        i.chat_template_source = t.chat_template_source;
        i.own_tokenizer = t.own_tokenizer;
        return i;
    };
    if (auto it = tenants.find("base"); it != tenants.end()) out.push_back(info_of(*it->second));
    for (const auto& [name, t] : tenants)
        if (name != "base") out.push_back(info_of(*t));
    return out;
}

}  // namespace bitdelta
