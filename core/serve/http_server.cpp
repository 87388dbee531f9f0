// The OpenAI-compatible HTTP server (cpp-httplib). Engine events go into a per-request queue that
// the connection's own thread drains, so the engine's worker never waits on a socket.
#include "serve/http_server.h"

#include "common/error.h"
#include "serve/openai_protocol.h"

#ifdef BITDELTA_WITH_HTTP
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include <sys/socket.h>

namespace bitdelta {
namespace {

struct EventQueue {
    std::mutex mutex;
    std::condition_variable cv;
    std::deque<StreamEvent> events;
    bool finished = false;  // the final event was written out (streaming) / received (JSON)
};

void send_error(httplib::Response& res, int status, const std::string& message,
                const std::string& type, const std::string& param = {},
                const std::string& code = {}) {
    res.status = status;
    res.set_content(openai::error_body(message, type, param, code), "application/json");
}

std::string status_message(int status) {
    switch (status) {
        case 404:
            return "unknown endpoint";
        case 405:
            return "method not allowed";
        case 413:
            return "request body too large";
        case 400:
            return "bad request";
        default:
            return "HTTP error " + std::to_string(status);
    }
}

}  // namespace

struct HttpServer::Impl {
    Engine& engine;
    HttpServerOptions options;
    httplib::Server server;
    int port = -1;
    socket_t listen_socket = INVALID_SOCKET;
    std::thread thread;
    std::atomic<uint64_t> counter{0};
    int64_t created = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
    std::mutex ids_mutex;
    std::set<RequestId> ids;  // requests this server started and that have not finished

    Impl(Engine& e, HttpServerOptions o) : engine(e), options(std::move(o)) {}

    void forget(RequestId id) {
        std::lock_guard<std::mutex> lock(ids_mutex);
        ids.erase(id);
    }

    void chat(const httplib::Request& req, httplib::Response& res);
    void routes();
};

void HttpServer::Impl::routes() {
    const int threads = std::max(2, options.threads);
    server.new_task_queue = [threads] {
        return new httplib::ThreadPool(static_cast<size_t>(threads));
    };
    server.set_payload_max_length(options.max_body_bytes);
    server.set_socket_options([this](socket_t sock) {
        // Not httplib's default, SO_REUSEPORT: with it a second server binds the same port and the
        // kernel silently hands it part of the connections. SO_REUSEADDR only allows a restart
        // while the old server's connections linger in TIME_WAIT.
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
        listen_socket = sock;  // see bind()
    });
    server.set_write_timeout(options.write_timeout_seconds, 0);
    server.set_error_handler([this](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return;
        std::string msg = status_message(res.status);
        if (res.status == 413)
            msg = "request body exceeds the limit of " + std::to_string(options.max_body_bytes) +
                  " bytes";
        send_error(res, res.status, msg,
                   res.status >= 500 ? "server_error" : "invalid_request_error");
    });
    server.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
            std::string msg = "internal error";
            try {
                if (ep) std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                msg = e.what();
            } catch (...) {
            }
            send_error(res, 500, msg, "server_error");
        });
    server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("{\"status\":\"ok\"}", "application/json");
    });
    server.Get("/v1/models", [this](const httplib::Request&, httplib::Response& res) {
        res.set_content(openai::models_body(engine.tenants(), created), "application/json");
    });
    server.Get(
        R"(/v1/models/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
            try {
                res.set_content(openai::model_body(engine.tenants(), req.matches[1], created),
                                "application/json");
            } catch (const openai::ApiError& e) {
                send_error(res, e.status, e.what(), e.type, e.param, e.code);
            }
        });
    server.Post("/v1/chat/completions",
                [this](const httplib::Request& req, httplib::Response& res) { chat(req, res); });
}

