// The OpenAI-compatible HTTP server, in process on 127.0.0.1 with an ephemeral port, spoken to with
// httplib::Client and with curl: /v1/models, JSON and SSE chat completions, malformed JSON, unknown
// model, oversized body, too long prompt, a vanished streaming client, and a bounded burst.
// (An OpenAI Python client cannot be installed here: no PyPI access.)
#include <ATen/ATen.h>

#include "bitdelta_kernels.h"
#include "common/error.h"
#include "fixtures/tiny_checkpoint.h"
#include "io/checkpoint.h"
#include "model/decoder.h"
#include "serve/engine.h"
#include "serve/engine_inmemory.h"
#include "serve/http_server.h"

#ifdef BITDELTA_WITH_HTTP
#include <httplib.h>
#endif
#include <nlohmann/json.hpp>

#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtTest/QtTest>

#include <atomic>
#include <chrono>
#include <thread>

using namespace bitdelta;
using nlohmann::json;

namespace {

std::string llama_dir() {
    return test::test_data_dir() + "/checkpoints/llama";
}

std::string chat_body(const std::string& model, const std::string& content, int max_tokens,
                      bool stream) {
    return json{
        {"model", model},           {"messages", {{{"role", "user"}, {"content", content}}}},
        {"max_tokens", max_tokens}, {"temperature", 0},
        {"stream", stream},         {"stream_options", {{"include_usage", true}}}}
        .dump();
}

// Concatenated delta contents of an SSE body; checks it ends with [DONE].
std::string sse_text(const std::string& body, bool* done, json* usage) {
    std::string text;
    *done = false;
    size_t pos = 0;
    while ((pos = body.find("data: ", pos)) != std::string::npos) {
        const size_t end = body.find("\n\n", pos);
        const std::string payload = body.substr(pos + 6, end - pos - 6);
        pos = end;
        if (payload == "[DONE]") {
            *done = true;
            break;
        }
        const json j = json::parse(payload);
        if (j.contains("usage") && !j["usage"].is_null()) *usage = j["usage"];
        for (const auto& c : j["choices"])
            if (c["delta"].contains("content")) text += c["delta"]["content"].get<std::string>();
    }
    return text;
}

}  // namespace

class TestServeHttp : public QObject {
    Q_OBJECT

    std::unique_ptr<Engine> engine_;
    std::unique_ptr<HttpServer> server_;
    int port_ = 0;

  private Q_SLOTS:
    void initTestCase() {
#ifndef BITDELTA_WITH_HTTP
        QSKIP("built without the cpp-httplib library");
#else
        EngineOptions options;
        options.device = "cpu";
        options.max_context_tokens = 256;
        engine_ = std::make_unique<Engine>(llama_dir(), options, Progress::silent());
        // One delta tenant, built from random signs.
        auto probe = DecoderModel::load(Checkpoint::open(llama_dir()), LoadOptions{});
        InMemoryTenant t;
        t.name = "alpha";
        for (int64_t l = 0; l < probe->num_layers(); ++l) {
            const auto names = probe->config().linear_weight_names(l);
            for (int k = 0; k < kLinearKinds; ++k) {
                const auto& w = probe->linear(l, static_cast<LinearKind>(k))->base_weight();
                t.deltas[names[static_cast<size_t>(k)]] = {
                    kernels::pack_signs(test::seeded_normal({w.size(0), w.size(1)}, 1.0, 5,
                                                            names[static_cast<size_t>(k)])),
                    0.02f};
            }
        }
        attach_in_memory(*engine_, t);
        HttpServerOptions http;
        http.host = "127.0.0.1";
        http.port = 0;
        http.max_body_bytes = 64 * 1024;
        server_ = std::make_unique<HttpServer>(*engine_, http);
        server_->start();
        port_ = server_->port();
        QVERIFY(port_ > 0);
#endif
    }

#ifdef BITDELTA_WITH_HTTP
    void models() {
        httplib::Client cli("127.0.0.1", port_);
        auto res = cli.Get("/v1/models");
        QVERIFY(res);
        QCOMPARE(res->status, 200);
        const json j = json::parse(res->body);
        QCOMPARE(QString::fromStdString(j["object"].get<std::string>()), QString("list"));
        std::set<std::string> ids;
        for (const auto& m : j["data"])
            ids.insert(m["id"].get<std::string>());
        QVERIFY(ids.count("base") && ids.count("alpha"));
        // Retrieve one model, as OpenAI clients' models.retrieve() does.
        res = cli.Get("/v1/models/alpha");
        QVERIFY(res);
        QCOMPARE(res->status, 200);
        QCOMPARE(QString::fromStdString(json::parse(res->body)["id"].get<std::string>()),
                 QString("alpha"));
        res = cli.Get("/v1/models/nope");
        QVERIFY(res);
        QCOMPARE(res->status, 404);
        QCOMPARE(QString::fromStdString(json::parse(res->body)["error"]["code"].get<std::string>()),
                 QString("model_not_found"));
    }

