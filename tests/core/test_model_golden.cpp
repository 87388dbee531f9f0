// The decoder against HF transformers (tests/data/checkpoints/*/reference.json, fp32 CPU eager) and
// against itself: KV-cache decoding, left-padded batches and per-row caches of different lengths
// must equal plain full recomputation; per-tenant tensors route per row.
//
// Tolerance: max|ours - ref| <= 1e-4 * max|ref| + 1e-5 over a sequence's logits. Both sides are
// fp32; differences come only from summation order in the GEMMs/reductions (~1e-6 relative), so
// 1e-4 of the logits' scale is a generous but still tight bound. Per-element relative error is not
// used because logits cross zero.
#include "test_model_support.h"

#include "io/checkpoint.h"
#include "model/generate.h"
#include "model/rope.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <QtTest/QtTest>

using namespace bitdelta;
using namespace bitdelta::test;

namespace {

bool close(const at::Tensor& a, const at::Tensor& ref, double rel = 1e-4, double abs = 1e-5) {
    const double diff = (a.cpu() - ref.cpu()).abs().max().item<double>();
    const double bound = rel * ref.abs().max().item<double>() + abs;
    if (diff > bound) qWarning("max |diff| %.3g > bound %.3g", diff, bound);
    return diff <= bound;
}

std::vector<int64_t> ids_of(const nlohmann::json& j) {
    return j.get<std::vector<int64_t>>();
}

at::Tensor row_tensor(const std::vector<int64_t>& ids) {
    return at::tensor(at::ArrayRef<int64_t>(ids), at::kLong).unsqueeze(0);
}

}  // namespace

class TestModelGolden : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void families_data();
    void logitsMatchTransformers_data() { families_data(); }
    void logitsMatchTransformers();
    void greedyContinuationMatches_data() { families_data(); }
    void greedyContinuationMatches();
    void llama3RopeFrequencies();
    void goldenCacheAndBatchEqualFullRecompute_data() { families_data(); }
    void goldenCacheAndBatchEqualFullRecompute();

    void randomFamilies_data();
    void incrementalEqualsFull_data() { randomFamilies_data(); }
    void incrementalEqualsFull();
    void leftPaddedBatchEqualsIndividual_data() { randomFamilies_data(); }
    void leftPaddedBatchEqualsIndividual();
    void perRowCachesOfDifferentLengths_data() { randomFamilies_data(); }
    void perRowCachesOfDifferentLengths();
    void slidingWindowLimitsReceptiveField();
    void tenantSlotsRoutePerRow();
    void replacedLinearIsUsed();
    void badInputsAreRefused();
};

void TestModelGolden::families_data() {
    QTest::addColumn<QString>("family");
    for (const char* f : {"llama", "mistral", "qwen2", "llama-sharded"})
        QTest::newRow(f) << QString(f);
}

void TestModelGolden::logitsMatchTransformers() {
    QFETCH(QString, family);
    const auto ref = load_reference(family.toStdString());
    QVERIFY2(!ref.is_null(),
             "golden reference.json missing: run tests/data/recipes/make_fixtures.py");
    const auto checkpoint =
        Checkpoint::open(model_test_data_dir() + "/checkpoints/" + family.toStdString());
    const auto model = DecoderModel::load(checkpoint, LoadOptions{});
    at::NoGradGuard no_grad;
    for (size_t s = 0; s < ref["input_ids"].size(); ++s) {
        const at::Tensor expected = reference_logits(ref, "logits", s);
        const at::Tensor got = model->logits(ids_of(ref["input_ids"][s]));
        QCOMPARE(got.sizes().vec(), expected.sizes().vec());
        QVERIFY2(close(got, expected), qPrintable(QString("sequence %1").arg(s)));
    }
}

void TestModelGolden::greedyContinuationMatches() {
    QFETCH(QString, family);
    const auto ref = load_reference(family.toStdString());
    QVERIFY2(!ref.is_null(), "golden reference.json missing");
    const std::string dir = model_test_data_dir() + "/checkpoints/" + family.toStdString();
    const auto model = DecoderModel::load(Checkpoint::open(dir), LoadOptions{});
    const auto tokenizer = Tokenizer::load(dir);
    const auto prompt = ids_of(ref["greedy"]["prompt"]);
    const auto expected = ids_of(ref["greedy"]["continuation"]);
    StopConditions stop;  // no EOS stopping, like the reference
    stop.max_new_tokens = static_cast<int64_t>(expected.size());
    const GenerationResult r = generate(*model, *tokenizer, prompt, SamplingSettings{}, stop);
    QCOMPARE(r.tokens, expected);
    QCOMPARE(r.finish, FinishReason::MaxTokens);
    QVERIFY(r.tokens_per_second > 0);
}

