// bitdelta serve: an OpenAI-compatible HTTP server over one base and its attached fine-tunes.
#include "command_registry.h"
#include "common/error.h"
#include "serve/engine.h"
#include "serve/http_server.h"
#include "terminal_progress.h"

#include <csignal>
#include <cstdio>
#include <memory>
#include <pthread.h>

namespace bitdelta::cli {
namespace {

struct ServeArgs {
    std::string base, device = "auto", dtype = "auto";
    std::vector<std::string> deltas;
    HttpServerOptions http;
    int64_t max_context = 4096, kv_cache_mb = 0, max_batch = 64;
    bool quiet = false;
};

void run_serve(ServeArgs& a) {
    EngineOptions options;
    options.device = a.device;
    options.dtype = a.dtype;
    options.max_context_tokens = a.max_context;
    options.kv_cache_bytes = a.kv_cache_mb << 20;
    options.max_batch_rows = a.max_batch;
    std::unique_ptr<Engine> engine;
    {
        TerminalProgress bar(a.quiet);
        engine = std::make_unique<Engine>(a.base, options, bar.progress());
        for (const auto& d : a.deltas) engine->attach(d, bar.progress());
    }
    // Every thread started from here on leaves SIGINT/SIGTERM to this one, which stops the server.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    HttpServer server(*engine, a.http);
    server.start();
    std::string models;
    for (const auto& t : engine->tenants()) models += (models.empty() ? "" : ", ") + t.name;
    std::fprintf(stderr, "serving %s on http://%s:%d/v1 (%s; Ctrl-C to stop)\n", models.c_str(),
                 a.http.host.c_str(), server.port(), engine->device_name().c_str());
    int sig = 0;
    sigwait(&signals, &sig);
    std::fprintf(stderr, "stopping\n");
    server.stop();
}

const CommandRegistrar kRegister("serve", 70, [](CLI::App& app) {
    auto args = std::make_shared<ServeArgs>();
    auto* cmd = app.add_subcommand("serve", "OpenAI-compatible HTTP server for a base and its fine-tunes");
    cmd->add_option("--base", args->base, "base model folder (HF checkpoint)")->required();
    cmd->add_option("--delta", args->deltas, "a .bitdelta package to attach (repeatable)");
    cmd->add_option("--host", args->http.host, "address to bind (loopback by default)")->capture_default_str();
    cmd->add_option("--port", args->http.port, "port (0 = any free port)")->capture_default_str();
    cmd->add_option("--max-body", args->http.max_body_bytes, "largest request body in bytes (413 above)")
        ->capture_default_str();
    cmd->add_option("--default-max-tokens", args->http.default_max_tokens, "max_tokens when a request has none")
        ->capture_default_str();
    cmd->add_option("--max-context", args->max_context, "tokens per request (prompt + answer)")->capture_default_str();
    cmd->add_option("--kv-cache-mb", args->kv_cache_mb, "KV cache budget in MiB (0 = automatic)")
        ->capture_default_str();
    cmd->add_option("--max-batch", args->max_batch, "decode rows per step")->capture_default_str();
    cmd->add_option("--device", args->device, "auto | cpu | cuda | cuda:N")->capture_default_str();
    cmd->add_option("--dtype", args->dtype, "auto | fp32 | bf16 | fp16")->capture_default_str();
    cmd->add_flag("-q,--quiet", args->quiet, "no progress on stderr");
    cmd->callback([args] { run_serve(*args); });
});

}  // namespace
}  // namespace bitdelta::cli
