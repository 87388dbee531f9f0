// Sampling options (HF semantics), seed determinism, and generate()'s stop conditions.
#include "test_model_support.h"

#include "model/generate.h"

#include <ATen/ATen.h>

#include <QtTest/QtTest>

#include <map>

using namespace bitdelta;
using namespace bitdelta::test;

namespace {

at::Tensor logits_of(std::vector<float> v) {
    return at::tensor(at::ArrayRef<float>(v), at::kFloat);
}

// Probabilities [0.5, 0.3, 0.15, 0.05] as logits.
at::Tensor four_way() {
    return logits_of({std::log(0.5f), std::log(0.3f), std::log(0.15f), std::log(0.05f)});
}

std::map<int64_t, int> histogram(Sampler& s, const at::Tensor& logits, int draws) {
    std::map<int64_t, int> h;
    for (int i = 0; i < draws; ++i)
        ++h[s.next(logits, {})];
    return h;
}

}  // namespace

class TestModelSampler : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void greedyIsArgmax();
    void repetitionPenaltyHfSemantics();
    void presenceAndFrequencyPenaltiesOpenAiSemantics();
    void temperatureMatchesSoftmax();
    void filters_data();
    void filters();
    void seedIsDeterministic();
    void invalidSettingsAreRefused();
    void stopStringsEosAndLimits();
};

void TestModelSampler::greedyIsArgmax() {
    Sampler s(SamplingSettings{});
    QCOMPARE(s.next(logits_of({0.1f, 3.0f, -2.0f, 2.9f}), {}), static_cast<int64_t>(1));
    QCOMPARE(s.next(logits_of({5.0f, 5.0f}), {}), static_cast<int64_t>(0));  // first maximum
}

void TestModelSampler::repetitionPenaltyHfSemantics() {
    SamplingSettings settings;
    settings.repetition_penalty = 2.0;
    Sampler s(settings);
    // Positive logits are divided: 2.0 -> 1.0 < 1.9.
    QCOMPARE(s.next(logits_of({2.0f, 1.9f, -1.0f}), {0}), static_cast<int64_t>(1));
    QCOMPARE(s.next(logits_of({2.0f, 1.9f, -1.0f}), {}), static_cast<int64_t>(0));
    // Negative logits are multiplied: -1 -> -2 < -1.5; a token counts once however often it
    // repeats.
    QCOMPARE(s.next(logits_of({-1.0f, -1.5f}), {0, 0, 0}), static_cast<int64_t>(1));
}

void TestModelSampler::presenceAndFrequencyPenaltiesOpenAiSemantics() {
    // Token 0 leads by 1.0. Frequency 0.4 per occurrence: after two picks of 0 its logit is
    // 3.0 - 0.8 = 2.2 > 2.0, after three 1.8 < 2.0, so greedy switches on the fourth step. The
    // history (prompt) does not count: only this sampler's own output does.
    const std::vector<float> lead = {3.0f, 2.0f, 0.0f};
    SamplingSettings f;
    f.frequency_penalty = 0.4;
    Sampler sf(f);
    const std::vector<int64_t> prompt(10, 0);
    std::vector<int64_t> picks;
    for (int i = 0; i < 4; ++i)
        picks.push_back(sf.next(logits_of(lead), prompt));
    QCOMPARE(picks, (std::vector<int64_t>{0, 0, 0, 1}));
    // Presence 1.5 counts once: 3.0 - 1.5 = 1.5 < 2.0 from the second step on, and token 1 then
    // pays it too (2.0 - 1.5 = 0.5 < 1.5), so the picks alternate.
    SamplingSettings p;
    p.presence_penalty = 1.5;
    Sampler sp(p);
    picks.clear();
    for (int i = 0; i < 3; ++i)
        picks.push_back(sp.next(logits_of(lead), {}));
    QCOMPARE(picks, (std::vector<int64_t>{0, 1, 0}));
    // Negative values encourage repeats; out-of-range values are refused.
    SamplingSettings n;
    n.presence_penalty = -2.0;
    Sampler sn(n);
    sn.next(logits_of({2.0f, 2.5f}), {});  // picks 1
    QCOMPARE(sn.next(logits_of({3.0f, 2.5f}), {}), static_cast<int64_t>(1));
}

