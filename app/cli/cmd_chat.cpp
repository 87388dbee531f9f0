// bitdelta chat: one base, several attached fine-tunes; every prompt read from stdin goes to every
// tenant at once (they decode in one batch) and the answers print as one block per tenant, each
// keeping its own conversation history.
#include "command_registry.h"
#include "common/error.h"
#include "sampling_options.h"
#include "serve/engine.h"
#include "terminal_progress.h"

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <iostream>
#include <memory>
#include <mutex>
#include <unistd.h>

namespace bitdelta::cli {
namespace {

struct ChatArgs {
    std::string base, system, device = "auto", dtype = "auto";
    std::vector<std::string> deltas, stop;
    bool with_base = false, quiet = false;
    ChatRequest sampling;
    int64_t max_context = 4096;
};

struct Stream {
    std::mutex mutex;
    std::condition_variable cv;
    std::deque<StreamEvent> events;
};

void run_chat(ChatArgs& a) {
    EngineOptions options;
    options.device = a.device;
    options.dtype = a.dtype;
    options.max_context_tokens = a.max_context;
    std::unique_ptr<Engine> engine;
    std::vector<std::string> names;
    {
        TerminalProgress bar(a.quiet);
        engine = std::make_unique<Engine>(a.base, options, bar.progress());
        for (const auto& d : a.deltas)
            names.push_back(engine->attach(d, bar.progress()));
    }
    if (names.empty() || a.with_base) names.insert(names.begin(), "base");
    if (!a.quiet) {
        std::fprintf(stderr, "%s: chatting with", engine->device_name().c_str());
        for (const auto& n : names)
            std::fprintf(stderr, " %s", n.c_str());
        std::fprintf(stderr, " (one prompt per line; Ctrl-D to end)\n");
    }
    std::vector<std::vector<ChatMessage>> history(names.size());
    for (auto& h : history)
        if (!a.system.empty()) h.push_back({"system", a.system});

    std::string line;
    while (true) {
        if (!a.quiet && isatty(0)) std::fprintf(stderr, "> "), std::fflush(stderr);
        if (!std::getline(std::cin, line)) break;
        if (line.empty()) continue;
        // Submit to every tenant first so that all answers are generated in one batch.
        std::vector<std::shared_ptr<Stream>> streams;
        for (size_t i = 0; i < names.size(); ++i) {
            history[i].push_back({"user", line});
            ChatRequest r = a.sampling;
            r.tenant = names[i];
            r.messages = history[i];
            r.stop = a.stop;
            auto s = std::make_shared<Stream>();
            engine->submit(r, [s](const StreamEvent& ev) {
                {
                    std::lock_guard<std::mutex> lock(s->mutex);
                    s->events.push_back(ev);
                }
                s->cv.notify_all();
            });
            streams.push_back(s);
        }
        // Print one block per tenant, streaming the one being shown.
        for (size_t i = 0; i < names.size(); ++i) {
            std::printf("[%s] ", names[i].c_str());
            std::string answer;
            StreamEvent last;
            for (bool done = false; !done;) {
                std::unique_lock<std::mutex> lock(streams[i]->mutex);
                streams[i]->cv.wait(lock, [&] { return !streams[i]->events.empty(); });
                for (const auto& ev : streams[i]->events) {
                    std::fwrite(ev.text.data(), 1, ev.text.size(), stdout);
                    answer += ev.text;
                    if (ev.finished) {
                        done = true;
                        last = ev;
                    }
                }
                streams[i]->events.clear();
                std::fflush(stdout);
            }
            std::printf("\n");
            if (last.finish_reason == "error")
                std::fprintf(stderr, "[%s] error: %s\n", names[i].c_str(), last.error.c_str());
            if (!a.quiet)
                std::fprintf(stderr, "[%s: %lld prompt + %lld new tokens, %.1f tokens/s, %s]\n",
                             names[i].c_str(), static_cast<long long>(last.prompt_tokens),
                             static_cast<long long>(last.completion_tokens), last.tokens_per_second,
                             last.finish_reason.c_str());
            history[i].push_back({"assistant", answer});
        }
        std::fflush(stdout);
    }
}

const CommandRegistrar kRegister("chat", 60, [](CLI::App& app) {
    auto args = std::make_shared<ChatArgs>();
    args->sampling.max_new_tokens = 256;
    auto* cmd = app.add_subcommand(
        "chat", "Chat with several fine-tunes over one base (prompts from stdin)");
    cmd->add_option("--base", args->base, "base model folder (HF checkpoint)")->required();
    cmd->add_option("--delta", args->deltas, "a .bitdelta package to attach (repeatable)");
    cmd->add_flag("--with-base", args->with_base, "also answer with the base model itself");
    cmd->add_option("--system", args->system, "system message for every conversation");
    cmd->add_option("--max-tokens", args->sampling.max_new_tokens, "maximum new tokens per answer")
        ->capture_default_str();
    cmd->add_flag("--ignore-eos", args->sampling.ignore_eos,
                  "answer with --max-tokens tokens, past the end-of-sequence token (equal "
                  "lengths compare tokens/s; the studio's \"Run to the token limit\")");
    add_sampling_options(cmd, args->sampling);
    cmd->add_option("--stop", args->stop, "stop string (repeatable)");
    cmd->add_option("--max-context", args->max_context, "tokens per conversation (prompt + answer)")
        ->capture_default_str();
    cmd->add_option("--device", args->device, "auto | cpu | cuda | cuda:N")->capture_default_str();
    cmd->add_option("--dtype", args->dtype, "auto | fp32 | bf16 | fp16")->capture_default_str();
    cmd->add_flag("-q,--quiet", args->quiet, "no progress or statistics on stderr");
    cmd->callback([args] { run_chat(*args); });
});

}  // namespace
}  // namespace bitdelta::cli
