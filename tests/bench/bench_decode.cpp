// Decode throughput of a 7B-shaped Llama (random weights made on the GPU, no file) for batch 1:
// a 128-token prompt, then 128 new tokens one at a time with the KV cache (greedy, argmax on the
// GPU). Prints one JSON line; bench_decode_reference.py times transformers on the same shapes in
// the same run and prints the ratio.
#include "model/decoder.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace bitdelta;

namespace {

int64_t arg(int argc, char** argv, const char* name, int64_t fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0) return std::atoll(argv[i + 1]);
    return fallback;
}

std::string arg_str(int argc, char** argv, const char* name, const std::string& fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
    return fallback;
}

double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

int main(int argc, char** argv) {
    if (!at::hasCUDA()) {
        std::printf("{\"skipped\": \"no CUDA\"}\n");
        return 0;
    }
    ModelConfig c;
    c.architecture = "LlamaForCausalLM";
    c.model_type = "llama";
    c.hidden_size = arg(argc, argv, "--hidden", 4096);
    c.intermediate_size = arg(argc, argv, "--intermediate", 11008);
    c.num_hidden_layers = arg(argc, argv, "--layers", 32);
    c.num_attention_heads = arg(argc, argv, "--heads", 32);
    c.num_key_value_heads = arg(argc, argv, "--kv-heads", 32);
    c.head_dim = c.hidden_size / c.num_attention_heads;
    c.vocab_size = arg(argc, argv, "--vocab", 32000);
    c.max_position_embeddings = 4096;
    c.rms_norm_eps = 1e-5;
    const int64_t prompt_len = arg(argc, argv, "--prompt", 128);
    const int64_t new_tokens = arg(argc, argv, "--new", 128);
    const std::string dtype_name = arg_str(argc, argv, "--dtype", "bf16");
    LoadOptions options{c10::Device(c10::kCUDA, 0),
                        dtype_name == "fp16" ? at::kHalf : at::kBFloat16};

    at::NoGradGuard no_grad;
    at::manual_seed(0);
    WeightSource source;
    source.where = "random 7B-shaped weights";
    source.contains = [](const std::string& name) {
        return name.find(".bias") == std::string::npos;
    };
    source.get = [&](const std::string& name, const std::vector<int64_t>& shape) {
        const auto opts = at::TensorOptions().dtype(options.dtype).device(options.device);
        if (name.find("norm") != std::string::npos) return at::ones(shape, opts);
        return at::randn(shape, opts).mul_(0.02);  // HF's initializer_range
    };
    const double t_load = now();
    const auto model = DecoderModel::load(c, source, options);
    const double load_seconds = now() - t_load;

    const auto ids_opts = at::TensorOptions().dtype(at::kLong).device(options.device);
    const at::Tensor prompt = at::randint(3, c.vocab_size, {1, prompt_len}, ids_opts);
    auto run = [&](int64_t steps, double& prefill_s, double& decode_s) {
        KvCache cache = model->make_cache(prompt_len + steps + 1);
        ForwardBatch batch;
        batch.caches = {&cache};
        batch.last_token_logits_only = true;
        batch.input_ids = prompt;
        (void)prompt.sum().item<int64_t>();  // synchronise before timing
        const double t0 = now();
        at::Tensor next = model->forward(batch).argmax(-1);  // [1, 1], stays on the GPU
        (void)next.item<int64_t>();
        const double t1 = now();
        for (int64_t i = 0; i < steps; ++i) {
            batch.input_ids = next;
            next = model->forward(batch).argmax(-1);
        }
        (void)next.item<int64_t>();
        prefill_s = t1 - t0;
        decode_s = now() - t1;
    };
    double prefill_s = 0, decode_s = 0;
    run(8, prefill_s, decode_s);  // warm-up (allocator, cuBLAS handles)
    run(new_tokens, prefill_s, decode_s);
    const double decode_tps = static_cast<double>(new_tokens) / decode_s;
    const double weight_bytes = static_cast<double>(c.parameter_count()) * 2.0;
    std::printf(
        "{\"bench\": \"decode\", \"dtype\": \"%s\", \"layers\": %lld, \"hidden\": %lld, "
        "\"prompt\": %lld, "
        "\"new_tokens\": %lld, \"load_s\": %.2f, \"prefill_s\": %.4f, \"decode_s\": %.4f, "
        "\"decode_tokens_per_s\": %.2f, \"ms_per_token\": %.3f, \"weight_gb_per_s\": %.1f}\n",
        dtype_name.c_str(), static_cast<long long>(c.num_hidden_layers),
        static_cast<long long>(c.hidden_size), static_cast<long long>(prompt_len),
        static_cast<long long>(new_tokens), load_seconds, prefill_s, decode_s, decode_tps,
        1000.0 * decode_s / static_cast<double>(new_tokens), weight_bytes * decode_tps / 1e9);
    return 0;
}