void TestModelGolden::llama3RopeFrequencies() {
    const auto ref = load_reference("llama");
    QVERIFY2(!ref.is_null(), "golden reference.json missing");
    const auto checkpoint = Checkpoint::open(model_test_data_dir() + "/checkpoints/llama");
    QCOMPARE(QString::fromStdString(checkpoint.config().rope_scaling.type), QString("llama3"));
    const RopeFrequencies f = rope_frequencies(checkpoint.config());
    const auto expected = ref["checks"]["inv_freq"].get<std::vector<double>>();
    QCOMPARE(f.inv_freq.numel(), static_cast<int64_t>(expected.size()));
    for (size_t i = 0; i < expected.size(); ++i)
        QVERIFY2(std::abs(f.inv_freq[static_cast<int64_t>(i)].item<double>() - expected[i]) <=
                     1e-6 * std::abs(expected[i]),
                 qPrintable(QString("inv_freq[%1]").arg(i)));
}

// On the real checkpoints: cache decoding and a left-padded batch reproduce the golden logits.
void TestModelGolden::goldenCacheAndBatchEqualFullRecompute() {
    QFETCH(QString, family);
    const auto ref = load_reference(family.toStdString());
    QVERIFY2(!ref.is_null(), "golden reference.json missing");
    const auto model = DecoderModel::load(
        Checkpoint::open(model_test_data_dir() + "/checkpoints/" + family.toStdString()),
        LoadOptions{});
    at::NoGradGuard no_grad;
    const auto ids0 = ids_of(ref["input_ids"][0]);
    const auto ids1 = ids_of(ref["input_ids"][1]);
    const at::Tensor expected0 = reference_logits(ref, "logits", 0);
    const at::Tensor expected1 = reference_logits(ref, "logits", 1);
    // Prefill 5 tokens, then one token at a time.
    KvCache cache = model->make_cache(32);
    ForwardBatch prefill;
    prefill.input_ids = row_tensor({ids0.begin(), ids0.begin() + 5});
    prefill.caches = {&cache};
    QVERIFY(close(model->forward(prefill)[0], expected0.narrow(0, 0, 5)));
    for (size_t i = 5; i < ids0.size(); ++i) {
        ForwardBatch step;
        step.input_ids = row_tensor({ids0[i]});
        step.caches = {&cache};
        step.last_token_logits_only = true;
        QVERIFY2(close(model->forward(step)[0][0], expected0[static_cast<int64_t>(i)]),
                 qPrintable(QString("position %1").arg(i)));
    }
    QCOMPARE(cache.length(), static_cast<int64_t>(ids0.size()));
    // Batch: sequence 1 shortened to 7 tokens and left-padded next to the full sequence 0.
    const int64_t short_len = 7;
    at::Tensor input = at::zeros({2, 12}, at::kLong);
    at::Tensor mask = at::zeros({2, 12}, at::kLong);
    input[0].copy_(row_tensor(ids0)[0]);
    mask[0].fill_(1);
    input[1]
        .narrow(0, 12 - short_len, short_len)
        .copy_(row_tensor({ids1.begin(), ids1.begin() + short_len})[0]);
    mask[1].narrow(0, 12 - short_len, short_len).fill_(1);
    ForwardBatch batch;
    batch.input_ids = input;
    batch.attention_mask = mask;
    const at::Tensor out = model->forward(batch);
    QVERIFY(close(out[0], expected0));
    QVERIFY(close(out[1].narrow(0, 12 - short_len, short_len), expected1.narrow(0, 0, short_len)));
}

void TestModelGolden::randomFamilies_data() {
    QTest::addColumn<int>("family");
    QTest::newRow("llama") << static_cast<int>(ArchFamily::Llama);
    QTest::newRow("mistral-window4") << static_cast<int>(ArchFamily::Mistral);
    QTest::newRow("qwen2-bias-tied") << static_cast<int>(ArchFamily::Qwen2);
}

