// tokenizer.json BPE tokenizers against golden ids/decodes written by HF `tokenizers`, plus unit
// tests of the pre-tokenizer regex, added-token matching and the pieces of the pipeline on
// hand-written files.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/text/pre_tokenizer.h"
#include "core/text/regex.h"
#include "core/text/tokenizer.h"

using bitdelta::Tokenizer;
using nlohmann::json;

namespace {

std::string data_dir() {
    const QByteArray env = qgetenv("BITDELTA_TEST_DATA");
    return env.isEmpty() ? std::string(BITDELTA_TEST_DATA_DIR) : env.toStdString();
}

std::vector<int64_t> to_ids(const json& j) {
    return j.get<std::vector<int64_t>>();
}

QString show(const std::vector<int64_t>& v) {
    QStringList s;
    for (auto x : v)
        s << QString::number(x);
    return "[" + s.join(",") + "]";
}

void write(const std::string& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
}

std::vector<std::string> split_with(const std::string& pattern, const std::string& text) {
    bitdelta::text::Regex re(pattern, "test");
    std::vector<std::string> out;
    for (auto [a, b] : bitdelta::text::split_by_matches(
             text, re.find_all(text), bitdelta::text::SplitBehavior::Isolated, false))
        out.push_back(text.substr(a, b - a));
    return out;
}

const char* kLlama3Pattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// A tiny hand-written tokenizer.json: chars a b c d ' ' plus merges, in either merge syntax.
std::string tiny_bpe(const std::string& merges, const std::string& extra_model = "",
                     const std::string& pre = "null", const std::string& post = "null",
                     const std::string& added = "[]", const std::string& decoder = "null",
                     const std::string& normalizer = "null") {
    return R"({"version":"1.0","added_tokens":)" + added + R"(,"normalizer":)" + normalizer +
           R"(,"pre_tokenizer":)" + pre + R"(,"post_processor":)" + post + R"(,"decoder":)" +
           decoder +
           R"(,"model":{"type":"BPE","dropout":null,"unk_token":"<unk>","continuing_subword_prefix":null,)"
           R"("end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false)" +
           extra_model +
           R"(,"vocab":{"<unk>":0,"a":1,"b":2,"c":3,"d":4," ":5,"ab":6,"cd":7,"abcd":8,"bc":9,"<s>":10},"merges":)" +
           merges + "}}";
}

}  // namespace

class TestTextBpe : public QObject {
    Q_OBJECT

    json golden_;
    std::unique_ptr<Tokenizer> bytelevel_, metaspace_;

    void golden_rows(const char* kind) {
        QTest::addColumn<int>("row");
        const auto& rows = golden_["results"][kind];
        for (size_t k = 0; k < rows.size(); ++k)
            QTest::newRow(
                qPrintable(QString("%1-text%2").arg(kind).arg(rows[k]["text_index"].get<int>())))
                << int(k);
    }

    void check_golden(const Tokenizer& tok, const char* kind, int row) {
        const json& r = golden_["results"][kind][static_cast<size_t>(row)];
        const std::string text = golden_["texts"][r["text_index"].get<size_t>()].get<std::string>();
        const auto ids = tok.encode(text, true);
        const auto ids_ns = tok.encode(text, false);
        QVERIFY2(ids == to_ids(r["ids"]), qPrintable(show(ids) + " != " + show(to_ids(r["ids"]))));
        QVERIFY2(ids_ns == to_ids(r["ids_no_special"]), qPrintable(show(ids_ns)));
        QCOMPARE(QString::fromStdString(tok.decode(ids, false)),
                 QString::fromStdString(r["decoded"]));
        QCOMPARE(QString::fromStdString(tok.decode(ids, true)),
                 QString::fromStdString(r["decoded_skip"]));
        // Streaming one id at a time gives exactly the full decode, with and without specials.
        for (bool skip : {false, true}) {
            bitdelta::StreamDecoder sd(tok, skip);
            std::string streamed;
            for (int64_t id : ids) {
                const std::string part = sd.push(id);
                QVERIFY2(part.find("\xEF\xBF\xBD") == std::string::npos ||
                             tok.decode(ids, skip).find("\xEF\xBF\xBD") != std::string::npos,
                         "stream emitted a replacement character for a split character");
                streamed += part;
            }
            streamed += sd.finish();
            QCOMPARE(QString::fromStdString(streamed),
                     QString::fromStdString(tok.decode(ids, skip)));
        }
    }

