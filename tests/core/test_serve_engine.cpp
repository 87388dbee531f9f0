// Multi-tenant engine on the CPU: a batch mixing tenants gives every request the greedy tokens of
// that tenant's merged model run alone; attach/detach while requests run; cancellation; KV
// refusals; a tenant with its own tokenizer and chat template.
#include <ATen/ATen.h>

#include "bitdelta_kernels.h"
#include "common/error.h"
#include "fixtures/tiny_checkpoint.h"
#include "io/checkpoint.h"
#include "model/decoder.h"
#include "model/kv_cache.h"
#include "model/linear.h"
#include "serve/engine.h"
#include "serve/engine_inmemory.h"
#include "text/tokenizer.h"

#include <QtTest/QtTest>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

using namespace bitdelta;

namespace {

std::string llama_dir() {
    return test::test_data_dir() + "/checkpoints/llama";
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Collects one request's events. The engine's worker calls into it, so when a failed check leaves
// a test function early it must not be destroyed under a running request: submit() through it,
// and its destructor cancels the request and waits for the final event.
struct Collector {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<int64_t> tokens;
    std::string text, reason, error;
    int events = 0;
    bool done = false;
    Engine* engine = nullptr;
    RequestId id = 0;

    Collector() = default;
    Collector(const Collector&) = delete;
    Collector& operator=(const Collector&) = delete;
    ~Collector() {
        if (!engine) return;
        engine->cancel(id);
        wait(60);
    }

    RequestId submit(Engine& e, ChatRequest request) {
        id = e.submit(std::move(request), callback());
        engine = &e;
        return id;
    }

    StreamCallback callback() {
        return [this](const StreamEvent& ev) {
            std::lock_guard<std::mutex> lock(mutex);
            ++events;
            text += ev.text;
            if (ev.token_id >= 0) tokens.push_back(ev.token_id);  // cancel/error events carry none
            if (ev.finished) {
                done = true;
                reason = ev.finish_reason;
                error = ev.error;
            }
            cv.notify_all();
        };
    }
    bool wait(int seconds = 60) {
        std::unique_lock<std::mutex> lock(mutex);
        return cv.wait_for(lock, std::chrono::seconds(seconds), [&] { return done; });
    }
    bool wait_events(int n, int seconds = 60) {
        std::unique_lock<std::mutex> lock(mutex);
        return cv.wait_for(lock, std::chrono::seconds(seconds),
                           [&] { return events >= n || done; });
    }
};

// A random 1-bit delta for every decoder linear of `model` (seeded), as a tenant and as the merged
// dense weights the tenant stands for.
InMemoryTenant random_tenant(const DecoderModel& model, const std::string& name, uint64_t seed) {
    InMemoryTenant t;
    t.name = name;
    const auto& cfg = model.config();
    for (int64_t l = 0; l < cfg.num_hidden_layers; ++l) {
        const auto names = cfg.linear_weight_names(l);
        for (int k = 0; k < kLinearKinds; ++k) {
            const at::Tensor& w = model.linear(l, static_cast<LinearKind>(k))->base_weight();
            const at::Tensor delta = test::seeded_normal({w.size(0), w.size(1)}, 0.02, seed,
                                                         names[static_cast<size_t>(k)]);
            t.deltas[names[static_cast<size_t>(k)]] = {kernels::pack_signs(delta),
                                                       delta.abs().mean().item<float>()};
        }
    }
    return t;
}

// The tenant's model on its own: base + alpha * sign merged into dense weights, the tenant's kept
// tensors and the base's others, in a model of the tenant's vocabulary (its own embedding rows when
// it added tokens).
std::unique_ptr<DecoderModel> merged_model(const DecoderModel& base, const InMemoryTenant& t) {
    ModelConfig cfg = base.config();
    const auto emb = t.kept.find("model.embed_tokens.weight");
    if (emb != t.kept.end()) cfg.vocab_size = emb->second.size(0);
    std::map<std::string, at::Tensor> merged;
    for (int64_t l = 0; l < cfg.num_hidden_layers; ++l) {
        const auto names = cfg.linear_weight_names(l);
        for (int k = 0; k < kLinearKinds; ++k) {
            const auto& d = t.deltas.at(names[static_cast<size_t>(k)]);
            merged[names[static_cast<size_t>(k)]] = kernels::merge(
                base.linear(l, static_cast<LinearKind>(k))->base_weight(), d.first, d.second);
        }
    }
    const auto base_names = base.kept_tensor_names();
    WeightSource source;
    source.where = "merged tenant " + t.name;
    source.contains = [&](const std::string& name) {
        return merged.count(name) || t.kept.count(name) ||
               std::find(base_names.begin(), base_names.end(), name) != base_names.end();
    };
    source.get = [&](const std::string& name, const std::vector<int64_t>&) {
        if (merged.count(name)) return merged.at(name);
        if (t.kept.count(name)) return t.kept.at(name);
        return const_cast<DecoderModel&>(base).tensor(name).base();
    };
    return DecoderModel::load(cfg, source, LoadOptions{});
}

std::vector<int64_t> greedy(const DecoderModel& model, std::vector<int64_t> ids, int n) {
    std::vector<int64_t> out;
    for (int i = 0; i < n; ++i) {
        const at::Tensor logits = model.logits(ids);
        const int64_t next = logits[logits.size(0) - 1].argmax().item<int64_t>();
        out.push_back(next);
        ids.push_back(next);
    }
    return out;
}

ChatRequest ids_request(const std::string& tenant, std::vector<int64_t> prompt, int64_t n) {
    ChatRequest r;
    r.tenant = tenant;
    r.prompt_ids = std::move(prompt);
    r.max_new_tokens = n;
    r.ignore_eos = true;
    return r;
}

}  // namespace

class TestServeEngine : public QObject {
    Q_OBJECT