void TestModelGolden::incrementalEqualsFull() {
    QFETCH(int, family);
    const auto model = random_model(tiny_config(static_cast<ArchFamily>(family)));
    at::NoGradGuard no_grad;
    const std::vector<int64_t> ids = {1, 5, 9, 33, 2, 7, 81, 40, 12, 3, 64, 22, 17, 90};
    const at::Tensor full = model->logits(ids);
    KvCache cache = model->make_cache(static_cast<int64_t>(ids.size()));
    // Chunks of 3, 1, 4, then singles: every prefix length the cache can meet.
    size_t pos = 0;
    for (size_t chunk : {3u, 1u, 4u, 1u, 1u, 1u, 1u, 1u, 1u}) {
        ForwardBatch b;
        b.input_ids = row_tensor(
            {ids.begin() + static_cast<long>(pos), ids.begin() + static_cast<long>(pos + chunk)});
        b.caches = {&cache};
        const at::Tensor got = model->forward(b)[0];
        QVERIFY2(close(got, full.narrow(0, static_cast<int64_t>(pos), static_cast<int64_t>(chunk))),
                 qPrintable(QString("chunk at %1").arg(pos)));
        pos += chunk;
    }
    QCOMPARE(pos, ids.size());
    QCOMPARE(cache.length(), static_cast<int64_t>(ids.size()));
    // Capacity is enforced.
    ForwardBatch over;
    over.input_ids = row_tensor({4});
    over.caches = {&cache};
    QVERIFY_EXCEPTION_THROWN(model->forward(over), Error);
}

void TestModelGolden::leftPaddedBatchEqualsIndividual() {
    QFETCH(int, family);
    const auto model = random_model(tiny_config(static_cast<ArchFamily>(family)));
    at::NoGradGuard no_grad;
    const std::vector<std::vector<int64_t>> seqs = {
        {1, 5, 9, 33, 2, 7, 81, 40, 12, 3}, {1, 44, 6, 19}, {1, 70, 71, 72, 73, 8, 9}};
    const int64_t width = 10;
    at::Tensor input = at::full({3, width}, 0, at::kLong), mask = at::zeros({3, width}, at::kLong);
    for (int64_t r = 0; r < 3; ++r) {
        const auto& s = seqs[static_cast<size_t>(r)];
        const int64_t n = static_cast<int64_t>(s.size());
        input[r].narrow(0, width - n, n).copy_(row_tensor(s)[0]);
        mask[r].narrow(0, width - n, n).fill_(1);
    }
    ForwardBatch batch;
    batch.input_ids = input;
    batch.attention_mask = mask;
    const at::Tensor out = model->forward(batch);
    // The same batch prefilled into per-row caches, then two decode steps with different lengths.
    std::vector<KvCache> caches;
    for (int r = 0; r < 3; ++r)
        caches.push_back(model->make_cache(16));
    ForwardBatch cached = batch;
    cached.caches = {&caches[0], &caches[1], &caches[2]};
    const at::Tensor out_cached = model->forward(cached);
    for (int64_t r = 0; r < 3; ++r) {
        const auto& s = seqs[static_cast<size_t>(r)];
        const int64_t n = static_cast<int64_t>(s.size());
        const at::Tensor alone = model->logits(s);
        QVERIFY2(close(out[r].narrow(0, width - n, n), alone),
                 qPrintable(QString("row %1").arg(r)));
        QVERIFY2(close(out_cached[r].narrow(0, width - n, n), alone),
                 qPrintable(QString("cached row %1").arg(r)));
        QCOMPARE(caches[static_cast<size_t>(r)].length(), n);  // padding never enters a cache
    }
    std::vector<std::vector<int64_t>> grown = seqs;
    for (int step = 0; step < 2; ++step) {
        ForwardBatch next;
        next.input_ids = at::tensor({11 + step, 22 + step, 33 + step}, at::kLong).view({3, 1});
        next.caches = cached.caches;
        next.last_token_logits_only = true;
        const at::Tensor got = model->forward(next);
        for (int64_t r = 0; r < 3; ++r) {
            grown[static_cast<size_t>(r)].push_back(next.input_ids[r][0].item<int64_t>());
            const at::Tensor alone = model->logits(grown[static_cast<size_t>(r)]);
            QVERIFY2(close(got[r][0], alone[alone.size(0) - 1]),
                     qPrintable(QString("step %1 row %2").arg(step).arg(r)));
        }
    }
}