  private Q_SLOTS:
    void initTestCase() {
        const std::string path = data_dir() + "/tokenizers/golden.json";
        std::ifstream in(path);
        if (!in) QFAIL(qPrintable(QString::fromStdString("missing golden file " + path)));
        golden_ = json::parse(in);
        bytelevel_ = Tokenizer::load(data_dir() + "/tokenizers/bytelevel");
        metaspace_ = Tokenizer::load(data_dir() + "/tokenizers/metaspace");
    }

    void bytelevel_golden_data() { golden_rows("bytelevel"); }
    void bytelevel_golden() {
        QFETCH(int, row);
        check_golden(*bytelevel_, "bytelevel", row);
    }
    void metaspace_golden_data() { golden_rows("metaspace"); }
    void metaspace_golden() {
        QFETCH(int, row);
        check_golden(*metaspace_, "metaspace", row);
    }

    void round_trip() {
        // Byte-level BPE is lossless: decode(encode(x)) == x for every golden text.
        for (const auto& t : golden_["texts"]) {
            const std::string text = t.get<std::string>();
            QCOMPARE(QString::fromStdString(bytelevel_->decode(bytelevel_->encode(text, false))),
                     QString::fromStdString(text));
        }
        // Metaspace (Prepend "▁" + Strip) is lossless for text that does not start with a space.
        for (const std::string text : {"Hello world", "tabs\tand\nnewlines", "Café 中文 😀", "x  y"})
            QCOMPARE(QString::fromStdString(metaspace_->decode(metaspace_->encode(text, false))),
                     QString::fromStdString(text));
    }

    void special_tokens() {
        QCOMPARE(bytelevel_->bos_id().value_or(-1), int64_t(0));
        QCOMPARE(bytelevel_->eos_id().value_or(-1), int64_t(1));
        QCOMPARE(QString::fromStdString(bytelevel_->bos_token()), QString("<|begin_of_text|>"));
        QVERIFY(bytelevel_->is_special(3));
        QCOMPARE(bytelevel_->token_to_id("<|im_start|>").value_or(-1), int64_t(3));
        QCOMPARE(QString::fromStdString(bytelevel_->id_to_token(4)), QString("<|im_end|>"));
        QCOMPARE(bytelevel_->vocab_size(), int64_t(768));
        const auto ids = bytelevel_->encode("<|im_start|>user<|im_end|>", false);
        QCOMPARE(ids.front(), int64_t(3));
        QCOMPARE(ids.back(), int64_t(4));
        QCOMPARE(metaspace_->bos_id().value_or(-1), int64_t(1));
        QCOMPARE(metaspace_->eos_id().value_or(-1), int64_t(2));
        QCOMPARE(metaspace_->vocab_size(), int64_t(512));
        QVERIFY(!metaspace_->is_special(100));
        QVERIFY(!metaspace_->token_to_id("no such token").has_value());
    }

    void stream_holds_partial_characters() {
        // "😀" is 4 bytes; with byte fallback it is 4 <0xNN> tokens: nothing may come out before the
        // last.
        const auto ids = metaspace_->encode("😀", false);
        bitdelta::StreamDecoder sd(*metaspace_, true);
        std::string out;
        for (size_t k = 0; k < ids.size(); ++k) {
            const std::string part = sd.push(ids[k]);
            if (k + 1 < ids.size() && ids.size() > 1)
                QVERIFY(part.find("\xEF\xBF\xBD") == std::string::npos);
            out += part;
        }
        out += sd.finish();
        QCOMPARE(QString::fromStdString(out), QString::fromUtf8("😀"));
    }

