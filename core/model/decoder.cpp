// Loading and forward orchestration of the Llama-family decoder. The per-layer blocks live in
// attention.cpp (attention + MLP), rotary in rope.cpp, RMSNorm in rms_norm.cpp.
#include "model/decoder.h"

#include "common/error.h"
#include "model/decoder_impl.h"
#include "model/rms_norm.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace bitdelta {

const char* to_string(LinearKind kind) {
    static const char* names[kLinearKinds] = {"q_proj",    "k_proj",  "v_proj",   "o_proj",
                                              "gate_proj", "up_proj", "down_proj"};
    return names[static_cast<int>(kind)];
}

namespace {

std::string layer_prefix(int64_t layer) { return "model.layers." + std::to_string(layer) + "."; }

std::string linear_module(int64_t layer, LinearKind kind) {
    const bool attn = kind == LinearKind::Q || kind == LinearKind::K || kind == LinearKind::V ||
                      kind == LinearKind::O;
    return layer_prefix(layer) + (attn ? "self_attn." : "mlp.") + to_string(kind);
}

std::string shape_string(at::IntArrayRef shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

// Which layers use the sliding window, following transformers 5: an explicit "layer_types" list wins;
// Qwen2 slides only when use_sliding_window is set and only from max_window_layers on; Mistral slides
// in every layer whenever sliding_window is set.
std::vector<bool> sliding_layers(const ModelConfig& c, std::optional<int64_t>& window) {
    std::vector<bool> sliding(static_cast<size_t>(c.num_hidden_layers), false);
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(c.raw_json.empty() ? std::string("{}") : c.raw_json);
    } catch (const std::exception&) {
        j = nlohmann::json::object();
    }
    window = c.sliding_window;
    if (j.contains("sliding_window")) {
        if (j["sliding_window"].is_number_integer()) window = j["sliding_window"].get<int64_t>();
        else if (j["sliding_window"].is_null()) window.reset();
    }
    if (c.family == ArchFamily::Qwen2 && !(j.value("use_sliding_window", false))) window.reset();
    if (!window || *window <= 0) {
        window.reset();
        return sliding;
    }
    if (j.contains("layer_types") && j["layer_types"].is_array() &&
        j["layer_types"].size() == sliding.size()) {
        for (size_t i = 0; i < sliding.size(); ++i)
            sliding[i] = j["layer_types"][i].is_string() &&
                         j["layer_types"][i].get<std::string>() == "sliding_attention";
        return sliding;
    }
    int64_t first = 0;
    if (c.family == ArchFamily::Qwen2)
        first = j.value("max_window_layers", static_cast<int64_t>(c.num_hidden_layers));
    for (int64_t i = first; i < c.num_hidden_layers; ++i) sliding[static_cast<size_t>(i)] = true;
    return sliding;
}

}  // namespace

LoadOptions resolve_load_options(const std::string& device, const std::string& dtype) {
    LoadOptions options;
    if (device == "auto") {
        options.device = at::hasCUDA() ? c10::Device(c10::kCUDA, 0) : c10::Device(c10::kCPU);
    } else if (device == "cpu") {
        options.device = c10::Device(c10::kCPU);
    } else if (device.rfind("cuda", 0) == 0) {
        if (!at::hasCUDA()) fail_at("--device " + device, "CUDA is not available in this build/machine");
        try {
            options.device = c10::Device(device);
        } catch (const std::exception&) {
            fail_at("--device " + device, "not a valid device (auto, cpu, cuda, cuda:N)");
        }
    } else {
        fail_at("--device " + device, "not a valid device (auto, cpu, cuda, cuda:N)");
    }
    if (dtype == "auto") {
        options.dtype = options.device.is_cpu() ? at::kFloat : at::kBFloat16;
    } else if (dtype == "fp32" || dtype == "float32") {
        options.dtype = at::kFloat;
    } else if (dtype == "bf16" || dtype == "bfloat16") {
        options.dtype = at::kBFloat16;
    } else if (dtype == "fp16" || dtype == "float16") {
        options.dtype = at::kHalf;
    } else {
        fail_at("--dtype " + dtype, "not a valid dtype (auto, fp32, bf16, fp16)");
    }
    if (options.device.is_cpu() && options.dtype != at::kFloat)
        fail_at("--dtype " + dtype, "the CPU computes in fp32 only");
    return options;
}

DecoderModel::DecoderModel(ModelConfig config, LoadOptions options, std::unique_ptr<Impl> impl)
    : config_(std::move(config)), options_(options), impl_(std::move(impl)) {}

DecoderModel::~DecoderModel() = default;