void TestModelGolden::perRowCachesOfDifferentLengths() {
    QFETCH(int, family);
    const auto model = random_model(tiny_config(static_cast<ArchFamily>(family)));
    at::NoGradGuard no_grad;
    const std::vector<std::vector<int64_t>> seqs = {
        {1, 2, 3}, {1, 50, 51, 52, 53, 54, 55, 56}, {1, 9, 8, 7, 6, 5, 4, 3, 2, 10, 11}};
    std::vector<KvCache> caches;
    for (const auto& s : seqs) {
        // The first row's cache has room for exactly one more token: shorter than the batch's
        // longest row, so the batched decode must pad it.
        caches.push_back(
            model->make_cache(caches.empty() ? static_cast<int64_t>(s.size()) + 1 : 20));
        ForwardBatch b;
        b.input_ids = row_tensor(s);
        b.caches = {&caches.back()};
        model->forward(b);
    }
    const std::vector<int64_t> next = {60, 61, 62};
    ForwardBatch step;
    step.input_ids = at::tensor(at::ArrayRef<int64_t>(next), at::kLong).view({3, 1});
    step.caches = {&caches[0], &caches[1], &caches[2]};
    step.last_token_logits_only = true;
    const at::Tensor got = model->forward(step);
    QCOMPARE(got.sizes().vec(), (std::vector<int64_t>{3, 1, 96}));
    for (size_t r = 0; r < 3; ++r) {
        auto s = seqs[r];
        s.push_back(next[r]);
        const at::Tensor alone = model->logits(s);
        QVERIFY2(close(got[static_cast<int64_t>(r)][0], alone[alone.size(0) - 1]),
                 qPrintable(QString("row %1").arg(r)));
        QCOMPARE(caches[r].length(), static_cast<int64_t>(s.size()));
    }
}

// One layer, window 4: position i sees tokens i-3..i only (HF: kv_idx > q_idx - window), so
// changing token 0 changes logits at positions 0..3 and none from 4 on.
void TestModelGolden::slidingWindowLimitsReceptiveField() {
    const auto model = random_model(tiny_config(ArchFamily::Mistral, /*layers=*/1));
    QVERIFY(model->layer_uses_sliding_window(0));
    at::NoGradGuard no_grad;
    std::vector<int64_t> a = {1, 5, 9, 33, 2, 7, 81, 40}, b = a;
    b[0] = 77;
    const at::Tensor la = model->logits(a), lb = model->logits(b);
    for (int64_t i = 0; i < 8; ++i) {
        const double diff = (la[i] - lb[i]).abs().max().item<double>();
        if (i < 4)
            QVERIFY2(diff > 1e-4, qPrintable(QString("position %1 must see token 0").arg(i)));
        else
            QVERIFY2(diff == 0.0, qPrintable(QString("position %1 must not see token 0").arg(i)));
    }
    // The decode path narrows to the window the same way.
    KvCache cache = model->make_cache(8);
    ForwardBatch pre;
    pre.input_ids = row_tensor({b.begin(), b.begin() + 7});
    pre.caches = {&cache};
    model->forward(pre);
    ForwardBatch step;
    step.input_ids = row_tensor({b[7]});
    step.caches = {&cache};
    QVERIFY(close(model->forward(step)[0][0], la[7]));
    // A Llama config has no window.
    QVERIFY(!random_model(tiny_config(ArchFamily::Llama, 1))->layer_uses_sliding_window(0));
}

