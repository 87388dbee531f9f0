// Compression benchmark at Llama-2-7B shapes (DESIGN 5: "compression without distillation of a
// 7B-shaped pair: under 30 s on one H100 plus load time"). The pair is random and made on the GPU
// in memory (no 13 GB files): per matrix, W_base and W_ft = W_base + N(0, 1e-3) in bf16 are
// generated (not timed), then the compressor's own first pass (delta in fp32, kernels::pack_signs,
// alpha = mean|delta|, statistics, signs copied to host) is timed. Then one scale-distillation
// setup over a 7B-shaped fine-tune: seconds per step (batch 4, seq 128, bf16) and peak GPU memory.
//
//   bench_compress [--layers N] [--steps N]
#include "bitdelta/internal.h"
#include "bitdelta_kernels.h"
#include "model/decoder.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#ifdef BITDELTA_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#endif

using namespace bitdelta;

namespace {

#ifdef BITDELTA_WITH_CUDA
ModelConfig llama2_7b(int64_t layers) {
    ModelConfig c;
    c.architecture = "LlamaForCausalLM";
    c.model_type = "llama";
    c.family = ArchFamily::Llama;
    c.vocab_size = 32000;
    c.hidden_size = 4096;
    c.intermediate_size = 11008;
    c.num_hidden_layers = layers;
    c.num_attention_heads = 32;
    c.num_key_value_heads = 32;
    c.head_dim = 128;
    c.max_position_embeddings = 4096;
    c.rms_norm_eps = 1e-5;
    c.torch_dtype = "bfloat16";
    c.bos_token_ids = {1};
    c.eos_token_ids = {2};
    return c;
}

double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

double peak_gib() {
    auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(0);
    return static_cast<double>(stats.allocated_bytes[0].peak) / (1ull << 30);
}
void reset_peak() {
    c10::cuda::CUDACachingAllocator::resetPeakStats(0);
}
#endif

}  // namespace

int main(int argc, char** argv) {
    [[maybe_unused]] int64_t layers = 32, steps = 6;
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--layers")) layers = std::stoll(argv[i + 1]);
        if (!std::strcmp(argv[i], "--steps")) steps = std::stoll(argv[i + 1]);
    }
#ifndef BITDELTA_WITH_CUDA
    std::printf("bench_compress: built without CUDA; nothing to measure\n");
    return 0;
#else
    if (!at::hasCUDA()) {
        std::printf("bench_compress: no CUDA device\n");
        return 0;
    }
    at::NoGradGuard no_grad_outer;
    const ModelConfig config = llama2_7b(layers);
    const auto names = compressed_weight_names(config);
    const auto cuda = at::TensorOptions().device(at::kCUDA);
    at::manual_seed(0);

    // ---- 1. Delta + packing (the compressor's first pass), excluding load/generation.
    reset_peak();
    double timed = 0;
    std::vector<at::Tensor> packed;
    std::vector<double> alphas;
    for (const auto& name : names) {
        const auto shape = expected_matrix_shape(config, name);
        at::Tensor base = (at::randn(shape, cuda) * 0.02).to(at::kBFloat16);
        at::Tensor ft = (base.to(at::kFloat) + at::randn(shape, cuda) * 1e-3).to(at::kBFloat16);
        c10::cuda::device_synchronize();
        const double t0 = now_s();
        at::Tensor delta = ft.to(at::kFloat) - base.to(at::kFloat);
        DeltaSummary d =
            summarize_delta(name, delta);  // ends with the signs on the host (synchronises)
        timed += now_s() - t0;
        packed.push_back(d.packed);
        alphas.push_back(d.alpha);
    }
    std::printf("## bench_compress (Llama-2-7B shapes, %lld layers, %zu matrices)\n\n",
                static_cast<long long>(layers), names.size());
    std::printf("| measure | value |\n| --- | --- |\n");
    std::printf("| delta + sign packing + alpha + stats, all matrices (s) | %.2f |\n", timed);
    std::printf("| target (DESIGN 5) | < 30 s |\n");
    std::printf("| peak GPU memory, first pass (GiB) | %.2f |\n", peak_gib());
    std::fflush(stdout);

    // ---- 2. Scale distillation: a 7B-shaped fine-tune (teacher) + base weights + unpacked signs.
    reset_peak();
    WeightSource source;
    source.where = "random 7B";
    source.contains = [](const std::string&) { return true; };
    source.get = [&](const std::string&, const std::vector<int64_t>& shape) {
        return (at::randn(shape, cuda) * 0.02).to(at::kBFloat16);
    };
    auto model =
        DecoderModel::load(config, source, LoadOptions{c10::Device(c10::kCUDA, 0), at::kBFloat16});
    DistillSession session(
        *model, names,
        [&](const std::string& n) {
            return (at::randn(expected_matrix_shape(config, n), cuda) * 0.02).to(at::kBFloat16);
        },
        packed, alphas);
    CalibrationSet calib;
    auto gen = at::randint(3, 32000, {steps * 4, 128}, at::TensorOptions().dtype(at::kLong));
    for (int64_t i = 0; i < steps * 4; ++i) {
        at::Tensor row = gen[i].contiguous();
        calib.sequences.emplace_back(row.data_ptr<int64_t>(), row.data_ptr<int64_t>() + 128);
    }
    calib.source = "random tokens";
    std::vector<double> step_times;
    double last = now_s();
    DistillSettings ds;
    ds.steps = steps;
    at::GradMode::set_enabled(true);
    DistillResult r = distill_scales(session, calib, ds, Progress::silent(),
                                     [&](int64_t, int64_t, double, double) {
                                         const double t = now_s();
                                         step_times.push_back(t - last);
                                         last = t;
                                     });
    double per_step = 0;
    for (size_t i = 1; i < step_times.size(); ++i)
        per_step += step_times[i];
    per_step /= std::max<size_t>(1, step_times.size() - 1);
    std::printf(
        "| distillation: seconds per step (batch 4, seq 128, bf16; mean of steps 2..%lld) | %.3f "
        "|\n",
        static_cast<long long>(steps), per_step);
    std::printf("| distillation: 200 steps extrapolated (s) | %.1f |\n", 200 * per_step);
    std::printf("| peak GPU memory, distillation (GiB) | %.2f |\n", peak_gib());
    std::printf("| first-step logit MSE | %.4g |\n", r.trace.initial_loss);
    return 0;
#endif
}