void HttpServer::Impl::chat(const httplib::Request& req, httplib::Response& res) {
    openai::ParsedRequest parsed;
    try {
        parsed = openai::parse_chat_request(req.body, options.default_max_tokens);
    } catch (const openai::ApiError& e) {
        send_error(res, e.status, e.what(), e.type, e.param, e.code);
        return;
    }
    const std::string model = parsed.request.tenant;
    bool known = false;
    for (const auto& t : engine.tenants())
        known = known || t.name == model;
    if (!known) {
        send_error(res, 404, "The model '" + model + "' does not exist (see GET /v1/models)",
                   "invalid_request_error", "model", "model_not_found");
        return;
    }
    auto queue = std::make_shared<EventQueue>();
    RequestId id = 0;
    try {
        std::lock_guard<std::mutex> lock(ids_mutex);  // so the id is known before its first event
        id = engine.submit(parsed.request, [queue](const StreamEvent& ev) {
            {
                std::lock_guard<std::mutex> l(queue->mutex);
                queue->events.push_back(ev);
            }
            queue->cv.notify_all();
        });
        ids.insert(id);
    } catch (const Error& e) {
        const std::string msg = e.what();
        if (msg.rfind("unknown model", 0) == 0)
            send_error(res, 404, msg, "invalid_request_error", "model", "model_not_found");
        else
            send_error(res, 400, msg, "invalid_request_error", "messages",
                       msg.find("context") != std::string::npos ? "context_length_exceeded" : "");
        return;
    }
    const std::string rid = "chatcmpl-" + std::to_string(created) + "-" + std::to_string(++counter);

    if (!parsed.stream) {
        std::string text, reason, error;
        int64_t prompt_tokens = 0, completion_tokens = 0;
        for (bool done = false; !done;) {
            std::unique_lock<std::mutex> lock(queue->mutex);
            queue->cv.wait(lock, [&] { return !queue->events.empty(); });
            for (const auto& ev : queue->events) {
                text += ev.text;
                if (ev.finished) {
                    done = true;
                    reason = ev.finish_reason;
                    error = ev.error;
                    prompt_tokens = ev.prompt_tokens;
                    completion_tokens = ev.completion_tokens;
                }
            }
            queue->events.clear();
        }
        forget(id);
        if (reason == "error") {
            send_error(res, 500, "generation failed: " + error, "server_error");
            return;
        }
        res.set_content(openai::completion_body(rid, model, created, text, reason, prompt_tokens,
                                                completion_tokens),
                        "application/json");
        return;
    }

    res.set_header("Cache-Control", "no-cache");
    const bool include_usage = parsed.include_usage;
    auto first = std::make_shared<bool>(true);
    res.set_chunked_content_provider(
        "text/event-stream",
        [this, queue, id, rid, model, include_usage, first](size_t, httplib::DataSink& sink) {
            std::deque<StreamEvent> events;
            {
                std::unique_lock<std::mutex> lock(queue->mutex);
                queue->cv.wait_for(lock, std::chrono::seconds(1),
                                   [&] { return !queue->events.empty(); });
                events.swap(queue->events);
            }
            std::string out;
            bool finished = false;
            for (const auto& ev : events) {
                if (*first) {
                    out += openai::chunk_event(rid, model, created, "assistant", "", "");
                    *first = false;
                }
                if (!ev.text.empty())
                    out += openai::chunk_event(rid, model, created, "", ev.text, "");
                if (ev.finished) {
                    if (ev.finish_reason == "error")
                        out +=
                            "data: " +
                            openai::error_body("generation failed: " + ev.error, "server_error") +
                            "\n\n";
                    out += openai::chunk_event(rid, model, created, "", "", ev.finish_reason);
                    if (include_usage)
                        out += openai::usage_event(rid, model, created, ev.prompt_tokens,
                                                   ev.completion_tokens);
                    out += "data: [DONE]\n\n";
                    finished = true;
                }
            }
            // Never write an empty chunk: httplib reads a zero-length write as the end of the
            // content and closes the stream without its terminating chunk. Events whose text is
            // still held back (a partial UTF-8 character, a possible stop string) carry nothing
            // yet; the keep-alive comment also tells us when the client has gone.
            if (out.empty()) out = ": keep-alive\n\n";
            if (!sink.write(out.data(), out.size())) {
                engine.cancel(id);  // the client is gone: free its batch row and KV cache
                return false;
            }
            if (finished) {
                queue->finished = true;
                forget(id);
                sink.done();
            }
            return true;
        },
        [this, queue, id](bool) {
            if (!queue->finished) {
                engine.cancel(id);
                forget(id);
            }
        });
}

HttpServer::HttpServer(Engine& engine, HttpServerOptions options)
    : impl_(std::make_unique<Impl>(engine, std::move(options))) {
    impl_->routes();
}

HttpServer::~HttpServer() {
    stop();
}

int HttpServer::bind() {
    auto& im = *impl_;
    if (im.port > 0) return im.port;
    if (im.options.port == 0) {
        im.port = im.server.bind_to_any_port(im.options.host);
    } else {
        im.port = im.server.bind_to_port(im.options.host, im.options.port) ? im.options.port : -1;
    }
    if (im.port <= 0)
        throw Error("cannot listen on " + im.options.host + ":" + std::to_string(im.options.port) +
                    " (address in use or not local?)");
    // httplib listens with a backlog of 5: a burst of clients overflows the accept queue and the
    // kernel resets the connections it could not queue. listen() again on a listening socket only
    // raises its backlog.
    if (im.listen_socket != INVALID_SOCKET) ::listen(im.listen_socket, SOMAXCONN);
    return im.port;
}

int HttpServer::port() const {
    return impl_->port;
}

void HttpServer::run() {
    bind();
    impl_->server.listen_after_bind();
}

void HttpServer::start() {
    bind();
    impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
    for (int i = 0; i < 2500 && !impl_->server.is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (!impl_->server.is_running())
        throw Error("the HTTP server did not start on port " + std::to_string(port()));
}

void HttpServer::stop() {
    auto& im = *impl_;
    if (im.server.is_running()) im.server.stop();
    if (im.thread.joinable()) im.thread.join();
    std::lock_guard<std::mutex> lock(im.ids_mutex);
    for (RequestId id : im.ids)
        im.engine.cancel(id);
    im.ids.clear();
}

}  // namespace bitdelta

#else  // built without the cpp-httplib library

namespace bitdelta {

struct HttpServer::Impl {};

HttpServer::HttpServer(Engine&, HttpServerOptions) {
    throw Error(
        "this build of bitdelta has no HTTP server (the cpp-httplib library was not found when it "
        "was "
        "configured; install libcpp-httplib-dev and rebuild)");
}
HttpServer::~HttpServer() = default;
int HttpServer::bind() {
    return -1;
}
int HttpServer::port() const {
    return -1;
}
void HttpServer::run() {}
void HttpServer::start() {}
void HttpServer::stop() {}

}  // namespace bitdelta
#endif
