// bitdelta generate: load a checkpoint folder and stream a continuation of a prompt (or a chat
// reply) to stdout.
#include "command_registry.h"
#include "demo_checkpoints.h"
#include "common/error.h"
#include "io/checkpoint.h"
#include "model/decoder.h"
#include "model/generate.h"
#include "sampling_options.h"
#include "terminal_progress.h"
#include "text/chat_template.h"
#include "text/tokenizer.h"

#include <cstdio>
#include <memory>

namespace bitdelta::cli {
namespace {

struct GenerateArgs {
    std::string model, prompt, system, device = "auto", dtype = "auto";
    bool chat = false, quiet = false;
    SamplingSettings sampling;
    int64_t max_tokens = 256;
    std::vector<std::string> stop;
};

void run_generate(GenerateArgs a) {
    default_to_demo_finetune(a.model, "generate");
    TerminalProgress bar(a.quiet);
    const LoadOptions options = resolve_load_options(a.device, a.dtype);
    const Checkpoint checkpoint = Checkpoint::open(a.model);
    const auto tokenizer = Tokenizer::load(a.model);
    const auto model = DecoderModel::load(checkpoint, options, bar.progress());

    std::vector<int64_t> prompt;
    if (a.chat) {
        if (!checkpoint.chat_template())
            fail_at(a.model,
                    "--chat needs a chat template (tokenizer_config.json or chat_template.jinja)");
        const ChatTemplate tmpl(*checkpoint.chat_template());
        std::vector<ChatMessage> messages;
        if (!a.system.empty()) messages.push_back({"system", a.system});
        messages.push_back({"user", a.prompt});
        const std::string text =
            tmpl.render(messages, true, tokenizer->bos_token(), tokenizer->eos_token());
        prompt = tokenizer->encode(text, /*add_special=*/false);  // the template writes BOS itself
    } else {
        if (!a.system.empty()) fail_at("--system", "only valid with --chat");
        prompt = tokenizer->encode(a.prompt, /*add_special=*/true);
    }
    StopConditions stop;
    stop.max_new_tokens = a.max_tokens;
    stop.stop_strings = a.stop;
    stop.eos_ids = checkpoint.config().eos_token_ids;
    if (tokenizer->eos_id()) stop.eos_ids.push_back(*tokenizer->eos_id());
    if (a.chat)  // chat templates end turns with their own marker (e.g. <|im_end|>, <|eot_id|>)
        for (const char* marker : {"<|im_end|>", "<|eot_id|>", "<|end|>", "<end_of_turn>"})
            if (auto id = tokenizer->token_to_id(marker)) stop.eos_ids.push_back(*id);

    const GenerationResult r = generate(
        *model, *tokenizer, prompt, a.sampling, stop,
        [](int64_t, const std::string& piece) {
            std::fwrite(piece.data(), 1, piece.size(), stdout);
            std::fflush(stdout);
            return true;
        },
        bar.progress());
    std::printf("\n");
    if (!a.quiet)
        std::fprintf(stderr, "[%zu prompt tokens, %zu new tokens, %.2f tokens/s, finish: %s]\n",
                     prompt.size(), r.tokens.size(), r.tokens_per_second,
                     to_string(r.finish).c_str());
    if (r.context_limited && !a.quiet)
        std::fprintf(stderr,
                     "[stopped at the model's context of %lld tokens (max_position_embeddings)]\n",
                     static_cast<long long>(prompt.size() + r.tokens.size()));
    if (r.finish == FinishReason::Cancelled) throw Cancelled();
}

const CommandRegistrar kRegister("generate", 50, [](CLI::App& app) {
    auto args = std::make_shared<GenerateArgs>();
    auto* cmd = app.add_subcommand("generate",
                                   "Generate text from a checkpoint folder (streams to stdout)");
    cmd->add_option("--model", args->model,
                    "HF checkpoint folder (default: the bundled demo fine-tune)");
    cmd->add_option("--prompt", args->prompt, "prompt text (the user message with --chat)")
        ->required();
    cmd->add_flag("--chat", args->chat, "render the prompt with the model's chat template");
    cmd->add_option("--system", args->system, "system message (with --chat)");
    cmd->add_option("--max-tokens", args->max_tokens, "maximum new tokens")->capture_default_str();
    add_sampling_options(cmd, args->sampling);
    cmd->add_option("--stop", args->stop, "stop string (repeatable)");
    cmd->add_option("--device", args->device, "auto | cpu | cuda | cuda:N")->capture_default_str();
    cmd->add_option("--dtype", args->dtype, "auto | fp32 | bf16 | fp16")->capture_default_str();
    cmd->add_flag("-q,--quiet", args->quiet, "no progress or statistics on stderr");
    cmd->callback([args] { run_generate(*args); });
});

}  // namespace
}  // namespace bitdelta::cli