// Rows of different tenants read their own norm / embedding / bias tensors in one batch.
void TestModelGolden::tenantSlotsRoutePerRow() {
    const ModelConfig config = tiny_config(ArchFamily::Qwen2);
    auto model = random_model(config, 7);
    auto other = random_model(config, 7);  // same weights, then tenant tensors overwritten below
    at::NoGradGuard no_grad;
    const std::vector<std::string> names = {"model.embed_tokens.weight", "model.norm.weight",
                                            "model.layers.1.input_layernorm.weight",
                                            "model.layers.0.self_attn.q_proj.bias"};
    for (const auto& name : names) {
        const at::Tensor changed =
            model->tensor(name).base() + 0.05 * at::ones_like(model->tensor(name).base());
        model->tensor(name).set_slot(1, changed);
        other->tensor(name) = TenantTensor(changed);
    }
    const auto kept = model->kept_tensor_names();
    QVERIFY(std::find(kept.begin(), kept.end(), "model.layers.0.self_attn.q_proj.bias") !=
            kept.end());
    QVERIFY(std::find(kept.begin(), kept.end(), "lm_head.weight") == kept.end());  // tied
    const std::vector<int64_t> ids = {1, 5, 9, 33, 2};
    // Slot 2 has no tensors of its own: it reads the base's, grouped with slot 0's rows.
    ForwardBatch batch;
    batch.input_ids =
        at::cat({row_tensor(ids), row_tensor(ids), row_tensor(ids), row_tensor(ids)}, 0);
    batch.routing = make_routing({0, 1, 2, 0}, model->device());
    QCOMPARE(batch.routing.distinct_slots(), 3);    // what the delta kernels are sized to
    QCOMPARE(TenantRouting{}.distinct_slots(), 1);  // no routing: every row slot 0
    const at::Tensor out = model->forward(batch);
    const at::Tensor base = model->logits(ids);
    const at::Tensor tenant = other->logits(ids);
    QVERIFY(close(out[0], base));
    QVERIFY(close(out[2], base));
    QVERIFY(close(out[3], base));
    QVERIFY(close(out[1], tenant));
    QVERIFY((base - tenant).abs().max().item<double>() > 1e-3);  // the slot really differs
    // Rows of different slots that all read the base's tensors.
    ForwardBatch shared;
    shared.input_ids = at::cat({row_tensor(ids), row_tensor(ids)}, 0);
    shared.routing = make_routing({2, 0}, model->device());
    const at::Tensor out_shared = model->forward(shared);
    QVERIFY(close(out_shared[0], base));
    QVERIFY(close(out_shared[1], base));
    QVERIFY_EXCEPTION_THROWN(model->tensor("model.layers.9.bogus"), Error);
}

namespace {
// A replacement linear (what the bitdelta engineer installs): base plus a constant output offset.
class OffsetLinear : public Linear {
  public:
    OffsetLinear(std::shared_ptr<Linear> inner, double offset)
        : inner_(std::move(inner)), offset_(offset) {}
    at::Tensor forward(const at::Tensor& x, const TenantRouting& r) const override {
        return inner_->forward(x, r) + offset_;
    }
    int64_t in_features() const override { return inner_->in_features(); }
    int64_t out_features() const override { return inner_->out_features(); }
    const at::Tensor& base_weight() const override { return inner_->base_weight(); }
    const TenantTensor& bias() const override { return inner_->bias(); }

  private:
    std::shared_ptr<Linear> inner_;
    double offset_;
};
}  // namespace

void TestModelGolden::replacedLinearIsUsed() {
    auto model = random_model(tiny_config(ArchFamily::Llama));
    at::NoGradGuard no_grad;
    const std::vector<int64_t> ids = {1, 5, 9};
    const at::Tensor before = model->logits(ids);
    auto& slot = model->linear(1, LinearKind::Down);
    QCOMPARE(slot->out_features(), static_cast<int64_t>(32));
    QCOMPARE(slot->in_features(), static_cast<int64_t>(64));
    slot = std::make_shared<OffsetLinear>(slot, 0.0);
    QVERIFY(close(model->logits(ids), before));
    model->linear(1, LinearKind::Down) =
        std::make_shared<OffsetLinear>(model->linear(1, LinearKind::Down), 0.5);
    QVERIFY((model->logits(ids) - before).abs().max().item<double>() > 1e-3);
}

void TestModelGolden::badInputsAreRefused() {
    auto model = random_model(tiny_config(ArchFamily::Llama));
    QVERIFY_EXCEPTION_THROWN(model->logits({1, 96}), Error);  // id past the vocabulary
    ForwardBatch b;
    b.input_ids = at::zeros({2, 3}, at::kLong);
    b.attention_mask = at::ones({2, 4}, at::kLong);  // no cache: must be [B, S]
    QVERIFY_EXCEPTION_THROWN(model->forward(b), Error);
    KvCache c = model->make_cache(4);
    b.attention_mask = at::Tensor();
    b.caches = {&c};  // one cache for two rows
    QVERIFY_EXCEPTION_THROWN(model->forward(b), Error);
    LoadOptions half;
    half.dtype = at::kHalf;
    QVERIFY_EXCEPTION_THROWN(random_model(tiny_config(ArchFamily::Llama), 7, half), Error);
    QVERIFY_EXCEPTION_THROWN(resolve_load_options("tpu", "auto"), Error);
    QVERIFY_EXCEPTION_THROWN(resolve_load_options("cpu", "bf16"), Error);
    QCOMPARE(resolve_load_options("cpu", "auto").dtype, at::kFloat);
}

QTEST_GUILESS_MAIN(TestModelGolden)
#include "test_model_golden.moc"