void TestModelSampler::temperatureMatchesSoftmax() {
    SamplingSettings settings;
    settings.temperature = 2.0;
    settings.seed = 3;
    Sampler s(settings);
    const at::Tensor logits = four_way();
    const int draws = 20000;
    const auto h = histogram(s, logits, draws);
    const at::Tensor p = at::softmax(logits / 2.0, 0);
    for (int64_t i = 0; i < 4; ++i) {
        const double expected = p[i].item<double>();
        const double got = h.count(i) ? h.at(i) / static_cast<double>(draws) : 0.0;
        QVERIFY2(std::abs(got - expected) < 0.015,
                 qPrintable(QString("token %1: %2 vs %3").arg(i).arg(got).arg(expected)));
    }
    // A very low temperature is practically greedy.
    settings.temperature = 0.01;
    Sampler cold(settings);
    QCOMPARE(histogram(cold, logits, 200).at(0), 200);
}

void TestModelSampler::filters_data() {
    QTest::addColumn<int>("topK");
    QTest::addColumn<double>("topP");
    QTest::addColumn<double>("minP");
    QTest::addColumn<QList<int>>("allowed");
    QTest::newRow("top_k=2") << 2 << 1.0 << 0.0 << QList<int>{0, 1};
    QTest::newRow("top_k=1") << 1 << 1.0 << 0.0 << QList<int>{0};
    // Ascending cumulative 0.05, 0.20, 0.50, 1.0: with top_p 0.75 drop cum <= 0.25 -> tokens 3, 2.
    QTest::newRow("top_p=0.75") << 0 << 0.75 << 0.0 << QList<int>{0, 1};
    QTest::newRow("top_p=0.9") << 0 << 0.9 << 0.0 << QList<int>{0, 1, 2};
    // min_p 0.5 of top 0.5 -> threshold 0.25 keeps 0.5 and 0.3.
    QTest::newRow("min_p=0.5") << 0 << 1.0 << 0.5 << QList<int>{0, 1};
    QTest::newRow("min_p=0.2") << 0 << 1.0 << 0.2 << QList<int>{0, 1, 2};
    QTest::newRow("none") << 0 << 1.0 << 0.0 << QList<int>{0, 1, 2, 3};
}

void TestModelSampler::filters() {
    QFETCH(int, topK);
    QFETCH(double, topP);
    QFETCH(double, minP);
    QFETCH(QList<int>, allowed);
    SamplingSettings settings;
    settings.temperature = 1.0;
    settings.top_k = topK;
    settings.top_p = topP;
    settings.min_p = minP;
    settings.seed = 11;
    Sampler s(settings);
    const auto h = histogram(s, four_way(), 3000);
    for (const auto& [token, count] : h)
        QVERIFY2(allowed.contains(static_cast<int>(token)),
                 qPrintable(QString("token %1 drawn %2 times").arg(token).arg(count)));
    for (int token : allowed)
        QVERIFY2(h.count(token) && h.at(token) > 0,
                 qPrintable(QString("token %1 never drawn").arg(token)));
}

void TestModelSampler::seedIsDeterministic() {
    SamplingSettings settings;
    settings.temperature = 1.0;
    settings.seed = 42;
    const at::Tensor logits = at::randn({50});
    auto draw = [&](uint64_t seed) {
        settings.seed = seed;
        Sampler s(settings);
        std::vector<int64_t> out;
        for (int i = 0; i < 40; ++i)
            out.push_back(s.next(logits, {}));
        return out;
    };
    QCOMPARE(draw(42), draw(42));
    QVERIFY(draw(42) != draw(43));
}

void TestModelSampler::invalidSettingsAreRefused() {
    SamplingSettings bad;
    bad.top_p = 0.0;
    QVERIFY_EXCEPTION_THROWN(Sampler{bad}, Error);
    bad = SamplingSettings{};
    bad.temperature = -1;
    QVERIFY_EXCEPTION_THROWN(Sampler{bad}, Error);
    bad = SamplingSettings{};
    bad.repetition_penalty = 0;
    QVERIFY_EXCEPTION_THROWN(Sampler{bad}, Error);
    // Only settings that leave the logits alone allow taking the argmax without the sampler.
    QVERIFY(Sampler{SamplingSettings{}}.is_plain_argmax());
    for (auto change : std::vector<void (*)(SamplingSettings&)>{
             [](SamplingSettings& s) { s.temperature = 0.7; },
             [](SamplingSettings& s) { s.repetition_penalty = 1.2; },
             [](SamplingSettings& s) { s.presence_penalty = 0.5; },
             [](SamplingSettings& s) { s.frequency_penalty = -0.5; }}) {
        SamplingSettings s;
        change(s);
        QVERIFY(!Sampler{s}.is_plain_argmax());
    }
    bad = SamplingSettings{};
    bad.frequency_penalty = 2.5;
    QVERIFY_EXCEPTION_THROWN(Sampler{bad}, Error);
    bad = SamplingSettings{};
    bad.presence_penalty = -3;
    QVERIFY_EXCEPTION_THROWN(Sampler{bad}, Error);
}

