#pragma once
// In-process entry points that hand the engine tensors instead of folders: tests build tenants from
// kernels::pack_signs, and the benchmark builds a 7B-shaped random base on the GPU. Uses LibTorch
// types, so the UI never includes this header (it uses engine.h).
#include "model/decoder.h"
#include "serve/engine.h"
#include "text/tokenizer.h"

#include <ATen/core/Tensor.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bitdelta {

struct InMemoryTenant {
    std::string name;
    // HF weight name of a decoder linear -> (packed signs int32 [N, ceil(K/32)], scale alpha)
    std::map<std::string, std::pair<at::Tensor, float>> deltas;
    // Kept tensors by HF name (embeddings, lm_head, norms, biases); ones equal to the base's are
    // shared.
    std::map<std::string, at::Tensor> kept;
    std::shared_ptr<const Tokenizer> tokenizer;  // null: the base's
    std::optional<std::string> chat_template;    // template source; nullopt: the base's
    std::optional<std::vector<int64_t>>
        eos_ids;  // nullopt: from the tokenizer (+ the base's config ids)
};

// An engine over an already loaded model (its linears get wrapped in DeltaLinear). The base tenant
// uses `tokenizer` (may be null: requests then carry prompt_ids) and `chat_template` (source text).
std::unique_ptr<Engine> make_engine(std::unique_ptr<DecoderModel> model,
                                    std::shared_ptr<const Tokenizer> tokenizer,
                                    const std::optional<std::string>& chat_template,
                                    const EngineOptions& options);

// Attaches a tenant given as tensors; same rules and sharing as Engine::attach.
std::string attach_in_memory(Engine& engine, const InMemoryTenant& tenant);

// A model of `config`'s shapes with random weights (linears ~N(0, 0.02), norms 1) made on
// `options`' device, without reading real weights: a sparse placeholder checkpoint is written under
// `scratch_dir` (no disk blocks used), loaded, and every tensor is then replaced by a random one.
std::unique_ptr<DecoderModel> make_random_model(const ModelConfig& config,
                                                const LoadOptions& options, uint64_t seed,
                                                const std::string& scratch_dir);

// The engine's model (its linears are DeltaLinear), e.g. to make tenants of matching shapes.
const DecoderModel& engine_model(Engine& engine);

// Random tenant for `model` (signs uniformly random, alpha ~ 1e-3; kept tensors not given, so they
// are all shared with the base).
InMemoryTenant make_random_tenant(const DecoderModel& model, const std::string& name,
                                  uint64_t seed);

}  // namespace bitdelta
