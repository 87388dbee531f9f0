// Multi-tenant decoding benchmark (DESIGN.md section 5): a 7B-shaped random base on the GPU and T =
// 1, 2, 4, 8, 16 random 1-bit tenants (random packed signs + scales; kept tensors shared with the
// base). Reports the device memory each extra tenant adds (target <= 1/14 of one fp16 model) and
// aggregate decode tokens/s with one stream per tenant, next to the base alone serving the same
// number of streams and next to T separate 16-bit models. T separate 7B models fit a GPU only up to
// its memory (about 5 on 80 GB, 10 on 141 GB), so their aggregate is derived from one model's
// measured single-stream decode rate: T models time-sliced on one GPU each make one token per own
// step, i.e. aggregate = one model's single-stream tokens/s (an upper bound for them: no switching
// cost, as if they all fitted). Rows where they would not fit this GPU are marked.
//   bench_serve [--small] [--steps N] [--tenants 1,2,4,8,16] [--json PATH]
// --small: a tiny model on the CPU (smoke test of the benchmark itself; numbers meaningless).
#include "model/decoder.h"
#include "serve/engine.h"
#include "serve/engine_inmemory.h"

#include <ATen/ATen.h>
#include <ATen/Context.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

using namespace bitdelta;
using Clock = std::chrono::steady_clock;