// generate() on a random model with a byte tokenizer: first an unconstrained run, then the same run
// with a stop string / EOS id taken from its output.
void TestModelSampler::stopStringsEosAndLimits() {
    ModelConfig config = tiny_config(ArchFamily::Llama);
    config.vocab_size = 98;  // byte ids 2..97: ASCII only, so text is valid UTF-8
    const auto model = random_model(config, 5);
    const ByteTokenizer tok;
    const std::vector<int64_t> prompt = tok.encode("HELLO");
    SamplingSettings sampling;
    sampling.temperature = 0.8;
    sampling.seed = 9;
    StopConditions stop;
    stop.max_new_tokens = 24;
    const GenerationResult free_run = generate(*model, tok, prompt, sampling, stop);
    QCOMPARE(free_run.tokens.size(), size_t(24));
    QCOMPARE(free_run.finish, FinishReason::MaxTokens);
    QCOMPARE(free_run.text, tok.decode(free_run.tokens, true));
    // Same seed, same tokens.
    QCOMPARE(generate(*model, tok, prompt, sampling, stop).tokens, free_run.tokens);

    // Stop string: two bytes from the middle of the free run's text.
    const std::string full = free_run.text;
    const std::string needle = full.substr(10, 2);
    const size_t first = full.find(needle);
    StopConditions with_stop = stop;
    with_stop.stop_strings = {needle};
    std::string streamed;
    const GenerationResult stopped =
        generate(*model, tok, prompt, sampling, with_stop, [&](int64_t, const std::string& piece) {
            streamed += piece;
            return true;
        });
    QCOMPARE(stopped.finish, FinishReason::StopString);
    QCOMPARE(stopped.text, full.substr(0, first));
    QCOMPARE(streamed, stopped.text);  // the stop string never reached the stream

    // EOS: the token generated at index 6 ends generation there and is not in the text.
    StopConditions with_eos = stop;
    with_eos.eos_ids = {free_run.tokens[6]};
    const size_t eos_at = static_cast<size_t>(
        std::find(free_run.tokens.begin(), free_run.tokens.end(), free_run.tokens[6]) -
        free_run.tokens.begin());
    const GenerationResult eos = generate(*model, tok, prompt, sampling, with_eos);
    QCOMPARE(eos.finish, FinishReason::Eos);
    QCOMPARE(eos.tokens, std::vector<int64_t>(free_run.tokens.begin(),
                                              free_run.tokens.begin() + static_cast<long>(eos_at)));

    // The model's context (max_position_embeddings) caps generation; a prompt that fills it is
    // refused.
    {
        ModelConfig short_config = config;
        short_config.max_position_embeddings = static_cast<int64_t>(prompt.size()) + 7;
        const auto short_model = random_model(short_config, 5);
        const GenerationResult capped = generate(*short_model, tok, prompt, sampling, stop);
        QCOMPARE(capped.tokens.size(), size_t(7));
        QCOMPARE(capped.finish, FinishReason::MaxTokens);
        QVERIFY(capped.context_limited);
        QVERIFY(!free_run.context_limited);
        short_config.max_position_embeddings = static_cast<int64_t>(prompt.size());
        const auto full_model = random_model(short_config, 5);
        QVERIFY_EXCEPTION_THROWN(generate(*full_model, tok, prompt, sampling, stop), Error);
    }

    // The callback stops generation; so does the Progress.
    int calls = 0;
    const GenerationResult cancelled =
        generate(*model, tok, prompt, sampling, stop,
                 [&](int64_t, const std::string&) { return ++calls < 3; });
    QCOMPARE(cancelled.finish, FinishReason::Cancelled);
    QCOMPARE(cancelled.tokens.size(), size_t(3));
    Progress progress;
    progress.request_cancel();
    const GenerationResult none = generate(*model, tok, prompt, sampling, stop, {}, progress);
    QCOMPARE(none.finish, FinishReason::Cancelled);
    QVERIFY(none.tokens.empty());
    QVERIFY_EXCEPTION_THROWN(generate(*model, tok, {}, sampling, stop), Error);
}

QTEST_GUILESS_MAIN(TestModelSampler)
#include "test_model_sampler.moc"