    void completionJsonAndStreamAgree() {
        httplib::Client cli("127.0.0.1", port_);
        cli.set_read_timeout(60, 0);
        for (const std::string model : {"base", "alpha"}) {
            auto res = cli.Post("/v1/chat/completions",
                                chat_body(model, "Tell me a story", 12, false), "application/json");
            QVERIFY(res);
            QCOMPARE(res->status, 200);
            const json j = json::parse(res->body);
            QCOMPARE(QString::fromStdString(j["object"].get<std::string>()),
                     QString("chat.completion"));
            QCOMPARE(QString::fromStdString(j["model"].get<std::string>()),
                     QString::fromStdString(model));
            const std::string text = j["choices"][0]["message"]["content"].get<std::string>();
            const int completion = j["usage"]["completion_tokens"].get<int>();
            QVERIFY(completion >= 1 && completion <= 12);
            QVERIFY(j["usage"]["prompt_tokens"].get<int>() > 3);
            QCOMPARE(j["usage"]["total_tokens"].get<int>(),
                     j["usage"]["prompt_tokens"].get<int>() + completion);
            const std::string finish = j["choices"][0]["finish_reason"].get<std::string>();
            QVERIFY(finish == "stop" || finish == "length");

            auto sres = cli.Post("/v1/chat/completions",
                                 chat_body(model, "Tell me a story", 12, true), "application/json");
            QVERIFY(sres);
            QCOMPARE(sres->status, 200);
            QVERIFY(sres->get_header_value("Content-Type").find("text/event-stream") == 0);
            bool done = false;
            json usage;
            QCOMPARE(sse_text(sres->body, &done, &usage), text);  // greedy: same answer both ways
            QVERIFY(done);
            QCOMPARE(usage["completion_tokens"].get<int>(), completion);
        }
        // The tenant answers differently from the base.
        auto a = cli.Post("/v1/chat/completions", chat_body("alpha", "Hi", 16, false),
                          "application/json");
        auto b = cli.Post("/v1/chat/completions", chat_body("base", "Hi", 16, false),
                          "application/json");
        QVERIFY(a && b);
        QVERIFY(json::parse(a->body)["choices"][0]["message"]["content"] !=
                json::parse(b->body)["choices"][0]["message"]["content"]);
    }