namespace {

struct Run {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<std::vector<Clock::time_point>> times;  // per request: time of every token event
    int finished = 0;
};

struct Rate {
    double tokens_per_second = 0, step_ms = 0;
    int64_t tokens = 0;
};

// Submits one stream per entry of `tenants`, waits, and measures the window in which every stream
// is decoding (after the last one got its first token, until the first one finished).
Rate decode_rate(Engine& engine, const std::vector<std::string>& tenants, int64_t steps,
                 int64_t vocab) {
    Run run;
    run.times.resize(tenants.size());
    for (size_t i = 0; i < tenants.size(); ++i) {
        ChatRequest r;
        r.tenant = tenants[i];
        for (int64_t j = 0; j < 16; ++j)
            r.prompt_ids.push_back((static_cast<int64_t>(i) * 131 + j * 17) % vocab);
        r.max_new_tokens = steps;
        r.ignore_eos = true;
        engine.submit(r, [&run, i](const StreamEvent& ev) {
            std::lock_guard<std::mutex> lock(run.mutex);
            if (ev.token_id >= 0) run.times[i].push_back(Clock::now());
            if (ev.finished) {
                ++run.finished;
                run.cv.notify_all();
            }
        });
    }
    std::unique_lock<std::mutex> lock(run.mutex);
    run.cv.wait(lock, [&] { return run.finished == static_cast<int>(tenants.size()); });
    Clock::time_point begin = Clock::time_point::min(), end = Clock::time_point::max();
    for (const auto& t : run.times) {
        if (t.empty()) continue;
        begin = std::max(begin, t.front());
        end = std::min(end, t.back());
    }
    Rate out;
    for (const auto& t : run.times)
        for (const auto& tp : t)
            if (tp > begin && tp <= end) ++out.tokens;
    const double secs = std::chrono::duration<double>(end - begin).count();
    if (secs > 0 && out.tokens > 0) {
        out.tokens_per_second = static_cast<double>(out.tokens) / secs;
        out.step_ms =
            1000.0 * secs / (static_cast<double>(out.tokens) / static_cast<double>(tenants.size()));
    }
    return out;
}

std::vector<int> parse_list(const std::string& s) {
    std::vector<int> out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ','))
        out.push_back(std::stoi(item));
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    bool small = false;
    int64_t steps = 64;
    std::vector<int> tenant_counts = {1, 2, 4, 8, 16};
    std::string json_path;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--small")
            small = true;
        else if (a == "--steps" && i + 1 < argc)
            steps = std::atoll(argv[++i]);
        else if (a == "--tenants" && i + 1 < argc)
            tenant_counts = parse_list(argv[++i]);
        else if (a == "--json" && i + 1 < argc)
            json_path = argv[++i];
    }
    if (!small && !at::hasCUDA()) {
        std::printf("bench_serve: no CUDA device; run with --small for a CPU smoke run\n");
        return 0;
    }
    ModelConfig cfg;
    cfg.vocab_size = small ? 512 : 32000;
    cfg.hidden_size = small ? 128 : 4096;
    cfg.intermediate_size = small ? 256 : 11008;
    cfg.num_hidden_layers = small ? 2 : 32;
    cfg.num_attention_heads = small ? 4 : 32;
    cfg.num_key_value_heads = small ? 4 : 32;
    cfg.max_position_embeddings = 4096;
    cfg.rms_norm_eps = 1e-5;
    LoadOptions load;
    load.device = small ? c10::Device(c10::kCPU) : c10::Device(c10::kCUDA, 0);
    load.dtype = small ? c10::kFloat : c10::kBFloat16;
    const std::string scratch =
        std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") +
        "/bitdelta-bench-serve-" + std::to_string(::getpid());

    const auto t0 = Clock::now();
    auto model = make_random_model(cfg, load, 1234, scratch);
    std::filesystem::remove_all(scratch);
    const double load_s = std::chrono::duration<double>(Clock::now() - t0).count();
    const ModelConfig real_cfg = model->config();
    EngineOptions options;
    options.max_batch_rows = 64;
    options.max_context_tokens = 4096;
    auto engine = make_engine(std::move(model), nullptr, std::nullopt, options);
    const MemoryUsage m0 = engine->memory();
    const double model16_bytes = static_cast<double>(real_cfg.parameter_count()) * 2.0;
    std::printf(
        "device: %s; random 7B-shaped base (%s) made in %.1f s; parameters %.3f B; base tensors "
        "%.2f GB; "
        "16-bit model %.2f GB\n",
        engine->device_name().c_str(), small ? "fp32, --small" : "bf16", load_s,
        static_cast<double>(real_cfg.parameter_count()) / 1e9,
        static_cast<double>(m0.base_device_bytes) / 1e9, model16_bytes / 1e9);

    // Warm-up (kernels, allocator) with the base.
    decode_rate(*engine, {"base"}, 8, real_cfg.vocab_size);

    std::vector<std::string> names;
    std::ostringstream json;
    json << "{\"device\": \"" << engine->device_name()
         << "\", \"model_bytes_16bit\": " << model16_bytes << ", \"steps\": " << steps
         << ", \"rows\": [";
    const Rate single = decode_rate(*engine, {"base"}, steps, real_cfg.vocab_size);
    std::printf(
        "one 16-bit model, one stream: %.1f tokens/s (%.2f ms/step) -> T separate models "
        "time-sliced on one "
        "GPU: %.1f tokens/s aggregate (derived, see header)\n",
        single.tokens_per_second, single.step_ms, single.tokens_per_second);
    std::printf("%4s %14s %14s %12s %16s %16s %14s %12s %12s\n", "T", "tenant_MB", "measured_MB",
                "frac_16bit", "multi_tok/s", "base_T_tok/s", "separate_tok/s", "vs_separate",
                "ms/step");
    bool first_row = true;
    for (int t : tenant_counts) {
        // Attach up to t tenants, measuring what each adds on the device (driver-level free memory)
        // and what the engine accounts for it (exact tensor bytes).
        int64_t measured = 0, accounted = 0, added = 0;
        while (static_cast<int>(names.size()) < t) {
            const std::string name = "tenant" + std::to_string(names.size());
            const int64_t free_before = engine->memory().device_free_bytes;
            InMemoryTenant tenant =
                make_random_tenant(engine_model(*engine), name, 100 + names.size());
            attach_in_memory(*engine, tenant);
            tenant = InMemoryTenant();  // the engine holds the signs now (no copy was made)
            const int64_t free_after = engine->memory().device_free_bytes;
            measured += free_before - free_after;
            for (const auto& info : engine->tenants())
                if (info.name == name) accounted += info.device_bytes;
            names.push_back(name);
            ++added;
        }
        const double per_tenant_mb = added ? static_cast<double>(accounted) / added / 1e6 : 0.0;
        const double measured_mb = added ? static_cast<double>(measured) / added / 1e6 : 0.0;
        std::vector<std::string> streams(names.begin(), names.begin() + t);
        const Rate multi = decode_rate(*engine, streams, steps, real_cfg.vocab_size);
        const Rate base_t =
            decode_rate(*engine, std::vector<std::string>(static_cast<size_t>(t), "base"), steps,
                        real_cfg.vocab_size);
        const double separate = single.tokens_per_second;  // T models time-sliced, one stream each
        const double device_bytes = static_cast<double>(m0.device_total_bytes);
        const double fits = device_bytes > 0 ? std::floor(device_bytes / model16_bytes) : 1e9;
        std::printf("%4d %14.1f %14.1f %12.4f %16.1f %16.1f %14.1f %11.2fx %12.2f%s\n", t,
                    per_tenant_mb, measured_mb, per_tenant_mb * 1e6 / model16_bytes,
                    multi.tokens_per_second, base_t.tokens_per_second, separate,
                    separate > 0 ? multi.tokens_per_second / separate : 0.0, multi.step_ms,
                    t > fits ? "  (T separate models would not fit this GPU)" : "");
        json << (first_row ? "" : ", ") << "{\"T\": " << t
             << ", \"tenant_bytes_accounted\": " << per_tenant_mb * 1e6
             << ", \"tenant_bytes_measured\": " << measured_mb * 1e6
             << ", \"multi_tokens_per_s\": " << multi.tokens_per_second
             << ", \"base_T_streams_tokens_per_s\": " << base_t.tokens_per_second
             << ", \"separate_models_tokens_per_s_derived\": " << separate
             << ", \"multi_ms_per_step\": " << multi.step_ms
             << ", \"base_ms_per_step\": " << base_t.step_ms << "}";
        first_row = false;
    }
    json << "]}";
    std::printf(
        "memory per extra tenant target: <= 1/14 = %.4f of a 16-bit model; throughput target: >= "
        "3x "
        "separate models at T = 8\n",
        1.0 / 14.0);
    if (!json_path.empty()) std::ofstream(json_path) << json.str() << "\n";
    return 0;
}