    void regex_split_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("pieces");
        QTest::newRow("words") << "Hello world" << QStringList{"Hello", " world"};
        QTest::newRow("contraction") << "I'M here" << QStringList{"I", "'M", " here"};
        QTest::newRow("digits-3") << "1234567" << QStringList{"123", "456", "7"};
        QTest::newRow("space-runs") << "a   b" << QStringList{"a", "  ", " b"};
        QTest::newRow("newlines") << "a\n\n b" << QStringList{"a", "\n\n", " b"};
        QTest::newRow("trailing-space") << "a  " << QStringList{"a", "  "};
        QTest::newRow("unicode-letters") << "Café naïve" << QStringList{"Café", " naïve"};
        QTest::newRow("cjk") << "中文，世界" << QStringList{"中文", "，世界"};
        QTest::newRow("emoji") << "hi 😀!" << QStringList{"hi", " 😀!"};
        QTest::newRow("punct-newline") << "x.\n\ny" << QStringList{"x", ".\n\n", "y"};
    }
    void regex_split() {
        QFETCH(QString, text);
        QFETCH(QStringList, pieces);
        QStringList got;
        for (const auto& p : split_with(kLlama3Pattern, text.toStdString()))
            got << QString::fromStdString(p);
        QCOMPARE(got, pieces);
    }

    void gpt2_regex() {
        QStringList got;
        for (const auto& p : split_with(bitdelta::text::kGpt2Pattern, "it's  42 apples!"))
            got << QString::fromStdString(p);
        QCOMPARE(got, (QStringList{"it", "'s", " ", " 42", " apples", "!"}));
    }

    void merge_syntaxes_and_options() {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        // Legacy "a b" merges and [a, b] pairs must give the same result; rank order decides.
        for (const std::string merges :
             {R"(["a b","c d","ab cd","b c"])", R"([["a","b"],["c","d"],["ab","cd"],["b","c"]])"}) {
            write(d + "/tokenizer.json", tiny_bpe(merges));
            auto tok = Tokenizer::load(d);
            QCOMPARE(tok->encode("abcd", false), (std::vector<int64_t>{8}));
            QCOMPARE(tok->encode("abcx", false), (std::vector<int64_t>{6, 3, 0}));  // x -> <unk>
        }
        // "b c" ranked first wins over "a b".
        write(d + "/tokenizer.json", tiny_bpe(R"(["b c","a b","c d","ab cd"])"));
        QCOMPARE(Tokenizer::load(d)->encode("abcd", false), (std::vector<int64_t>{1, 9, 4}));
        // ignore_merges: a word that is a whole vocab entry is taken as is, even against merge
        // order.
        write(d + "/tokenizer.json", tiny_bpe(R"(["b c"])", R"(,"ignore_merges":true)"));
        QCOMPARE(Tokenizer::load(d)->encode("abcd", false), (std::vector<int64_t>{8}));
        // fuse_unk merges runs of unknown characters into one <unk>.
        write(d + "/tokenizer.json", tiny_bpe("[]", R"(,"fuse_unk":true)"));
        QCOMPARE(Tokenizer::load(d)->encode("axyzb", false), (std::vector<int64_t>{1, 0, 2}));
        write(d + "/tokenizer.json", tiny_bpe("[]"));
        QCOMPARE(Tokenizer::load(d)->encode("axyb", false), (std::vector<int64_t>{1, 0, 0, 2}));
    }

    void pre_tokenizers_and_post_processor() {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        // Split on spaces (Removed) then merges cannot cross words; TemplateProcessing adds <s>.
        write(
            d + "/tokenizer.json",
            tiny_bpe(
                R"(["a b","c d","ab cd"])", "",
                R"({"type":"Sequence","pretokenizers":[{"type":"Split","pattern":{"String":" "},"behavior":"Removed","invert":false},{"type":"Digits","individual_digits":true}]})",
                R"({"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<s>","type_id":0}},{"Sequence":{"id":"A","type_id":0}}],"pair":[],"special_tokens":{"<s>":{"id":"<s>","ids":[10],"tokens":["<s>"]}}})",
                R"([{"id":10,"content":"<s>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}])"));
        auto tok = Tokenizer::load(d);
        QCOMPARE(tok->encode("ab cd", true), (std::vector<int64_t>{10, 6, 7}));
        QCOMPARE(tok->encode("ab cd", false), (std::vector<int64_t>{6, 7}));
        QCOMPARE(tok->encode("<s>abcd", false), (std::vector<int64_t>{10, 8}));
        QVERIFY(tok->is_special(10));
        QCOMPARE(QString::fromStdString(tok->decode({10, 6, 7}, true)),
                 QString("ab cd"));  // no decoder: join " "
    }

    void added_token_flags() {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        const std::string added =
            R"([{"id":10,"content":"<s>","single_word":false,"lstrip":true,"rstrip":true,"normalized":false,"special":true},
                {"id":11,"content":"ab","single_word":true,"lstrip":false,"rstrip":false,"normalized":false,"special":false}])";
        std::string js = tiny_bpe("[]", "", "null", "null", added);
        js.replace(js.find(R"("<s>":10})"), 9, R"("<s>":10,"AB":11})");
        write(d + "/tokenizer.json", js);
        auto tok = Tokenizer::load(d);
        // lstrip/rstrip swallow the spaces around <s>.
        QCOMPARE(tok->encode("a  <s>  b", false), (std::vector<int64_t>{1, 10, 2}));
        // single_word: "ab" matches only as a whole word.
        QCOMPARE(tok->encode("ab a", false), (std::vector<int64_t>{11, 5, 1}));
        QCOMPARE(tok->encode("abc", false), (std::vector<int64_t>{1, 2, 3}));
    }

    void metaspace_pre_tokenizer_first() {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        std::string js = tiny_bpe(
            R"(["▁ a"])", "",
            R"({"type":"Metaspace","replacement":"▁","prepend_scheme":"first","split":false})",
            "null",
            R"([{"id":10,"content":"<s>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}])",
            R"({"type":"Metaspace","replacement":"▁","prepend_scheme":"first","split":false})");
        js.replace(js.find(R"("<s>":10})"), 9, R"("<s>":10,"▁":11,"▁a":12})");
        write(d + "/tokenizer.json", js);
        auto tok = Tokenizer::load(d);
        // "first": only the piece at the very start of the input gets the ▁ prefix, not the one
        // after <s>.
        QCOMPARE(tok->encode("a<s>a", false), (std::vector<int64_t>{12, 10, 1}));
        QCOMPARE(tok->encode("a a", false), (std::vector<int64_t>{12, 12}));
        QCOMPARE(QString::fromStdString(tok->decode({12, 12}, false)), QString("a a"));
    }

    void errors() {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        try {
            Tokenizer::load(d);
            QFAIL("expected an error");
        } catch (const bitdelta::Error& e) {
            QCOMPARE(QString(e.what()),
                     QString::fromStdString("no tokenizer.json or tokenizer.model in " + d));
        }
        write(d + "/tokenizer.json",
              tiny_bpe("[]", "", R"({"type":"Punctuation","behavior":"Isolated"})"));
        try {
            Tokenizer::load(d);
            QFAIL("expected an error");
        } catch (const bitdelta::Error& e) {
            QVERIFY(QString(e.what()).contains("tokenizer.json"));
            QVERIFY(QString(e.what()).contains("Punctuation"));
        }
        write(d + "/tokenizer.json", "{ not json");
        QVERIFY_THROWS_EXCEPTION(bitdelta::Error, Tokenizer::load(d));
        write(d + "/tokenizer.json", tiny_bpe(R"(["a zz"])"));
        QVERIFY_THROWS_EXCEPTION(bitdelta::Error, Tokenizer::load(d));
    }
};

QTEST_GUILESS_MAIN(TestTextBpe)
#include "test_text_bpe.moc"
