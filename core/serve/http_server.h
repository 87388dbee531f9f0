#pragma once
// OpenAI-compatible HTTP server over an Engine: GET /v1/models, POST /v1/chat/completions (JSON and
// server-sent-event streaming), GET /health. Every connection has its own thread and reads its
// request's events from a queue, so a slow or vanished client never stalls the engine or other
// requests (a failed write cancels that request). Plain types only.
#include "serve/engine.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace bitdelta {

struct HttpServerOptions {
    std::string host = "127.0.0.1";  // loopback unless the user asks for more
    int port = 8000;                 // 0 = any free port (see HttpServer::port())
    size_t max_body_bytes = 1 << 20;  // larger bodies get 413
    int threads = 32;                 // concurrent connections served
    int64_t default_max_tokens = 512;
    int write_timeout_seconds = 10;  // a client that takes no data for this long is dropped
};

class HttpServer {
public:
    HttpServer(Engine& engine, HttpServerOptions options);
    ~HttpServer();  // stops serving; cancels the requests it started
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds (throws Error naming host:port when it cannot); returns the bound port.
    int bind();
    int port() const;
    // Serves until stop() (blocking). bind() first.
    void run();
    // bind() + run() on a background thread.
    void start();
    void stop();

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace bitdelta
