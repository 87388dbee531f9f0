// A random model of a given shape for benchmarks, made on the device without a real checkpoint.
#include "common/error.h"
#include "io/checkpoint.h"
#include "io/safetensors.h"
#include "model/linear.h"
#include "serve/engine_inmemory.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <fcntl.h>

namespace bitdelta {
namespace fs = std::filesystem;
namespace {

// Writes a safetensors file whose data section is a hole (ftruncate): loading reads zeros and the
// file takes no disk space however large the model.
void write_sparse_safetensors(
    const std::string& path,
    const std::vector<std::pair<std::string, std::vector<int64_t>>>& tensors,
    const std::string& dtype, size_t elem) {
    nlohmann::json header = nlohmann::json::object();
    uint64_t offset = 0;
    for (const auto& [name, shape] : tensors) {
        uint64_t n = elem;
        for (int64_t d : shape)
            n *= static_cast<uint64_t>(d);
        header[name] = {{"dtype", dtype}, {"shape", shape}, {"data_offsets", {offset, offset + n}}};
        offset += n;
    }
    header["__metadata__"] = {{"format", "pt"}};
    std::string text = header.dump();
    while ((text.size() + 8) % 8 != 0)
        text += ' ';
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    const uint64_t len = text.size();
    char lenbytes[8];
    for (int i = 0; i < 8; ++i)
        lenbytes[i] = static_cast<char>((len >> (8 * i)) & 0xff);
    out.write(lenbytes, 8);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) throw Error(path + ": could not write the placeholder header");
    if (truncate(path.c_str(), static_cast<off_t>(8 + len + offset)) != 0)
        throw Error(path + ": could not size the placeholder file");
}

}  // namespace

std::unique_ptr<DecoderModel> make_random_model(const ModelConfig& cfg, const LoadOptions& options,
                                                uint64_t seed, const std::string& scratch_dir) {
    at::NoGradGuard no_grad;
    fs::create_directories(scratch_dir);
    const bool half = options.dtype == at::kHalf;
    const bool bf16 = options.dtype == at::kBFloat16;
    const std::string st_dtype = bf16 ? "BF16" : half ? "F16" : "F32";
    const size_t elem = (bf16 || half) ? 2 : 4;
    nlohmann::json config = {{"architectures", {"LlamaForCausalLM"}},
                             {"model_type", "llama"},
                             {"hidden_size", cfg.hidden_size},
                             {"intermediate_size", cfg.intermediate_size},
                             {"num_hidden_layers", cfg.num_hidden_layers},
                             {"num_attention_heads", cfg.num_attention_heads},
                             {"num_key_value_heads", cfg.num_key_value_heads},
                             {"vocab_size", cfg.vocab_size},
                             {"max_position_embeddings", cfg.max_position_embeddings},
                             {"rms_norm_eps", cfg.rms_norm_eps},
                             {"rope_theta", cfg.rope_theta},
                             {"tie_word_embeddings", false},
                             {"hidden_act", "silu"},
                             {"bos_token_id", 1},
                             {"eos_token_id", 2},
                             {"torch_dtype", bf16   ? "bfloat16"
                                             : half ? "float16"
                                                    : "float32"}};
    std::ofstream(fs::path(scratch_dir) / "config.json") << config.dump(2);
    const ModelConfig parsed = load_model_config((fs::path(scratch_dir) / "config.json").string());

    std::vector<std::pair<std::string, std::vector<int64_t>>> tensors;
    const int64_t h = parsed.hidden_size, v = parsed.vocab_size, f = parsed.intermediate_size;
    const int64_t hd = parsed.head_dim, nh = parsed.num_attention_heads,
                  kvh = parsed.num_key_value_heads;
    tensors.push_back({"model.embed_tokens.weight", {v, h}});
    tensors.push_back({"lm_head.weight", {v, h}});
    tensors.push_back({"model.norm.weight", {h}});
    const std::vector<std::vector<int64_t>> shapes = {
        {nh * hd, h}, {kvh * hd, h}, {kvh * hd, h}, {h, nh * hd}, {f, h}, {f, h}, {h, f}};
    for (int64_t l = 0; l < parsed.num_hidden_layers; ++l) {
        const std::string p = "model.layers." + std::to_string(l) + ".";
        tensors.push_back({p + "input_layernorm.weight", {h}});
        tensors.push_back({p + "post_attention_layernorm.weight", {h}});
        const auto names = parsed.linear_weight_names(l);
        for (size_t k = 0; k < names.size(); ++k)
            tensors.push_back({names[k], shapes[k]});
    }
    write_sparse_safetensors((fs::path(scratch_dir) / "model.safetensors").string(), tensors,
                             st_dtype, elem);

    const Checkpoint ckpt = Checkpoint::open(scratch_dir);
    auto model = DecoderModel::load(ckpt, options);
    at::manual_seed(seed);
    const auto opts = at::TensorOptions().device(options.device).dtype(options.dtype);
    for (int64_t l = 0; l < model->num_layers(); ++l)
        for (int k = 0; k < kLinearKinds; ++k) {
            auto& lin = model->linear(l, static_cast<LinearKind>(k));
            const int64_t n = lin->out_features(), kk = lin->in_features();
            lin.reset();  // frees the placeholder before the random weight is made
            lin = std::make_shared<DenseLinear>(at::randn({n, kk}, opts).mul_(0.02), at::Tensor());
        }
    for (const auto& name : model->kept_tensor_names()) {
        TenantTensor& t = model->tensor(name);
        const at::Tensor& b = t.base();
        t.set_slot(0, b.dim() == 1 ? at::ones_like(b) : at::randn(b.sizes(), opts).mul_(0.02));
    }
    return model;
}

}  // namespace bitdelta