    std::unique_ptr<Engine> engine_;
    std::unique_ptr<DecoderModel> probe_;  // base weights, for building tenants
    InMemoryTenant alpha_, beta_;

  private Q_SLOTS:
    void initTestCase() {
        at::manual_seed(0);
        EngineOptions options;
        options.device = "cpu";
        engine_ = std::make_unique<Engine>(llama_dir(), options, Progress::silent());
        probe_ = DecoderModel::load(Checkpoint::open(llama_dir()), LoadOptions{});
        alpha_ = random_tenant(*probe_, "alpha", 11);
        beta_ = random_tenant(*probe_, "beta", 22);
        // beta also differs in a kept tensor (its final norm), alpha keeps the base's (shared).
        beta_.kept["model.norm.weight"] = probe_->tensor("model.norm.weight").base() * 1.25;
        alpha_.kept["model.norm.weight"] = probe_->tensor("model.norm.weight").base().clone();
        QCOMPARE(QString::fromStdString(attach_in_memory(*engine_, alpha_)), QString("alpha"));
        QCOMPARE(QString::fromStdString(attach_in_memory(*engine_, beta_)), QString("beta"));
    }

    void memoryAccounting() {
        const auto tenants = engine_->tenants();
        QCOMPARE(tenants.size(), size_t(3));
        QCOMPARE(QString::fromStdString(tenants[0].name), QString("base"));
        const MemoryUsage m = engine_->memory();
        QVERIFY(m.base_device_bytes > 0);
        int64_t signs = 0;
        for (const auto& [name, d] : alpha_.deltas)
            signs += d.first.numel() * 4 + 4;
        // alpha: signs only (its norm equals the base's and is shared); beta: signs + its own norm.
        for (const auto& t : tenants) {
            if (t.name == "alpha") QCOMPARE(t.device_bytes, signs);
            if (t.name == "beta") QCOMPARE(t.device_bytes, signs + 64 * 4);
        }
        // 1 bit per linear weight: far below the 1/14 of an fp16 copy of the model that DESIGN
        // asks.
        QVERIFY(signs * 14 < m.base_device_bytes / 2);
    }