std::unique_ptr<DecoderModel> DecoderModel::load(const Checkpoint& checkpoint, const LoadOptions& options,
                                                 Progress& progress) {
    const WeightSet& weights = checkpoint.weights();
    WeightSource source;
    source.where = checkpoint.dir();
    source.contains = [&weights](const std::string& name) { return weights.contains(name); };
    source.get = [&weights](const std::string& name, const std::vector<int64_t>&) {
        return weights.tensor(name);
    };
    return load(checkpoint.config(), source, options, progress);
}

std::unique_ptr<DecoderModel> DecoderModel::load(const ModelConfig& config_in, const WeightSource& source,
                                                 const LoadOptions& options, Progress& progress) {
    ModelConfig config = config_in;
    const std::string& where = source.where;
    if (config.num_attention_heads <= 0 || config.hidden_size <= 0 || config.num_hidden_layers <= 0 ||
        config.vocab_size <= 0 || config.intermediate_size <= 0)
        fail_at(where, "config.json: hidden_size, intermediate_size, num_hidden_layers, "
                       "num_attention_heads and vocab_size must be positive");
    if (config.num_key_value_heads <= 0) config.num_key_value_heads = config.num_attention_heads;
    if (config.head_dim <= 0) config.head_dim = config.hidden_size / config.num_attention_heads;
    if (config.num_attention_heads % config.num_key_value_heads != 0)
        fail_at(where, "config.json: num_attention_heads (" + std::to_string(config.num_attention_heads) +
                           ") is not a multiple of num_key_value_heads (" +
                           std::to_string(config.num_key_value_heads) + ")");
    if (config.hidden_act != "silu" && config.hidden_act != "swish")
        fail_at(where, "config.json: hidden_act \"" + config.hidden_act + "\" is not supported (silu only)");
    if (options.device.is_cpu() && options.dtype != at::kFloat)
        fail_at(where, std::string("compute dtype ") + c10::toString(options.dtype) +
                           " is not supported on the CPU (fp32 only)");
    if (options.dtype != at::kFloat && options.dtype != at::kHalf && options.dtype != at::kBFloat16)
        fail_at(where, std::string("unsupported compute dtype ") + c10::toString(options.dtype));

    auto impl = std::make_unique<Impl>();
    const int64_t d = config.hidden_size, layers = config.num_hidden_layers;
    const int64_t q_out = config.num_attention_heads * config.head_dim;
    const int64_t kv_out = config.num_key_value_heads * config.head_dim;
    const bool tied = config.tie_word_embeddings;
    const int64_t total = 2 + (tied ? 0 : 1) + layers * (2 + kLinearKinds);
    int64_t done = 0;
    progress.begin_stage("Loading weights", where);

    // Tensors keep the mmap'd storage when dtype and device already match (`to` then returns self).
    auto fetch = [&](const std::string& name, std::vector<int64_t> shape, bool required) -> at::Tensor {
        progress.check_cancelled();
        if (!source.contains(name)) {
            if (required) fail_at(where, "missing tensor \"" + name + "\" (expected shape " +
                                             shape_string(shape) + ")");
            return at::Tensor();
        }
        at::Tensor t = source.get(name, shape);
        if (!t.defined()) fail_at(where, "tensor \"" + name + "\" could not be read");
        if (!t.sizes().equals(shape))
            fail_at(where, "tensor \"" + name + "\" has shape " + shape_string(t.sizes()) +
                               " but the config implies " + shape_string(shape));
        if (!at::isFloatingType(t.scalar_type()))
            fail_at(where, std::string("tensor \"") + name + "\" has non-float dtype " +
                               c10::toString(t.scalar_type()));
        return t.to(options.device, options.dtype);
    };
    auto step = [&](const std::string& name) {
        ++done;
        progress.update(static_cast<double>(done) / static_cast<double>(total), name);
    };

    const int64_t vocab = config.vocab_size;
    impl->embed = TenantTensor(fetch("model.embed_tokens.weight", {vocab, d}, true));
    impl->named["model.embed_tokens.weight"] = &impl->embed;
    step("model.embed_tokens.weight");
    impl->layers.resize(static_cast<size_t>(layers));
    std::optional<int64_t> window;
    const std::vector<bool> sliding = sliding_layers(config, window);
    impl->window = window;
    for (int64_t l = 0; l < layers; ++l) {
        LayerParams& layer = impl->layers[static_cast<size_t>(l)];
        layer.sliding = sliding[static_cast<size_t>(l)];
        const std::string p = layer_prefix(l);
        layer.input_norm = TenantTensor(fetch(p + "input_layernorm.weight", {d}, true));
        step(p + "input_layernorm.weight");
        layer.post_norm = TenantTensor(fetch(p + "post_attention_layernorm.weight", {d}, true));
        step(p + "post_attention_layernorm.weight");
        impl->named[p + "input_layernorm.weight"] = &layer.input_norm;
        impl->named[p + "post_attention_layernorm.weight"] = &layer.post_norm;
        for (int k = 0; k < kLinearKinds; ++k) {
            const auto kind = static_cast<LinearKind>(k);
            int64_t out = d, in = d;
            switch (kind) {
                case LinearKind::Q: out = q_out; break;
                case LinearKind::K:
                case LinearKind::V: out = kv_out; break;
                case LinearKind::O: in = q_out; break;
                case LinearKind::Gate:
                case LinearKind::Up: out = config.intermediate_size; break;
                case LinearKind::Down: in = config.intermediate_size; break;
            }
            const std::string module = linear_module(l, kind);
            const bool qkv = kind == LinearKind::Q || kind == LinearKind::K || kind == LinearKind::V;
            const bool mlp = k >= static_cast<int>(LinearKind::Gate);
            const bool bias_required = (qkv && config.attention_bias) || (mlp && config.mlp_bias);
            at::Tensor w = fetch(module + ".weight", {out, in}, true);
            at::Tensor b = fetch(module + ".bias", {out}, bias_required);
            layer.linears[static_cast<size_t>(k)] = std::make_shared<DenseLinear>(w, b);
            step(module + ".weight");
        }
    }
    impl->final_norm = TenantTensor(fetch("model.norm.weight", {d}, true));
    impl->named["model.norm.weight"] = &impl->final_norm;
    step("model.norm.weight");
    if (!tied) {
        impl->lm_head = TenantTensor(fetch("lm_head.weight", {vocab, d}, true));
        impl->named["lm_head.weight"] = &impl->lm_head;
        step("lm_head.weight");
    }
    impl->rope = Rope(config, options.device);
    return std::make_unique<DecoderModel>(std::move(config), options, std::move(impl));
}

