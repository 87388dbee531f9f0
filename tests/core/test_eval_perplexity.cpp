// Perplexity / answer-only NLL: a hand-computable case, agreement with a direct computation,
// windows, .jsonl text records, and chat answer masking.
#include "test_model_support.h"

#include "common/error.h"
#include "eval/perplexity.h"
#include "io/atomic_file.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <QtTest/QtTest>

#include <cmath>

using namespace bitdelta;
using namespace bitdelta::test;

namespace {

ModelConfig byte_config() {
    ModelConfig c = tiny_config(ArchFamily::Llama);
    c.vocab_size = 258;
    return c;
}

// Direct computation: -sum log_softmax(logits[i])[ids[i+1]] for i in [from-1, to-1).
double direct_nll(const DecoderModel& m, const std::vector<int64_t>& ids, int64_t from,
                  int64_t to) {
    at::NoGradGuard g;
    const at::Tensor lp = at::log_softmax(m.logits(ids), -1);
    double s = 0;
    for (int64_t i = from; i < to; ++i)
        s -= lp[i - 1][ids[static_cast<size_t>(i)]].item<double>();
    return s;
}

const char* kChatml =
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] "
    "+ "
    "'<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' "
    "}}{% endif %}";

}  // namespace

class TestEvalPerplexity : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void uniformModelHasPerplexityV();
    void matchesDirectComputation_data();
    void matchesDirectComputation();
    void textAndJsonlFiles();
    void chatScoresAssistantTokensOnly();
    void cancelAndErrors();
};

// Final norm weight 0 -> hidden state 0 -> all logits 0 -> every token has NLL log(V).
void TestEvalPerplexity::uniformModelHasPerplexityV() {
    auto model = random_model(byte_config());
    model->tensor("model.norm.weight") = TenantTensor(at::zeros({32}));
    const std::vector<int64_t> ids = {1, 40, 41, 42, 43, 44, 45, 46, 47, 48};
    for (int64_t context : {10, 4, 3}) {
        const NllSum s = sequence_nll(*model, ids, {}, context, context);
        QCOMPARE(s.tokens, context == 10 ? int64_t(9) : int64_t(9 - (9 / context)));
        QVERIFY(std::abs(s.nll / s.tokens - std::log(258.0)) < 1e-5);
    }
    // Overlapping windows (stride < context) score every token but the first exactly once.
    const NllSum overlap = sequence_nll(*model, ids, {}, 4, 2);
    QCOMPARE(overlap.tokens, int64_t(9));
}

void TestEvalPerplexity::matchesDirectComputation_data() {
    QTest::addColumn<int>("context");
    QTest::addColumn<int>("stride");
    QTest::newRow("one window") << 16 << 16;
    QTest::newRow("disjoint windows") << 5 << 5;
    QTest::newRow("sliding stride 2") << 5 << 2;
}

void TestEvalPerplexity::matchesDirectComputation() {
    QFETCH(int, context);
    QFETCH(int, stride);
    const auto model = random_model(byte_config(), 3);
    const std::vector<int64_t> ids = {1, 40, 77, 42, 9, 44, 120, 46, 3, 48, 50, 51};
    const int64_t n = static_cast<int64_t>(ids.size());
    // HF recipe: windows [begin, begin+context) every `stride`; each scores the tokens after the
    // previous window's end (the first token of a window has no prediction).
    double expected = 0;
    int64_t count = 0, prev_end = 0;
    for (int64_t begin = 0; begin < n; begin += stride) {
        const int64_t end = std::min<int64_t>(begin + context, n);
        const std::vector<int64_t> window(ids.begin() + begin, ids.begin() + end);
        const int64_t from = std::max<int64_t>(prev_end, begin + 1) - begin;
        expected += direct_nll(*model, window, from, end - begin);
        count += end - begin - from;
        prev_end = end;
        if (end == n) break;
    }
    const NllSum s = sequence_nll(*model, ids, {}, context, stride);
    QCOMPARE(s.tokens, count);
    QVERIFY2(std::abs(s.nll - expected) < 1e-4 * std::abs(expected),
             qPrintable(QString("%1 vs %2").arg(s.nll).arg(expected)));
    // A mask restricts the scored tokens.
    std::vector<uint8_t> mask(ids.size(), 0);
    mask[5] = mask[6] = 1;
    const NllSum masked = sequence_nll(*model, ids, mask, 16, 16);
    QCOMPARE(masked.tokens, int64_t(2));
    QVERIFY(std::abs(masked.nll - direct_nll(*model, ids, 5, 7)) < 1e-4);
}