    void mixedBatchMatchesMergedModels() {
        const std::vector<std::vector<int64_t>> prompts = {
            {5, 17, 33, 2, 9}, {40, 41, 42}, {7, 7, 8, 100, 3, 60}, {12}};
        const std::vector<std::string> who = {"base", "alpha", "beta", "alpha"};
        const int n = 10;
        std::vector<std::unique_ptr<Collector>> got;
        for (size_t i = 0; i < prompts.size(); ++i) {
            got.push_back(std::make_unique<Collector>());
            got.back()->submit(*engine_, ids_request(who[i], prompts[i], n));
        }
        auto base_model = DecoderModel::load(Checkpoint::open(llama_dir()), LoadOptions{});
        auto alpha_model = merged_model(*probe_, alpha_);
        auto beta_model = merged_model(*probe_, beta_);
        for (size_t i = 0; i < prompts.size(); ++i) {
            QVERIFY(got[i]->wait());
            QCOMPARE(QString::fromStdString(got[i]->reason), QString("length"));
            const DecoderModel& ref = who[i] == "base"    ? *base_model
                                      : who[i] == "alpha" ? *alpha_model
                                                          : *beta_model;
            const auto want = greedy(ref, prompts[i], n);
            QCOMPARE(got[i]->tokens, want);
        }
        // The tenants really differ from the base (otherwise the comparison proves nothing).
        QVERIFY(greedy(*alpha_model, prompts[1], n) != greedy(*base_model, prompts[1], n));
        QVERIFY(greedy(*beta_model, prompts[2], n) != greedy(*base_model, prompts[2], n));
    }

    void attachDetachWhileRunning() {
        const std::vector<int64_t> prompt = {3, 14, 15, 92, 65};
        const int n = 40;
        // Built before anything runs: on a slow machine building it took longer than beta's whole
        // 200-token request, which then finished ("length") before the detach could cancel it.
        InMemoryTenant gamma = random_tenant(*probe_, "gamma", 33);
        Collector running, doomed;
        running.submit(*engine_, ids_request("alpha", prompt, n));
        doomed.submit(*engine_, ids_request("beta", prompt, 200));
        QVERIFY(running.wait_events(2));
        // Detach beta and attach a new tenant while both requests decode.
        engine_->detach("beta");
        attach_in_memory(*engine_, gamma);
        Collector g;
        g.submit(*engine_, ids_request("gamma", prompt, 6));
        QVERIFY(doomed.wait());
        QCOMPARE(QString::fromStdString(doomed.reason), QString("cancelled"));
        QVERIFY(doomed.tokens.size() < 200);
        QVERIFY(running.wait());
        QVERIFY(g.wait());
        QCOMPARE(running.tokens, greedy(*merged_model(*probe_, alpha_), prompt, n));
        QCOMPARE(g.tokens, greedy(*merged_model(*probe_, gamma), prompt, 6));
        // beta is gone; its name can be attached again and gets the same answers as before.
        QVERIFY_THROWS_EXCEPTION(Error, engine_->submit(ids_request("beta", prompt, 2), {}));
        QVERIFY_THROWS_EXCEPTION(Error, engine_->detach("base"));
        attach_in_memory(*engine_, beta_);
        Collector again;
        again.submit(*engine_, ids_request("beta", prompt, 5));
        QVERIFY(again.wait());
        QCOMPARE(again.tokens, greedy(*merged_model(*probe_, beta_), prompt, 5));
        engine_->detach("gamma");
        QCOMPARE(engine_->tenants().size(), size_t(3));
        QCOMPARE(engine_->memory().kv_cache_bytes_used, int64_t(0));
    }

    void cancellation() {
        Collector c;
        const RequestId id = c.submit(*engine_, ids_request("alpha", {1, 2, 3}, 200));
        QVERIFY(c.wait_events(3));
        engine_->cancel(id);
        QVERIFY(c.wait(30));
        QCOMPARE(QString::fromStdString(c.reason), QString("cancelled"));
        QVERIFY(c.tokens.size() < 200);
        engine_->cancel(id);  // a finished id is ignored
        QCOMPARE(engine_->memory().kv_cache_bytes_used, int64_t(0));
    }