    void errors() {
        httplib::Client cli("127.0.0.1", port_);
        auto bad = cli.Post("/v1/chat/completions", "{\"model\": \"base\", \"messages\": [",
                            "application/json");
        QVERIFY(bad);
        QCOMPARE(bad->status, 400);
        QCOMPARE(QString::fromStdString(json::parse(bad->body)["error"]["type"].get<std::string>()),
                 QString("invalid_request_error"));
        auto missing =
            cli.Post("/v1/chat/completions", "{\"model\": \"base\"}", "application/json");
        QVERIFY(missing);
        QCOMPARE(missing->status, 400);
        QCOMPARE(
            QString::fromStdString(json::parse(missing->body)["error"]["param"].get<std::string>()),
            QString("messages"));
        auto unknown = cli.Post("/v1/chat/completions", chat_body("gpt-4", "hi", 4, false),
                                "application/json");
        QVERIFY(unknown);
        QCOMPARE(unknown->status, 404);
        QCOMPARE(
            QString::fromStdString(json::parse(unknown->body)["error"]["code"].get<std::string>()),
            QString("model_not_found"));
        auto huge =
            cli.Post("/v1/chat/completions",
                     chat_body("base", std::string(100 * 1024, 'a'), 4, false), "application/json");
        QVERIFY(huge);
        QCOMPARE(huge->status, 413);
        QVERIFY(json::parse(huge->body)["error"]["message"].get<std::string>().find("limit") !=
                std::string::npos);
        std::string words;
        for (int i = 0; i < 400; ++i)
            words += "story time ";
        auto too_long = cli.Post("/v1/chat/completions", chat_body("base", words, 4, false),
                                 "application/json");
        QVERIFY(too_long);
        QCOMPARE(too_long->status, 400);
        QVERIFY2(json::parse(too_long->body)["error"]["message"].get<std::string>().find(
                     "context limit") != std::string::npos,
                 too_long->body.c_str());
        auto hot = cli.Post("/v1/chat/completions",
                            R"({"model": "base", "messages": [{"role": "user", "content": "hi"}],
                                "temperature": 7})",
                            "application/json");
        QVERIFY(hot);
        QCOMPARE(hot->status, 400);
        QCOMPARE(QString::fromStdString(json::parse(hot->body)["error"]["message"]),
                 QString("'temperature' must be between 0 and 2"));
        // OpenAI's penalties are honoured (the sampler applies them), not refused.
        auto penalised = cli.Post("/v1/chat/completions",
                                  R"({"model": "alpha", "max_tokens": 4, "frequency_penalty": 1.5,
                                      "presence_penalty": 0.5,
                                      "messages": [{"role": "user", "content": "hi"}]})",
                                  "application/json");
        QVERIFY(penalised);
        QCOMPARE(penalised->status, 200);
        // What the answer would have to honour is refused, not ignored; neutral values pass.
        const std::string hi = R"("model": "alpha", "max_tokens": 2,
                                  "messages": [{"role": "user", "content": "hi"}])";
        for (const auto& [extra, param] : std::vector<std::pair<std::string, std::string>>{
                 {R"("tools": [{"type": "function", "function": {"name": "f"}}])", "tools"},
                 {R"("response_format": {"type": "json_object"})", "response_format"},
                 {R"("logprobs": true)", "logprobs"},
                 { R"("logit_bias": {"5": 10})",
                   "logit_bias" }}) {
            auto refused =
                cli.Post("/v1/chat/completions", "{" + hi + ", " + extra + "}", "application/json");
            QVERIFY(refused);
            QCOMPARE(refused->status, 400);
            QCOMPARE(QString::fromStdString(json::parse(refused->body)["error"]["param"]),
                     QString::fromStdString(param));
        }
        auto neutral = cli.Post(
            "/v1/chat/completions",
            "{" + hi +
                R"(, "tools": [], "tool_choice": "none", "logprobs": false, "logit_bias": {},
                   "response_format": {"type": "text"}})",
            "application/json");
        QVERIFY(neutral);
        QCOMPARE(neutral->status, 200);
        auto nowhere = cli.Get("/v1/nothing");
        QVERIFY(nowhere);
        QCOMPARE(nowhere->status, 404);
        QVERIFY(json::parse(nowhere->body).contains("error"));
    }

    void vanishedStreamingClientIsCancelled() {
        {
            httplib::Client cli("127.0.0.1", port_);
            httplib::Request req;
            req.method = "POST";
            req.path = "/v1/chat/completions";
            req.body = chat_body("alpha", "a very long answer please", 200, true);
            req.set_header("Content-Type", "application/json");
            int chunks = 0;
            req.content_receiver = [&](const char*, size_t, uint64_t, uint64_t) {
                return ++chunks < 2;
            };
            auto res =
                cli.send(req);  // the receiver aborts after the first chunk: the client hangs up
            QVERIFY(chunks >= 1);
        }
        // The server notices on its next write and cancels: the KV cache comes back.
        const auto start = std::chrono::steady_clock::now();
        while (engine_->memory().kv_cache_bytes_used != 0 &&
               std::chrono::steady_clock::now() - start < std::chrono::seconds(30))
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        QCOMPARE(engine_->memory().kv_cache_bytes_used, int64_t(0));
    }

    void curlClient() {
        const QString curl = QStandardPaths::findExecutable("curl");
        if (curl.isEmpty()) QSKIP("curl is not installed");
        const QString url = QString("http://127.0.0.1:%1/v1").arg(port_);
        QProcess p;
        p.start(curl, {"-s", url + "/models"});
        QVERIFY(p.waitForFinished(30000));
        QVERIFY(json::parse(p.readAllStandardOutput().toStdString())["data"].size() >= 2);
        QProcess s;
        s.start(curl, {"-s", "-N", "-H", "Content-Type: application/json", "-d",
                       QString::fromStdString(chat_body("alpha", "Hello", 8, true)),
                       url + "/chat/completions"});
        QVERIFY(s.waitForFinished(60000));
        const std::string out = s.readAllStandardOutput().toStdString();
        bool done = false;
        json usage;
        sse_text(out, &done, &usage);
        QVERIFY2(done, out.c_str());
        QProcess e;
        e.start(curl,
                {"-s", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                 "Content-Type: application/json", "-d", "not json", url + "/chat/completions"});
        QVERIFY(e.waitForFinished(30000));
        QCOMPARE(e.readAllStandardOutput(), QByteArray("400"));
    }

    void burst() {
        // 16 concurrent completions (half streaming, mixed tenants) + 8 malformed: all answered,
        // bounded.
        std::atomic<int> ok{0}, rejected{0}, failed{0};
        std::vector<std::thread> threads;
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < 24; ++i)
            threads.emplace_back([&, i] {
                httplib::Client cli("127.0.0.1", port_);
                cli.set_read_timeout(120, 0);
                if (i >= 16) {
                    auto r = cli.Post("/v1/chat/completions", "{\"model\": 1", "application/json");
                    (r && r->status == 400 ? rejected : failed)++;
                    return;
                }
                auto r = cli.Post(
                    "/v1/chat/completions",
                    chat_body(i % 2 ? "alpha" : "base", "burst " + std::to_string(i), 8, i % 4 < 2),
                    "application/json");
                if (!r || r->status != 200) {
                    failed++;
                    return;
                }
                if (i % 4 < 2) {
                    bool done = false;
                    json usage;
                    sse_text(r->body, &done, &usage);
                    (done ? ok : failed)++;
                } else {
                    (json::parse(r->body)["usage"]["completion_tokens"].get<int>() >= 1 ? ok
                                                                                        : failed)++;
                }
            });
        for (auto& t : threads)
            t.join();
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QCOMPARE(failed.load(), 0);
        QCOMPARE(ok.load(), 16);
        QCOMPARE(rejected.load(), 8);
        QVERIFY2(secs < 120, qPrintable(QString("burst took %1 s").arg(secs)));
        QCOMPARE(engine_->memory().kv_cache_bytes_used, int64_t(0));
    }
#endif

#ifdef BITDELTA_WITH_HTTP
    void portInUseIsRefused() {
        // A second server on the port of the running one must fail to bind, not share the port.
        HttpServerOptions http;
        http.host = "127.0.0.1";
        http.port = port_;
        HttpServer second(*engine_, http);
        try {
            second.bind();
            QFAIL("a second server bound the port of the running one");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(":" + std::to_string(port_)) != std::string::npos,
                     e.what());
        }
        httplib::Client client("127.0.0.1", port_);
        const auto res = client.Get("/v1/models");
        QVERIFY(res);
        QCOMPARE(res->status, 200);
    }
#endif

    void cleanupTestCase() {
        server_.reset();
        engine_.reset();
    }
};

QTEST_GUILESS_MAIN(TestServeHttp)
#include "test_serve_http.moc"