std::shared_ptr<Linear>& DecoderModel::linear(int64_t layer, LinearKind kind) {
    if (layer < 0 || layer >= num_layers())
        fail_at("DecoderModel::linear", "layer " + std::to_string(layer) + " out of range");
    return impl_->layers[static_cast<size_t>(layer)].linears[static_cast<size_t>(kind)];
}

const std::shared_ptr<Linear>& DecoderModel::linear(int64_t layer, LinearKind kind) const {
    if (layer < 0 || layer >= num_layers())
        fail_at("DecoderModel::linear", "layer " + std::to_string(layer) + " out of range");
    return impl_->layers[static_cast<size_t>(layer)].linears[static_cast<size_t>(kind)];
}

TenantTensor& DecoderModel::tensor(const std::string& hf_name) {
    auto it = impl_->named.find(hf_name);
    if (it != impl_->named.end()) return *it->second;
    // Biases live in the linear layer currently installed at that position.
    for (int64_t l = 0; l < num_layers(); ++l) {
        for (int k = 0; k < kLinearKinds; ++k) {
            if (hf_name == linear_module(l, static_cast<LinearKind>(k)) + ".bias") {
                const auto& lin = linear(l, static_cast<LinearKind>(k));
                if (lin && lin->bias().defined()) {
                    // The Linear is owned by this (non-const) model; its bias slots are the model's.
                    return const_cast<TenantTensor&>(lin->bias());
                }
            }
        }
    }
    fail_at("DecoderModel::tensor", "unknown tensor \"" + hf_name + "\"");
}

std::vector<std::string> DecoderModel::kept_tensor_names() const {
    std::vector<std::string> names;
    names.push_back("model.embed_tokens.weight");
    for (int64_t l = 0; l < num_layers(); ++l) {
        names.push_back(layer_prefix(l) + "input_layernorm.weight");
        names.push_back(layer_prefix(l) + "post_attention_layernorm.weight");
        for (int k = 0; k < kLinearKinds; ++k) {
            const auto& lin = linear(l, static_cast<LinearKind>(k));
            if (lin && lin->bias().defined())
                names.push_back(linear_module(l, static_cast<LinearKind>(k)) + ".bias");
        }
    }
    names.push_back("model.norm.weight");
    if (impl_->lm_head.defined()) names.push_back("lm_head.weight");
    return names;
}

bool DecoderModel::layer_uses_sliding_window(int64_t layer) const {
    return impl_->layers.at(static_cast<size_t>(layer)).sliding;
}

KvCache DecoderModel::make_cache(int64_t capacity_tokens) const {
    return KvCache(config_.num_hidden_layers, config_.num_key_value_heads, config_.head_dim,
                   capacity_tokens, options_.dtype, options_.device);
}

at::Tensor DecoderModel::logits(const std::vector<int64_t>& ids) const {
    ForwardBatch batch;
    batch.input_ids = at::tensor(at::ArrayRef<int64_t>(ids), at::kLong).unsqueeze(0);
    return forward(batch).squeeze(0);
}

}  // namespace bitdelta