    void kvBudgetAndContextRefusals() {
        EngineOptions options;
        options.device = "cpu";
        options.max_context_tokens = 64;
        const auto& cfg = probe_->config();
        options.kv_cache_bytes = KvCache::bytes_for(cfg.num_hidden_layers, cfg.num_key_value_heads,
                                                    cfg.head_dim, 48, c10::kFloat);
        Engine small(llama_dir(), options, Progress::silent());
        // A prompt past the context limit.
        std::vector<int64_t> long_prompt(64, 5);
        try {
            small.submit(ids_request("base", long_prompt, 4), {});
            QFAIL("a prompt past max_context_tokens was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("context limit") != std::string::npos, e.what());
        }
        // Cache of 10 + 50 tokens > the 48-token budget.
        try {
            small.submit(ids_request("base", std::vector<int64_t>(10, 5), 50), {});
            QFAIL("a request beyond the KV budget was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("KV cache budget") != std::string::npos, e.what());
        }
        // One that fits runs; while it holds the budget, a second is refused; afterwards it fits
        // again.
        Collector a;
        a.submit(small, ids_request("base", {5, 6, 7}, 40));
        QVERIFY_THROWS_EXCEPTION(Error, small.submit(ids_request("base", {5, 6, 7}, 40), {}));
        QVERIFY(a.wait());
        QCOMPARE(a.tokens.size(), size_t(40));
        QCOMPARE(small.memory().kv_cache_bytes_used, int64_t(0));
        Collector b;
        b.submit(small, ids_request("base", {5, 6, 7}, 40));
        QVERIFY(b.wait());
        QCOMPARE(a.tokens, b.tokens);
        // The model's own limit (max_position_embeddings = 256 here) caps a larger
        // max_context_tokens (4096 by default in engine_): the prompt is refused naming it, and an
        // answer stops at the last position the model knows.
        const int64_t max_pos = probe_->config().max_position_embeddings;
        QVERIFY(max_pos > 0 && max_pos < EngineOptions{}.max_context_tokens);
        try {
            engine_->submit(ids_request("base", std::vector<int64_t>(max_pos, 5), 4), {});
            QFAIL("a prompt filling max_position_embeddings was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("max_position_embeddings") != std::string::npos,
                     e.what());
        }
        Collector capped;
        capped.submit(*engine_, ids_request("base", std::vector<int64_t>(max_pos - 6, 5), 50));
        QVERIFY(capped.wait());
        QCOMPARE(capped.tokens.size(), size_t(6));
        QCOMPARE(QString::fromStdString(capped.reason), QString("length"));
    }

    void ownTokenizerAndTemplate() {
        InMemoryTenant t = random_tenant(*probe_, "chatml", 44);
        t.tokenizer = std::shared_ptr<const Tokenizer>(Tokenizer::load(llama_dir()));
        t.chat_template = read_text(test::test_data_dir() + "/chat_templates/chatml.jinja");
        attach_in_memory(*engine_, t);
        ChatRequest r;
        r.messages = {{"system", "Be brief."}, {"user", "Hello there"}};
        r.tenant = "base";
        const std::string base_prompt = engine_->render_prompt(r);
        r.tenant = "chatml";
        const std::string own_prompt = engine_->render_prompt(r);
        QVERIFY2(own_prompt.find("<|im_start|>user\nHello there<|im_end|>") != std::string::npos,
                 own_prompt.c_str());
        QVERIFY(own_prompt.find("<|im_start|>assistant") != std::string::npos);
        QVERIFY(base_prompt != own_prompt);
        for (const auto& info : engine_->tenants())
            if (info.name == "chatml") {
                QVERIFY(info.own_tokenizer);
                QCOMPARE(QString::fromStdString(info.chat_template_source), QString("in-memory"));
            }
        // A chat request streams text that is the tokenizer's decoding of the streamed tokens.
        r.max_new_tokens = 12;
        r.stop.clear();
        Collector c;
        c.submit(*engine_, r);
        QVERIFY(c.wait());
        QVERIFY(c.reason == "stop" || c.reason == "length");
        std::vector<int64_t> shown = c.tokens;
        if (c.reason == "stop" && !shown.empty()) shown.pop_back();  // the end-of-turn token
        QCOMPARE(c.text, t.tokenizer->decode(shown, true));
        engine_->detach("chatml");
    }

    void grownVocabularyTenant() {
        // A fine-tune that added tokens keeps its embeddings and lm_head whole, with rows the base
        // lacks; its requests may contain and produce those ids, next to requests of other tenants.
        const ModelConfig& cfg = probe_->config();
        const int64_t v = cfg.vocab_size;
        InMemoryTenant g = random_tenant(*probe_, "grown", 55);
        const at::Tensor emb = probe_->tensor("model.embed_tokens.weight").base();
        const at::Tensor extra =
            test::seeded_normal({test::kGrownRows, emb.size(1)}, 0.5, 56, "rows");
        g.kept["model.embed_tokens.weight"] = at::cat({emb, extra.to(emb.dtype())}, 0);
        if (!cfg.tie_word_embeddings) {
            const at::Tensor head = probe_->tensor("lm_head.weight").base();
            // Added rows aligned with the hidden states make the tenant emit added tokens too.
            g.kept["lm_head.weight"] = at::cat({head, extra.to(head.dtype())}, 0);
        }
        attach_in_memory(*engine_, g);
        const std::vector<int64_t> prompt = {5, v + 1, 17, v + 3};
        Collector mine, other;
        mine.submit(*engine_, ids_request("grown", prompt, 10));
        other.submit(*engine_, ids_request("alpha", {40, 41, 42}, 10));
        QVERIFY(mine.wait());
        QVERIFY(other.wait());
        QVERIFY2(mine.error.empty(), mine.error.c_str());
        const auto want = greedy(*merged_model(*probe_, g), prompt, 10);
        QCOMPARE(mine.tokens, want);
        // It also generated added tokens, which then came back as inputs of the next steps.
        QVERIFY(std::any_of(mine.tokens.begin(), mine.tokens.end(),
                            [&](int64_t id) { return id >= v; }));
        QCOMPARE(other.tokens, greedy(*merged_model(*probe_, alpha_), {40, 41, 42}, 10));
        // The same ids are refused for the base, whose vocabulary lacks them, before they run.
        try {
            engine_->submit(ids_request("base", prompt, 4), {});
            QFAIL("an out-of-vocabulary prompt for the base was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("outside the vocabulary of 'base' [0, " +
                                                std::to_string(v) + ")") != std::string::npos,
                     e.what());
        }
        engine_->detach("grown");
    }

    void penaltiesReachTheSampler() {
        // Greedy decoding of the tiny base repeats itself; a frequency penalty (OpenAI semantics)
        // must change the answer, i.e. the request must not take the batched argmax shortcut.
        auto count_max = [](const std::vector<int64_t>& t) {
            std::map<int64_t, int> c;
            int most = 0;
            for (int64_t id : t)
                most = std::max(most, ++c[id]);
            return most;
        };
        Collector plain, penalised;
        plain.submit(*engine_, ids_request("base", {5, 17, 33}, 16));
        ChatRequest r = ids_request("base", {5, 17, 33}, 16);
        r.frequency_penalty = 2.0;
        penalised.submit(*engine_, r);
        QVERIFY(plain.wait());
        QVERIFY(penalised.wait());
        QCOMPARE(plain.tokens, greedy(*probe_, {5, 17, 33}, 16));
        QVERIFY2(count_max(plain.tokens) > 1, "the greedy answer does not repeat: no evidence");
        QVERIFY(penalised.tokens != plain.tokens);
        QVERIFY(count_max(penalised.tokens) <= count_max(plain.tokens));
    }

    void stopStrings() {
        // Greedy output of alpha for a prompt, then the same request with a stop string taken from
        // it.
        Collector full;
        ChatRequest r = ids_request("alpha", {20, 21, 22}, 16);
        full.submit(*engine_, r);
        QVERIFY(full.wait());
        QVERIFY(full.text.size() > 4);
        const std::string stop = full.text.substr(full.text.size() / 2, 2);
        r.stop = {stop};
        Collector cut;
        cut.submit(*engine_, r);
        QVERIFY(cut.wait());
        QCOMPARE(QString::fromStdString(cut.reason), QString("stop"));
        QCOMPARE(cut.text, full.text.substr(0, full.text.find(stop)));
    }

    void unknownTenantAndBadRequests() {
        QVERIFY_THROWS_EXCEPTION(Error, engine_->submit(ids_request("nope", {1}, 2), {}));
        QVERIFY_THROWS_EXCEPTION(Error, engine_->submit(ids_request("alpha", {1}, 0), {}));
        ChatRequest empty;
        empty.tenant = "alpha";
        QVERIFY_THROWS_EXCEPTION(Error, engine_->submit(empty, {}));
        QVERIFY_THROWS_EXCEPTION(Error, attach_in_memory(*engine_, alpha_));  // already attached
    }

    void cleanupTestCase() { engine_.reset(); }
};

QTEST_GUILESS_MAIN(TestServeEngine)
#include "test_serve_engine.moc"