void TestEvalPerplexity::textAndJsonlFiles() {
    const auto model = random_model(byte_config(), 3);
    const ByteTokenizer tok;
    TempDir dir("eval");
    const std::string txt = dir.path() + "/a.txt";
    write_file_atomic(txt, "In the beginning");
    PerplexityOptions options;
    options.context = 64;
    const PerplexityResult r =
        evaluate_perplexity(*model, tok, "", txt, options, Progress::silent());
    QCOMPARE(r.mode, std::string("text"));
    QCOMPARE(r.tokens, int64_t(16));  // BOS + 16 bytes, first token unscored
    const auto ids = tok.encode("In the beginning");
    QVERIFY(std::abs(r.mean_nll - direct_nll(*model, ids, 1, 17) / 16) < 1e-5);
    QVERIFY(std::abs(r.perplexity - std::exp(r.mean_nll)) < 1e-9 * r.perplexity);

    const std::string jsonl = dir.path() + "/b.jsonl";
    write_file_atomic(jsonl, "{\"text\": \"abc\"}\n\n{\"text\": \"hello there\"}\n");
    const PerplexityResult j =
        evaluate_perplexity(*model, tok, "", jsonl, options, Progress::silent());
    QCOMPARE(j.sequences, int64_t(2));
    QCOMPARE(j.tokens, int64_t(3 + 11));
    const double expected = direct_nll(*model, tok.encode("abc"), 1, 4) +
                            direct_nll(*model, tok.encode("hello there"), 1, 12);
    QVERIFY(std::abs(j.mean_nll - expected / 14) < 1e-5);
    options.max_records = 1;
    QCOMPARE(evaluate_perplexity(*model, tok, "", jsonl, options, Progress::silent()).tokens,
             int64_t(3));
    QVERIFY(perplexity_result_json(j).find("\"perplexity\"") != std::string::npos);
}

void TestEvalPerplexity::chatScoresAssistantTokensOnly() {
    const ByteTokenizer tok;
    const std::vector<ChatTurn> messages = {
        {"user", "hi"}, {"assistant", "hello!"}, {"user", "and?"}, {"assistant", "bye"}};
    const ChatTokens ct = chat_answer_tokens(tok, kChatml, messages);
    const std::string text = tok.decode(ct.ids);
    QCOMPARE(ct.scored.size(), ct.ids.size());
    // Scored bytes are exactly each answer plus its end-of-turn marker (not the newline after it).
    std::string scored;
    for (size_t i = 0; i < ct.ids.size(); ++i)
        if (ct.scored[i]) scored += tok.decode({ct.ids[i]});
    QCOMPARE(scored, std::string("hello!<|im_end|>bye<|im_end|>"));
    QVERIFY(text.find("<|im_start|>user\nhi<|im_end|>\n") == 0);

    const auto model = random_model(byte_config(), 3);
    TempDir dir("eval-chat");
    const std::string path = dir.path() + "/chat.jsonl";
    write_file_atomic(
        path,
        "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", "
        "\"content\": \"hello!\"}, {\"role\": \"user\", \"content\": \"and?\"}, {\"role\": "
        "\"assistant\", \"content\": \"bye\"}]}\n");
    PerplexityOptions options;
    options.context = 256;
    const PerplexityResult r =
        evaluate_perplexity(*model, tok, kChatml, path, options, Progress::silent());
    QCOMPARE(r.mode, std::string("chat"));
    QCOMPARE(r.tokens, static_cast<int64_t>(scored.size()));
    const NllSum direct = sequence_nll(*model, ct.ids, ct.scored, 256, 256);
    QVERIFY(std::abs(r.mean_nll - direct.nll / direct.tokens) < 1e-9);
    QVERIFY_EXCEPTION_THROWN(
        evaluate_perplexity(*model, tok, "", path, options, Progress::silent()), Error);
}

void TestEvalPerplexity::cancelAndErrors() {
    const auto model = random_model(byte_config(), 3);
    const ByteTokenizer tok;
    TempDir dir("eval-err");
    const std::string txt = dir.path() + "/a.txt";
    write_file_atomic(txt, "some text to score");
    Progress progress;
    progress.request_cancel();
    QVERIFY_EXCEPTION_THROWN(evaluate_perplexity(*model, tok, "", txt, {}, progress), Cancelled);
    const std::string bad = dir.path() + "/bad.jsonl";
    write_file_atomic(bad, "{\"text\": 3}\n");
    QVERIFY_EXCEPTION_THROWN(evaluate_perplexity(*model, tok, "", bad, {}, Progress::silent()),
                             Error);
    QVERIFY_EXCEPTION_THROWN(
        evaluate_perplexity(*model, tok, "", dir.path() + "/missing.txt", {}, Progress::silent()),
        Error);
}

QTEST_GUILESS_MAIN(TestEvalPerplexity)
#include "test_eval_perplexity.moc"
