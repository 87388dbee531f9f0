// tokenizer.model (sentencepiece) tokenizer against golden ids/decodes written by sentencepiece
// itself.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/text/tokenizer.h"

using bitdelta::Tokenizer;
using nlohmann::json;

namespace {
std::string data_dir() {
    const QByteArray env = qgetenv("BITDELTA_TEST_DATA");
    return env.isEmpty() ? std::string(BITDELTA_TEST_DATA_DIR) : env.toStdString();
}
QString show(const std::vector<int64_t>& v) {
    QStringList s;
    for (auto x : v)
        s << QString::number(x);
    return "[" + s.join(",") + "]";
}
}  // namespace

class TestTextSentencepiece : public QObject {
    Q_OBJECT
    json golden_;
    std::unique_ptr<Tokenizer> tok_;

  private Q_SLOTS:
    void initTestCase() {
        const std::string path = data_dir() + "/tokenizers/golden.json";
        std::ifstream in(path);
        if (!in) QFAIL(qPrintable(QString::fromStdString("missing golden file " + path)));
        golden_ = json::parse(in);
        const std::string model = data_dir() + "/tokenizers/sentencepiece/tokenizer.model";
        if (!std::ifstream(model)) QFAIL(qPrintable(QString::fromStdString("missing " + model)));
        tok_ = Tokenizer::load(data_dir() + "/tokenizers/sentencepiece");
    }

    void golden_data() {
        QTest::addColumn<int>("row");
        const auto& rows = golden_["results"]["sentencepiece"];
        QVERIFY(!rows.empty());
        for (size_t k = 0; k < rows.size(); ++k)
            QTest::newRow(qPrintable(QString("text%1").arg(rows[k]["text_index"].get<int>())))
                << int(k);
    }
    void golden() {
        QFETCH(int, row);
        const json& r = golden_["results"]["sentencepiece"][static_cast<size_t>(row)];
        const std::string text = golden_["texts"][r["text_index"].get<size_t>()].get<std::string>();
        const auto ids = tok_->encode(text, true);
        const auto expect = r["ids"].get<std::vector<int64_t>>();
        QVERIFY2(ids == expect, qPrintable(show(ids) + " != " + show(expect)));
        QVERIFY(tok_->encode(text, false) == r["ids_no_special"].get<std::vector<int64_t>>());
        QCOMPARE(QString::fromStdString(tok_->decode(ids, false)),
                 QString::fromStdString(r["decoded"]));
        QCOMPARE(QString::fromStdString(tok_->decode(ids, true)),
                 QString::fromStdString(r["decoded_skip"]));
        for (bool skip : {false, true}) {
            bitdelta::StreamDecoder sd(*tok_, skip);
            std::string streamed;
            for (int64_t id : ids)
                streamed += sd.push(id);
            streamed += sd.finish();
            QCOMPARE(QString::fromStdString(streamed),
                     QString::fromStdString(tok_->decode(ids, skip)));
        }
    }

    void round_trip() {
        // Byte fallback makes the model lossless for text without leading spaces.
        for (const std::string text : {"Hello world", "Ελληνικά 中文 😀 🇺🇸", "a\tb\nc  d"})
            QCOMPARE(QString::fromStdString(tok_->decode(tok_->encode(text, false))),
                     QString::fromStdString(text));
    }

    void specials() {
        QCOMPARE(tok_->bos_id().value_or(-1), int64_t(1));
        QCOMPARE(tok_->eos_id().value_or(-1), int64_t(2));
        QCOMPARE(QString::fromStdString(tok_->eos_token()), QString("</s>"));
        QVERIFY(tok_->is_special(1) && tok_->is_special(2) && tok_->is_special(0));
        QVERIFY(!tok_->is_special(300));
        QCOMPARE(tok_->vocab_size(), int64_t(640));
        QCOMPARE(tok_->token_to_id("<0x41>").value_or(-1), int64_t(3 + 0x41));
        QCOMPARE(QString::fromStdString(tok_->id_to_token(2)), QString("</s>"));
        QCOMPARE(tok_->encode("", true), (std::vector<int64_t>{1}));
    }

    void prefers_tokenizer_json() {
        // A folder with both files loads tokenizer.json (the BPE one has 768 ids, the .model 640).
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
            QVERIFY(QFile::copy(QString::fromStdString(data_dir() + "/tokenizers/bytelevel/" + f),
                                QString::fromStdString(d + "/" + f)));
        QVERIFY(QFile::copy(
            QString::fromStdString(data_dir() + "/tokenizers/sentencepiece/tokenizer.model"),
            QString::fromStdString(d + "/tokenizer.model")));
        QCOMPARE(Tokenizer::load(d)->vocab_size(), int64_t(768));
        QFile::remove(QString::fromStdString(d + "/tokenizer.json"));
        const auto sp = Tokenizer::load(d);
        QCOMPARE(sp->vocab_size(), int64_t(640));
        // That config names a BOS the model lacks and does not set add_bos_token: no BOS is added.
        QVERIFY(!sp->bos_id());
        QCOMPARE(sp->encode("", true), std::vector<int64_t>{});
    }

    void corrupt_model() {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        std::ofstream(d + "/tokenizer.model") << "not a model";
        try {
            Tokenizer::load(d);
            QFAIL("expected an error");
        } catch (const bitdelta::Error& e) {
            QVERIFY(QString(e.what()).contains("tokenizer.model"));
        }
    }
};

QTEST_GUILESS_MAIN(TestTextSentencepiece)
#include "test_text_sentencepiece.moc"
