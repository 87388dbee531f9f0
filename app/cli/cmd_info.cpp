// bitdelta info: what a HF checkpoint folder holds (architecture, shapes, dtype, sizes, tokenizer),
// as a table or as one JSON object for scripts.
#include "command_registry.h"
#include "demo_checkpoints.h"
#include "io/checkpoint.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <string>

namespace bitdelta::cli {
namespace {

struct InfoArgs {
    std::string dir;
    bool json = false;
};

// 1234567 -> "1.23M": the way model cards write parameter counts.
std::string human_count(int64_t n) {
    static const char* const kUnits[] = {"", "K", "M", "B", "T"};
    double v = static_cast<double>(n);
    size_t unit = 0;
    while (v >= 1000.0 && unit + 1 < sizeof kUnits / sizeof kUnits[0])
        v /= 1000.0, ++unit;
    char buf[32];
    if (unit == 0)
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(n));
    else
        std::snprintf(buf, sizeof buf, "%.3g%s", v, kUnits[unit]);
    return buf;
}

// Binary units, as memory is counted: 1536 -> "1.50 KiB".
std::string human_bytes(uint64_t n) {
    static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(n);
    size_t unit = 0;
    while (v >= 1024.0 && unit + 1 < sizeof kUnits / sizeof kUnits[0])
        v /= 1024.0, ++unit;
    char buf[32];
    if (unit == 0)
        std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(n));
    else
        std::snprintf(buf, sizeof buf, "%.2f %s", v, kUnits[unit]);
    return buf;
}

nlohmann::json to_json(const CheckpointSummary& s) {
    return {
        {"dir", s.dir},
        {"architecture", s.architecture},
        {"model_type", s.model_type},
        {"layers", s.layers},
        {"hidden_size", s.hidden},
        {"intermediate_size", s.intermediate},
        {"attention_heads", s.heads},
        {"kv_heads", s.kv_heads},
        {"vocab_size", s.vocab},
        {"dtype", s.dtype},
        {"parameters", s.parameters},
        {"weight_bytes", s.weight_bytes},
        {"size_on_disk_bytes", s.size_on_disk},
        {"memory_estimate_bytes", s.memory_estimate_bytes},
        {"shards", s.shards},
        {"tokenizer_kind", s.tokenizer_kind},
        {"has_chat_template", s.has_chat_template},
    };
}

void print_text(const CheckpointSummary& s) {
    const auto ll = [](int64_t v) { return static_cast<long long>(v); };
    const auto ull = [](uint64_t v) { return static_cast<unsigned long long>(v); };
    std::printf("folder          %s\n", s.dir.c_str());
    std::printf("architecture    %s\n", s.architecture.c_str());
    std::printf("model type      %s\n", s.model_type.c_str());
    std::printf("layers          %lld\n", ll(s.layers));
    std::printf("hidden size     %lld\n", ll(s.hidden));
    std::printf("intermediate    %lld\n", ll(s.intermediate));
    std::printf("heads           %lld (kv heads %lld)\n", ll(s.heads), ll(s.kv_heads));
    std::printf("vocab           %lld\n", ll(s.vocab));
    std::printf("dtype           %s\n", s.dtype.c_str());
    std::printf("parameters      %s (%lld)\n", human_count(s.parameters).c_str(), ll(s.parameters));
    std::printf("weight bytes    %s (%llu)\n", human_bytes(s.weight_bytes).c_str(),
                ull(s.weight_bytes));
    std::printf("size on disk    %s (%llu)\n", human_bytes(s.size_on_disk).c_str(),
                ull(s.size_on_disk));
    std::printf("memory estimate %s (%llu: weights + 2048-token KV cache)\n",
                human_bytes(s.memory_estimate_bytes).c_str(), ull(s.memory_estimate_bytes));
    std::printf("shards          %d\n", s.shards);
    std::printf("tokenizer       %s\n", s.tokenizer_kind.c_str());
    std::printf("chat template   %s\n", s.has_chat_template ? "yes" : "no");
}

// Order 10: the first verb in --help, since looking at a folder comes before compressing it.
const CommandRegistrar kRegister("info", 10, [](CLI::App& app) {
    auto args = std::make_shared<InfoArgs>();
    auto* cmd =
        app.add_subcommand("info", "Show what a HF checkpoint folder holds: shapes, dtype, sizes");
    cmd->add_option(
        "dir", args->dir,
        "the checkpoint folder (config.json + safetensors; default: the bundled demo base)");
    cmd->add_flag("--json", args->json, "one JSON object with the same fields (exact numbers)");
    cmd->callback([args] {
        default_to_demo_base(args->dir, "info");
        const CheckpointSummary s =
            summarize_checkpoint(args->dir);  // throws Error naming the fault
        if (args->json)
            std::printf("%s\n", to_json(s).dump(2).c_str());
        else
            print_text(s);
    });
});

}  // namespace
}  // namespace bitdelta::cli
