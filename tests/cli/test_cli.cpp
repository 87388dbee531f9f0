// End-to-end tests of the real `bitdelta` executable (README "Command line", docs/FORMAT.md): every
// verb on the tiny fixture checkpoints and the demo models, with its output parsed and compared
// with what the files say, its failures checked for a clear message and a normal exit, and Ctrl-C
// checked to cancel cleanly. Packages and merged checkpoints are read back with Qt only
// (cli_test_support.h).
#include "cli_test_support.h"

#include <QtTest/QtTest>

#include <csignal>
#include <cstdio>
#include <sys/types.h>

using namespace clitest;

namespace {

// Small but complete distillation settings: seconds on a CPU instead of the paper's 200 steps.
QStringList quickCompressArgs() {
    return {"--steps",           "3",   "--batch",    "4",
            "--calib-sequences", "12",  "--seq-len",  "32",
            "--diag-sequences",  "1",   "--svd-rank", "8",
            "--device",          "cpu", "--calib",    demoDir("calib/scripture.txt")};
}

const QStringList kVerbs = {"info",     "compress", "inspect", "export",
                            "generate", "chat",     "eval",    "serve"};

bool finite(const QJsonValue& v) {
    return v.isDouble() && std::isfinite(v.toDouble());
}

// Table rows "name  value  value" of `eval --package`: the numbers after the row's label.
QList<double> numbersAfter(const QString& text, const QString& label) {
    for (const QString& line : text.split('\n')) {
        if (!line.startsWith(label + ' ')) continue;
        QList<double> values;
        static const QRegularExpression num(
            QStringLiteral("[-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?"));
        auto it = num.globalMatch(line.mid(label.size()));
        while (it.hasNext())
            values << it.next().captured(0).toDouble();
        return values;
    }
    return {};
}

bool sendSigint(qint64 pid) {
    return pid > 0 && ::kill(static_cast<pid_t>(pid), SIGINT) == 0;
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT

  private:
    QTemporaryDir m_tmp;
    QString m_heldout;  // a few thousand tokens of held-out scripture text
    QString m_pkg;      // the demo scripture package, built once by ensurePackage()
    CliResult m_compress;
    bool m_compressRan = false;
    CliResult m_packageEval;  // `eval --package --json`, run once by ensurePackageEval()
    bool m_packageEvalRan = false;

    QString tmp(const QString& name) const { return m_tmp.filePath(name); }

    // The package most tests read: demo base + scripture fine-tune, absolute paths.
    bool ensurePackage() {
        if (!m_compressRan) {
            m_compressRan = true;
            QDir().mkpath(tmp("pkgs"));
            m_pkg = tmp("pkgs/scripture.bitdelta");
            m_compress = runCli(QStringList{"compress", "--base", demoDir("base"), "--finetune",
                                            demoDir("scripture"), "--out", m_pkg}
                                << quickCompressArgs());
        }
        return m_compress.ok();
    }

    bool ensurePackageEval() {
        if (!ensurePackage()) return false;
        if (!m_packageEvalRan) {
            m_packageEvalRan = true;
            m_packageEval = runCli({"eval", "--package", m_pkg, "--base", demoDir("base"),
                                    "--finetune", demoDir("scripture"), "--data", m_heldout,
                                    "--context", "256", "--device", "cpu", "--json"});
        }
        return m_packageEval.ok();
    }

    // A copy of the package that a test may damage.
    QString copyOfPackage(const QString& name) {
        const QString dir = tmp(name);
        QDir(dir).removeRecursively();
        QDir().mkpath(dir);
        for (const QString& f : QDir(m_pkg).entryList(QDir::Files))
            if (!QFile::copy(m_pkg + "/" + f, dir + "/" + f)) return {};
        return dir;
    }

  private slots:
    void initTestCase() {
        QVERIFY2(QFileInfo(cliPath()).isExecutable(), qPrintable(cliPath()));
        QVERIFY(m_tmp.isValid());
        // The first ~8 KB (whole lines) of the held-out scripture text: ~2300 tokens, enough to
        // separate the base from the fine-tune, a few seconds per model on a CPU.
        QFile in(demoDir("heldout/scripture.txt"));
        QVERIFY(in.open(QIODevice::ReadOnly | QIODevice::Text));
        QByteArray head;
        while (!in.atEnd() && head.size() < 8000)
            head += in.readLine();
        m_heldout = tmp("heldout_scripture_head.txt");
        QFile out(m_heldout);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QCOMPARE(out.write(head), head.size());
    }

    void version() {
        const CliResult r = runCli({"--version"});
        QVERIFY2(r.ok(), qPrintable(r.describe()));
        QCOMPARE(r.out.trimmed(), QStringLiteral("bitdelta " BITDELTA_PROJECT_VERSION));
    }

    void help_data() {
        QTest::addColumn<QString>("verb");
        for (const QString& v : kVerbs)
            QTest::newRow(qPrintable(v)) << v;
    }
    void help() {
        QFETCH(QString, verb);
        const CliResult top = runCli({"--help"});
        QVERIFY2(top.ok(), qPrintable(top.describe()));
        const QRegularExpression listed(QStringLiteral("^\\s+%1\\s+\\S").arg(verb),
                                        QRegularExpression::MultilineOption);
        QVERIFY2(listed.match(top.out).hasMatch(), qPrintable(top.out));
        const CliResult own = runCli({verb, "--help"});
        QVERIFY2(own.ok(), qPrintable(own.describe()));
        QVERIFY2(own.out.contains("Usage:") && own.out.contains(verb), qPrintable(own.out));
    }

    // Bad command lines: a normal exit with a non-zero code and a message on stderr, never a crash.
    void argumentErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no verb") << QStringList{} << "subcommand";
        QTest::newRow("csv and json")
            << QStringList{"inspect", "x", "--csv", "--json"} << "excludes";
        QTest::newRow("system without chat")
            << QStringList{"generate", "--model", demoDir("scripture"), "--prompt", "x", "--system",
                           "y",        "--quiet"}
            << "--system";
        QTest::newRow("eval base without package")
            << QStringList{"eval", "--base", demoDir("base"), "--data", "x.txt"} << "--package";
        QTest::newRow("bad number") << QStringList{"compress", "--steps", "many"} << "--steps";
        QTest::newRow("unknown verb") << QStringList{"frobnicate"} << "unknown verb 'frobnicate'";
    }
    void argumentErrors() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliResult r = runCli(args);
        QVERIFY2(r.normalExit(), qPrintable(r.describe()));
        QVERIFY2(r.code != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(message) || r.out.contains(message), qPrintable(r.describe()));
    }

    void info_data() {
        QTest::addColumn<QString>("dir");
        QTest::addColumn<QString>("tokenizer");
        for (const char* name : {"llama", "qwen2", "llama-sharded"})
            QTest::newRow(name) << fixtureDir(name) << "bpe-bytelevel";
        QTest::newRow("mistral") << fixtureDir("mistral") << "bpe-metaspace";
        QTest::newRow("demo base") << demoDir("base") << "bpe-bytelevel";
    }
    void info() {
        QFETCH(QString, dir);
        QFETCH(QString, tokenizer);
        QString error;
        const QJsonObject config = readJsonObject(dir + "/config.json", &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const CliResult r = runCli({"info", dir});
        QVERIFY2(r.ok(), qPrintable(r.describe()));
        const auto kv = parseKeyValueLines(r.out);
        QCOMPARE(kv.value("folder"), dir);
        QCOMPARE(kv.value("architecture"), config["architectures"].toArray().at(0).toString());
        QCOMPARE(kv.value("model type"), config["model_type"].toString());
        QCOMPARE(kv.value("layers").toLongLong(), config["num_hidden_layers"].toInteger());
        QCOMPARE(kv.value("hidden size").toLongLong(), config["hidden_size"].toInteger());
        QCOMPARE(kv.value("intermediate").toLongLong(), config["intermediate_size"].toInteger());
        QCOMPARE(kv.value("heads"), QStringLiteral("%1 (kv heads %2)")
                                        .arg(config["num_attention_heads"].toInteger())
                                        .arg(config["num_key_value_heads"].toInteger()));
        QCOMPARE(kv.value("vocab").toLongLong(), config["vocab_size"].toInteger());
        QCOMPARE(kv.value("dtype"), config["dtype"].toString());
        QCOMPARE(kv.value("tokenizer"), tokenizer);
        QCOMPARE(kv.value("chat template"), QStringLiteral("yes"));
        // "172K (172352)": the exact count in parentheses equals the safetensors headers' total.
        const SafetensorsSet st = readSafetensorsDir(dir);
        QVERIFY2(st.error.isEmpty(), qPrintable(st.error));
        qint64 params = 0;
        for (const TensorInfo& t : st.tensors)
            params += t.numel();
        QVERIFY2(kv.value("parameters").endsWith(QStringLiteral("(%1)").arg(params)),
                 qPrintable(kv.value("parameters")));
        QCOMPARE(kv.value("shards").toInt(),
                 QDir(dir).entryList({"*.safetensors"}, QDir::Files).size());
    }

    void infoJson_data() { info_data(); }
    void infoJson() {
        QFETCH(QString, dir);
        QFETCH(QString, tokenizer);
        QString error;
        const QJsonObject config = readJsonObject(dir + "/config.json", &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const CliResult r = runCli({"info", "--json", dir});
        QVERIFY2(r.ok(), qPrintable(r.describe()));
        QJsonParseError pe;
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8(), &pe).object();
        QVERIFY2(pe.error == QJsonParseError::NoError, qPrintable(pe.errorString() + r.out));
        QCOMPARE(j["dir"].toString(), dir);
        QCOMPARE(j["architecture"].toString(), config["architectures"].toArray().at(0).toString());
        QCOMPARE(j["model_type"].toString(), config["model_type"].toString());
        QCOMPARE(j["layers"].toInteger(), config["num_hidden_layers"].toInteger());
        QCOMPARE(j["hidden_size"].toInteger(), config["hidden_size"].toInteger());
        QCOMPARE(j["intermediate_size"].toInteger(), config["intermediate_size"].toInteger());
        QCOMPARE(j["attention_heads"].toInteger(), config["num_attention_heads"].toInteger());
        QCOMPARE(j["kv_heads"].toInteger(), config["num_key_value_heads"].toInteger());
        QCOMPARE(j["vocab_size"].toInteger(), config["vocab_size"].toInteger());
        QCOMPARE(j["dtype"].toString(), config["dtype"].toString());
        QCOMPARE(j["tokenizer_kind"].toString(), tokenizer);
        QCOMPARE(j["has_chat_template"].toBool(), true);
        const QStringList shards = QDir(dir).entryList({"*.safetensors"}, QDir::Files);
        QCOMPARE(j["shards"].toInt(), shards.size());
        const SafetensorsSet st = readSafetensorsDir(dir);
        QVERIFY2(st.error.isEmpty(), qPrintable(st.error));
        qint64 params = 0, bytes = 0;
        for (const TensorInfo& t : st.tensors)
            params += t.numel(), bytes += t.end - t.begin;
        QCOMPARE(j["parameters"].toInteger(), params);
        QCOMPARE(j["weight_bytes"].toInteger(), bytes);
        qint64 onDisk = 0;
        for (const QFileInfo& f : QDir(dir).entryInfoList(QDir::Files))
            onDisk += f.size();
        QCOMPARE(j["size_on_disk_bytes"].toInteger(), onDisk);
        QVERIFY(j["memory_estimate_bytes"].toInteger() > bytes);
    }

    void infoErrors_data() {
        QTest::addColumn<QString>("dir");
        QTest::addColumn<QString>("fault");
        QTest::newRow("missing folder") << tmp("no-such-folder") << "does not exist";
        QDir().mkpath(tmp("empty-folder"));
        QTest::newRow("no config.json") << tmp("empty-folder") << "config.json";
        QTest::newRow("a file") << demoDir("base/config.json") << "not a folder";
    }
    void infoErrors() {
        QFETCH(QString, dir);
        QFETCH(QString, fault);
        for (const QStringList& args :
             {QStringList{"info", dir}, QStringList{"info", "--json", dir}}) {
            const CliResult r = runCli(args);
            QVERIFY2(r.normalExit() && r.code == 1, qPrintable(r.describe()));
            QVERIFY2(r.err.contains(dir) && r.err.contains(fault), qPrintable(r.describe()));
            QVERIFY2(r.out.trimmed().isEmpty(), qPrintable(r.describe()));
        }
    }

    void compress() {
        QVERIFY2(ensurePackage(), qPrintable(m_compress.describe()));
        QVERIFY2(m_compress.out.contains("wrote " + m_pkg), qPrintable(m_compress.out));
        QVERIFY2(m_compress.out.contains("matrices: 28"), qPrintable(m_compress.out));
        // Progress went to stderr, stage by stage.
        QVERIFY2(m_compress.err.contains("Distilling scales") &&
                     m_compress.err.contains("Writing package"),
                 qPrintable(m_compress.err));
        // ... and ended on the last stage's 100 %, not on an empty bar of a stage after it.
        const QString lastProgress = m_compress.err.trimmed().section('\n', -1);
        QVERIFY2(lastProgress.startsWith("Writing package") && lastProgress.contains("100%"),
                 qPrintable(m_compress.err));

        // The folder: the delta, the fine-tune's config and tokenizer files verbatim, the report.
        for (const char* f : {"delta.safetensors", "config.json", "tokenizer.json",
                              "tokenizer_config.json", "generation_config.json", "report.json"})
            QVERIFY2(QFileInfo(m_pkg + "/" + f).isFile(), f);
        for (const char* f : {"config.json", "tokenizer.json", "tokenizer_config.json"})
            QVERIFY2(readAll(m_pkg + "/" + f) == readAll(demoDir("scripture/") + f), f);
        QVERIFY(!QFileInfo::exists(m_pkg + "/model.safetensors"));
        const QStringList leftovers = entriesContaining(tmp("pkgs"), ".tmp-");
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(", ")));

        // report.json: every matrix of the 4 layers x 7, with shapes from config.json and finite
        // errors in a plausible range for 1-bit signs (cos(Δ, sign Δ) ~ 0.8 for Gaussian-like Δ).
        QString error;
        const QJsonObject config = readJsonObject(demoDir("scripture/config.json"), &error);
        const QJsonObject report = readJsonObject(m_pkg + "/report.json", &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(report["architecture"].toString(), QStringLiteral("LlamaForCausalLM"));
        QCOMPARE(report["format_version"].toInt(), 1);
        QVERIFY(QRegularExpression("^[0-9a-f]{16}$")
                    .match(report["base_fingerprint"].toString())
                    .hasMatch());
        const QList<MatrixSpec> specs = expectedMatrices(config);
        QCOMPARE(specs.size(), 28);
        const QJsonArray matrices = report["matrices"].toArray();
        QCOMPARE(matrices.size(), 28);
        QMap<QString, QJsonObject> byName;
        for (const QJsonValue& v : matrices)
            byName.insert(v["name"].toString(), v.toObject());
        QCOMPARE(byName.size(), 28);
        for (const MatrixSpec& s : specs) {
            QVERIFY2(byName.contains(s.name), qPrintable(s.name));
            const QJsonObject m = byName[s.name];
            QCOMPARE(m["layer"].toInt(), s.layer);
            QCOMPARE(m["kind"].toString(), s.kind);
            QCOMPARE(m["rows"].toInteger(), s.rows);
            QCOMPARE(m["cols"].toInteger(), s.cols);
            for (const char* key : {"relative_error", "relative_error_init", "cosine", "delta_norm",
                                    "alpha_init", "alpha_final", "output_error"})
                QVERIFY2(finite(m[key]), qPrintable(s.name + ": " + key));
            const double err = m["relative_error"].toDouble();
            QVERIFY2(err > 0.2 && err < 1.0, qPrintable(s.name + QString::number(err)));
            QVERIFY(m["cosine"].toDouble() > 0.5 && m["cosine"].toDouble() <= 1.0);
            QVERIFY(m["delta_norm"].toDouble() > 0 && m["alpha_final"].toDouble() > 0);
            QCOMPARE(m["singular_values"].toArray().size() > 0, true);
        }
        const QJsonObject distill = report["distill"].toObject();
        QCOMPARE(distill["loss"].toArray().size(), 3);
        QVERIFY(finite(distill["final_loss"]));
        QVERIFY(report["eval"].isNull());  // no --eval given

        // delta.safetensors, read after docs/FORMAT.md.
        const SafetensorsSet delta = readSafetensors(m_pkg + "/delta.safetensors");
        QVERIFY2(delta.error.isEmpty(), qPrintable(delta.error));
        QCOMPARE(delta.metadata["format"].toString(), QStringLiteral("bitdelta"));
        QCOMPARE(delta.metadata["format_version"].toString(), QStringLiteral("1"));
        QCOMPARE(delta.metadata["architecture"].toString(), QStringLiteral("LlamaForCausalLM"));
        QCOMPARE(delta.metadata["base_fingerprint"].toString(),
                 report["base_fingerprint"].toString());
        const QJsonObject shapes =
            QJsonDocument::fromJson(delta.metadata["matrix_shapes"].toString().toUtf8()).object();
        QCOMPARE(shapes.size(), 28);
        QStringList compressedNames;
        for (const MatrixSpec& s : specs) {
            compressedNames << s.name;
            QCOMPARE(shapes[s.name].toArray(), (QJsonArray{s.rows, s.cols}));
            const TensorInfo signs = delta.tensors.value(s.name + ".signs");
            QCOMPARE(signs.dtype, QStringLiteral("I32"));
            QCOMPARE(signs.shape, (QList<qint64>{s.rows, (s.cols + 31) / 32}));
            const TensorInfo scale = delta.tensors.value(s.name + ".scale");
            QCOMPARE(scale.dtype, QStringLiteral("F32"));
            QVERIFY(scale.shape.isEmpty());
            QCOMPARE(f32At(tensorBytes(scale), 0),
                     static_cast<float>(byName[s.name]["alpha_final"].toDouble()));
        }
        // Kept tensors: every other tensor of the fine-tune, bit for bit.
        const SafetensorsSet ft = readSafetensorsDir(demoDir("scripture"));
        QVERIFY2(ft.error.isEmpty(), qPrintable(ft.error));
        QCOMPARE(delta.tensors.size(), ft.tensors.size() + 28);
        for (auto it = ft.tensors.begin(); it != ft.tensors.end(); ++it) {
            if (compressedNames.contains(it.key())) continue;
            const TensorInfo kept = delta.tensors.value(it.key());
            QCOMPARE(kept.dtype, it->dtype);
            QCOMPARE(kept.shape, it->shape);
            QVERIFY2(tensorBytes(kept) == tensorBytes(*it), qPrintable(it.key()));
        }
    }

    // The same compress run from the source folder with relative paths: the package must hold
    // the fine-tune's config.json and tokenizer files exactly as with absolute paths.
    void compressRelativePaths() {
        const QString out = tmp("relative/scripture.bitdelta");
        QDir().mkpath(tmp("relative"));
        QStringList args = {
            "compress", "--base", "resources/demo/base", "--finetune", "resources/demo/scripture",
            "--out",    out};
        args << quickCompressArgs();
        args[args.indexOf("--calib") + 1] = "resources/demo/calib/scripture.txt";
        const CliResult r = runCli(args, kLongMs, sourceDir());
        QVERIFY2(r.ok(), qPrintable(r.describe()));
        QVERIFY(QFileInfo(out + "/delta.safetensors").isFile());
        QVERIFY2(
            QFileInfo(out + "/config.json").isFile() && QFileInfo(out + "/tokenizer.json").isFile(),
            qPrintable(QDir(out).entryList(QDir::Files).join(", ")));
        const CliResult inspect = runCli({"inspect", out});
        QVERIFY2(inspect.ok(), qPrintable(inspect.describe()));
    }

    // docs/FORMAT.md: writing over an existing package replaces it, leaving no old copy behind.
    void compressReplacesPackage() {
        QDir().mkpath(tmp("replace"));
        const QString out = tmp("replace/scripture.bitdelta");
        for (const char* steps : {"0", "2"}) {
            QStringList args =
                QStringList{
                    "compress", "--base", demoDir("base"), "--finetune", demoDir("scripture"),
                    "--out",    out,      "--quiet"}
                << quickCompressArgs();
            args[args.indexOf("--steps") + 1] = steps;
            const CliResult r = runCli(args);
            QVERIFY2(r.ok(), qPrintable(r.describe()));
            const QJsonObject report = readJsonObject(out + "/report.json");
            QCOMPARE(report["distill"]["loss"].toArray().size(), QByteArray(steps).toInt());
            QCOMPARE(report["settings"]["distill"]["steps"].toInt(), QByteArray(steps).toInt());
        }
        QCOMPARE(
            QDir(tmp("replace")).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
            QStringList{"scripture.bitdelta"});
    }

    void compressMismatch_data() {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("finetune");
        QTest::addColumn<QString>("fault");
        QTest::newRow("llama base, qwen2 fine-tune")
            << demoDir("base") << fixtureDir("qwen2") << "architecture";
        QTest::newRow("other sizes")
            << demoDir("base") << fixtureDir("llama") << "num_hidden_layers";
        QTest::newRow("missing fine-tune")
            << demoDir("base") << tmp("no-such-model") << "does not exist";
    }
    void compressMismatch() {
        QFETCH(QString, base);
        QFETCH(QString, finetune);
        QFETCH(QString, fault);
        const QString parent = tmp(QStringLiteral("mismatch-%1").arg(QTest::currentDataTag()));
        QDir().mkpath(parent);
        const QString out = parent + "/bad.bitdelta";
        const CliResult r = runCli(
            QStringList{"compress", "--base", base, "--finetune", finetune, "--out", out, "--quiet"}
            << quickCompressArgs());
        QVERIFY2(r.normalExit() && r.code == 1, qPrintable(r.describe()));
        QVERIFY2(r.err.contains("error:") && r.err.contains(finetune) && r.err.contains(fault),
                 qPrintable(r.describe()));
        QVERIFY(!QFileInfo::exists(out));
        QCOMPARE(QDir(parent).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList());
    }

    // docs/FORMAT.md: writing over a package replaces it; any other existing path is refused.
    void compressRefusesOccupiedFolder() {
        const QString out = tmp("occupied");
        QDir().mkpath(out);
        QFile keep(out + "/notes.txt");
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.write("mine\n");
        keep.close();
        const CliResult r = runCli(QStringList{"compress", "--base", demoDir("base"), "--finetune",
                                               demoDir("scripture"), "--out", out, "--quiet"}
                                   << quickCompressArgs());
        QVERIFY2(r.normalExit() && r.code == 1, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(out) && r.err.contains("refusing"), qPrintable(r.describe()));
        QCOMPARE(QDir(out).entryList(QDir::Files), QStringList{"notes.txt"});
        QCOMPARE(readAll(out + "/notes.txt"), QByteArray("mine\n"));
        QVERIFY(entriesContaining(m_tmp.path(), ".tmp-").isEmpty());
    }

    void inspectTable() {
        QVERIFY2(ensurePackage(), qPrintable(m_compress.describe()));
        const CliResult r = runCli({"inspect", m_pkg, "--top", "0"});
        QVERIFY2(r.ok(), qPrintable(r.describe()));
        QVERIFY2(r.out.contains("LlamaForCausalLM, 28 compressed matrices"), qPrintable(r.out));
        QVERIFY2(r.out.contains("distillation  3 steps"), qPrintable(r.out));
        // Table rows: name first, output error last; worst (largest output error) first, since
        // the package measured output errors (--diag-sequences 1).
        QList<double> outErrors;
        QStringList names;
        for (const QString& line : r.out.split('\n')) {
            if (!line.startsWith("model.layers.")) continue;
            const QStringList cols = line.split(' ', Qt::SkipEmptyParts);
            QCOMPARE(cols.size(), 10);
            names << cols.first();
            outErrors << cols.last().toDouble();
        }
        QCOMPARE(names.size(), 28);
        QCOMPARE(QSet<QString>(names.begin(), names.end()).size(), 28);
        for (int i = 1; i < outErrors.size(); ++i)
            QVERIFY2(outErrors[i - 1] >= outErrors[i], qPrintable(names[i]));
        const CliResult top = runCli({"inspect", m_pkg, "--top", "5"});
        QVERIFY2(top.ok(), qPrintable(top.describe()));
        QCOMPARE(top.out.count(
                     QRegularExpression("^model\\.layers\\.", QRegularExpression::MultilineOption)),
                 5);
        QVERIFY2(top.out.contains("... 23 more"), qPrintable(top.out));
        QVERIFY(top.out.contains(names.first()));
    }

    // --json is "the full report.json" (cmd_inspect.cpp): the file's own (model) order; only the
    // table sorts worst first.
    void inspectJson() {
        QVERIFY2(ensurePackage(), qPrintable(m_compress.describe()));
        const CliResult r = runCli({"inspect", m_pkg, "--json"});
        QVERIFY2(r.ok(), qPrintable(r.describe()));
        QJsonParseError pe;
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8(), &pe).object();
        QVERIFY2(pe.error == QJsonParseError::NoError, qPrintable(pe.errorString()));
        QCOMPARE(j, readJsonObject(m_pkg + "/report.json"));
        QCOMPARE(j["matrices"].toArray().size(), 28);
        QCOMPARE(j["base_dir"].toString(), demoDir("base"));
        QCOMPARE(j["finetune_dir"].toString(), demoDir("scripture"));
    }

    void inspectCsv() {
        QVERIFY2(ensurePackage(), qPrintable(m_compress.describe()));
        const CliResult r = runCli({"inspect", m_pkg, "--csv"});
        QVERIFY2(r.ok(), qPrintable(r.describe()));
        const QStringList lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 29);
        const QStringList header = lines.first().split(',');
        QCOMPARE(header, (QStringList{"name", "layer", "kind", "rows", "cols", "delta_norm",
                                      "alpha_init", "alpha_final", "relative_error_init",
                                      "relative_error", "cosine", "svd_equal_storage_rank",
                                      "svd_equal_storage_error", "output_error"}));
        const QJsonArray matrices = readJsonObject(m_pkg + "/report.json")["matrices"].toArray();
        for (int i = 1; i < lines.size(); ++i) {
            const QStringList f = lines[i].split(',');
            QCOMPARE(f.size(), header.size());
            const QJsonObject m = matrices.at(i - 1).toObject();
            QCOMPARE(f[0], m["name"].toString());
            QCOMPARE(f[1].toInt(), m["layer"].toInt());
            QCOMPARE(f[2], m["kind"].toString());
            QVERIFY(f[0].contains(QStringLiteral(".%1.").arg(f[1])) && f[0].contains(f[2]));
            QCOMPARE(f[3].toLongLong(), m["rows"].toInteger());
            QCOMPARE(f[4].toLongLong(), m["cols"].toInteger());
            for (int c : {5, 6, 7, 8, 9, 10, 12, 13}) {
                bool ok = false;
                const double v = f[c].toDouble(&ok);
                const double want = m[header[c]].toDouble();
                QVERIFY2(ok && std::isfinite(v), qPrintable(lines[i]));
                QVERIFY2(std::abs(v - want) <= 1e-7 * std::max(1.0, std::abs(want)),
                         qPrintable(header[c] + ": " + f[c]));
            }
        }
    }

    void inspectErrors_data() {
        QTest::addColumn<QString>("dir");
        QTest::addColumn<QString>("fault");
        QTest::newRow("checkpoint folder") << demoDir("base") << "delta.safetensors";
        QDir().mkpath(tmp("empty-folder"));
        QTest::newRow("empty folder") << tmp("empty-folder") << "delta.safetensors";
        QTest::newRow("missing") << tmp("no-such.bitdelta") << "not a folder";
    }
    void inspectErrors() {
        QFETCH(QString, dir);
        QFETCH(QString, fault);
        for (const char* mode : {"", "--json", "--csv"}) {
            QStringList args{"inspect", dir};
            if (*mode) args << mode;
            const CliResult r = runCli(args);
            QVERIFY2(r.normalExit() && r.code == 1, qPrintable(r.describe()));
            QVERIFY2(r.err.contains(dir) && r.err.contains(fault), qPrintable(r.describe()));
            QVERIFY2(r.out.trimmed().isEmpty(), qPrintable(r.describe()));
        }
    }

    void evalPackage() {
        QVERIFY2(ensurePackage(), qPrintable(m_compress.describe()));
        const CliResult r = runCli({"eval", "--package", m_pkg, "--base", demoDir("base"),
                                    "--finetune", demoDir("scripture"), "--data", m_heldout,
                                    "--context", "256", "--device", "cpu"});
        QVERIFY2(r.ok(), qPrintable(r.describe()));
        const QList<double> base = numbersAfter(r.out, "base");
        const QList<double> ft = numbersAfter(r.out, "fine-tune");
        const QList<double> comp = numbersAfter(r.out, "compressed");
        const QList<double> gain = numbersAfter(r.out, "gain kept");
        QVERIFY2(base.size() == 2 && ft.size() == 2 && comp.size() == 2 && !gain.isEmpty(),
                 qPrintable(r.out));
        for (const auto& row : {base, ft, comp}) {
            QVERIFY2(row[0] > 0.5 && row[0] < 8.0, qPrintable(r.out));  // nats/token
            QVERIFY2(std::abs(row[1] - std::exp(row[0])) < 1e-3 * row[1], qPrintable(r.out));
        }
        // The fine-tune learned its domain; the 1-bit delta keeps most of that gain.
        QVERIFY2(base[0] > ft[0] + 0.05, qPrintable(r.out));
        QVERIFY2(comp[0] < base[0], qPrintable(r.out));
        const double kept = 100 * (base[0] - comp[0]) / (base[0] - ft[0]);
        QVERIFY2(std::abs(gain[0] - kept) < 0.2, qPrintable(r.out));
        QVERIFY2(gain[0] > 50, qPrintable(r.out));
        QVERIFY2(r.out.contains("tokens scored"), qPrintable(r.out));
    }

    void evalPackageJson() {
        QVERIFY2(ensurePackageEval(), qPrintable(m_packageEval.describe()));
        QJsonParseError pe;
        const QJsonObject j = QJsonDocument::fromJson(m_packageEval.out.toUtf8(), &pe).object();
        QVERIFY2(pe.error == QJsonParseError::NoError,
                 qPrintable(pe.errorString() + m_packageEval.out));
        const double lb = j["base"]["mean_nll"].toDouble();
        const double lf = j["finetune"]["mean_nll"].toDouble();
        const double lc = j["compressed"]["mean_nll"].toDouble();
        QVERIFY(lb > lf + 0.05);
        QCOMPARE(j["base"]["tokens"].toInteger(), j["compressed"]["tokens"].toInteger());
        QVERIFY(j["base"]["tokens"].toInteger() > 1000);
        QVERIFY(std::abs(j["gain_kept"].toDouble() - (lb - lc) / (lb - lf)) < 1e-6);
        // The fine-tune's number is an ordinary `eval --model` of the fine-tune folder.
        const CliResult plain =
            runCli({"eval", "--model", demoDir("scripture"), "--data", m_heldout, "--context",
                    "256", "--device", "cpu", "--json"});
        QVERIFY2(plain.ok(), qPrintable(plain.describe()));
        const QJsonObject p = QJsonDocument::fromJson(plain.out.toUtf8()).object();
        QVERIFY2(std::abs(p["mean_nll"].toDouble() - lf) < 1e-5, qPrintable(plain.out));
        QCOMPARE(p["tokens"].toInteger(), j["finetune"]["tokens"].toInteger());
    }

    void exportMerged() {
        QVERIFY2(ensurePackage(), qPrintable(m_compress.describe()));
        const QString out = tmp("exported");
        const CliResult r = runCli({"export", m_pkg, "--base", demoDir("base"), "--out", out});
        QVERIFY2(r.ok(), qPrintable(r.describe()));
        QVERIFY2(r.out.contains("wrote " + out), qPrintable(r.out));
        for (const char* f :
             {"config.json", "tokenizer.json", "tokenizer_config.json", "generation_config.json"})
            QVERIFY2(readAll(out + "/" + f) == readAll(m_pkg + "/" + f), f);
        const bool single = QFileInfo(out + "/model.safetensors").isFile();
        QVERIFY(single || QFileInfo(out + "/model.safetensors.index.json").isFile());
        QVERIFY(!QFileInfo::exists(out + "/delta.safetensors"));
        QVERIFY(!QFileInfo::exists(out + "/report.json"));

        // Same tensors as the fine-tune (names, dtypes, shapes); kept tensors bit for bit; every
        // merged matrix is bf16(W_base + scale * S) with S unpacked after docs/FORMAT.md.
        const SafetensorsSet merged = readSafetensorsDir(out);
        const SafetensorsSet ft = readSafetensorsDir(demoDir("scripture"));
        const SafetensorsSet base = readSafetensorsDir(demoDir("base"));
        const SafetensorsSet delta = readSafetensors(m_pkg + "/delta.safetensors");
        for (const auto* s : {&merged, &ft, &base, &delta})
            QVERIFY2(s->error.isEmpty(), qPrintable(s->error));
        QCOMPARE(merged.tensors.keys(), ft.tensors.keys());
        const QList<MatrixSpec> specs = expectedMatrices(readJsonObject(out + "/config.json"));
        QStringList compressed;
        for (const MatrixSpec& s : specs)
            compressed << s.name;
        for (auto it = ft.tensors.begin(); it != ft.tensors.end(); ++it) {
            const TensorInfo& m = merged.tensors[it.key()];
            QCOMPARE(m.dtype, it->dtype);
            QCOMPARE(m.shape, it->shape);
            if (!compressed.contains(it.key()))
                QVERIFY2(tensorBytes(m) == tensorBytes(*it), qPrintable(it.key()));
        }
        for (const MatrixSpec& s : specs) {
            QCOMPARE(merged.tensors[s.name].dtype, QStringLiteral("BF16"));
            const QByteArray w = tensorBytes(merged.tensors[s.name]);
            const QByteArray b = tensorBytes(base.tensors[s.name]);
            const QByteArray signs = tensorBytes(delta.tensors[s.name + ".signs"]);
            const float scale = f32At(tensorBytes(delta.tensors[s.name + ".scale"]), 0);
            const qint64 words = (s.cols + 31) / 32;
            QCOMPARE(w.size(), s.rows * s.cols * 2);
            QCOMPARE(b.size(), s.rows * s.cols * 2);
            QCOMPARE(signs.size(), s.rows * words * 4);
            qint64 far = 0;
            for (qint64 n = 0; n < s.rows; ++n)
                for (qint64 k = 0; k < s.cols; ++k) {
                    const bool plus = (u32At(signs, n * words + k / 32) >> (k % 32)) & 1u;
                    const float want = bf16At(b, n * s.cols + k) + (plus ? scale : -scale);
                    const float got = bf16At(w, n * s.cols + k);
                    // One bf16 rounding step: 2^-8 relative, plus a floor for values near zero.
                    if (std::abs(got - want) > std::abs(want) * (1.0f / 256) + 1e-6f) ++far;
                }
            QVERIFY2(far == 0, qPrintable(QStringLiteral("%1: %2 weights differ from base + "
                                                         "scale * sign")
                                              .arg(s.name)
                                              .arg(far)));
        }

        // The merged folder is an ordinary checkpoint to the CLI too.
        const CliResult info = runCli({"info", "--json", out});
        QVERIFY2(info.ok(), qPrintable(info.describe()));
        const QJsonObject j = QJsonDocument::fromJson(info.out.toUtf8()).object();
        QCOMPARE(j["architecture"].toString(), QStringLiteral("LlamaForCausalLM"));
        QCOMPARE(j["layers"].toInt(), 4);
        QCOMPARE(j["parameters"].toInteger(), 2361024);

        // ... and evaluates like the package it came from (bf16 rounding of the merged weights
        // only).
        QVERIFY2(ensurePackageEval(), qPrintable(m_packageEval.describe()));
        const double packaged = QJsonDocument::fromJson(m_packageEval.out.toUtf8())
                                    .object()
                                    .value("compressed")["mean_nll"]
                                    .toDouble();
        const CliResult ev = runCli({"eval", "--model", out, "--data", m_heldout, "--context",
                                     "256", "--device", "cpu", "--json"});
        QVERIFY2(ev.ok(), qPrintable(ev.describe()));
        const double mergedLoss =
            QJsonDocument::fromJson(ev.out.toUtf8()).object()["mean_nll"].toDouble();
        QVERIFY2(
            std::abs(mergedLoss - packaged) < 0.01,
            qPrintable(QStringLiteral("merged %1 vs package %2").arg(mergedLoss).arg(packaged)));
    }

    // export from inside the package's parent folder, with relative paths: the merged folder must
    // still be a complete checkpoint (config.json and tokenizer next to the weights).
    void exportRelativePaths() {
        QVERIFY2(ensurePackage(), qPrintable(m_compress.describe()));
        const CliResult r = runCli({"export", "scripture.bitdelta", "--base", demoDir("base"),
                                    "--out", "relative-export", "--quiet"},
                                   kLongMs, tmp("pkgs"));
        QVERIFY2(r.ok(), qPrintable(r.describe()));
        const QString out = tmp("pkgs/relative-export");
        QVERIFY(QFileInfo(out + "/model.safetensors").isFile());
        QVERIFY2(
            QFileInfo(out + "/config.json").isFile() && QFileInfo(out + "/tokenizer.json").isFile(),
            qPrintable(QDir(out).entryList(QDir::Files).join(", ")));
        const CliResult info = runCli({"info", out});
        QVERIFY2(info.ok(), qPrintable(info.describe()));
    }

    void exportErrors_data() {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QStringList>("named");
        QTest::newRow("other base") << demoDir("jargon") << tmp("export-other-base")
                                    << QStringList{"another base", demoDir("jargon")};
        const QString occupied = tmp("export-occupied");
        QDir().mkpath(occupied);
        QFile f(occupied + "/notes.txt");
        if (f.open(QIODevice::WriteOnly)) f.write("mine\n");
        QTest::newRow("occupied out")
            << demoDir("base") << occupied << QStringList{occupied, "not empty"};
    }
    void exportErrors() {
        QFETCH(QString, base);
        QFETCH(QString, out);
        QFETCH(QStringList, named);
        QVERIFY2(ensurePackage(), qPrintable(m_compress.describe()));
        const bool existed = QFileInfo::exists(out);
        const QStringList before = QDir(out).entryList(QDir::Files);
        const CliResult r = runCli({"export", m_pkg, "--base", base, "--out", out, "--quiet"});
        QVERIFY2(r.normalExit() && r.code == 1, qPrintable(r.describe()));
        for (const QString& n : named)
            QVERIFY2(r.err.contains(n), qPrintable(r.describe()));
        QCOMPARE(QFileInfo::exists(out), existed);
        QCOMPARE(QDir(out).entryList(QDir::Files), before);
    }

    // A damaged package is refused by every reader with a message naming delta.safetensors; the
    // process exits normally with code 1 (no crash, no signal).
    void damagedPackage_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("named");
        for (const char* d : {"truncated to half", "truncated to 4 bytes", "empty file",
                              "huge header length", "header not JSON"})
            QTest::newRow(d) << d << "delta.safetensors";
        QTest::newRow("delta.safetensors removed") << "remove delta"
                                                   << "delta.safetensors";
        QTest::newRow("config.json removed") << "remove config"
                                             << "config.json";
    }
    void damagedPackage() {
        QFETCH(QString, damage);
        QFETCH(QString, named);
        QVERIFY2(ensurePackage(), qPrintable(m_compress.describe()));
        const QString pkg = copyOfPackage("damaged.bitdelta");
        QVERIFY(!pkg.isEmpty());
        const QString file = pkg + "/delta.safetensors";
        QFile f(file);
        if (damage == "truncated to half") {
            QVERIFY(f.resize(f.size() / 2));
        } else if (damage == "truncated to 4 bytes") {
            QVERIFY(f.resize(4));
        } else if (damage == "empty file") {
            QVERIFY(f.resize(0));
        } else if (damage == "huge header length" || damage == "header not JSON") {
            QVERIFY(f.open(QIODevice::ReadWrite));
            if (damage == "huge header length") {
                f.write(QByteArray("\xff\xff\xff\xff\xff\xff\xff\x7f", 8));
            } else {
                f.seek(8);
                f.write("XXXX");
            }
            f.close();
        } else if (damage == "remove delta") {
            QVERIFY(f.remove());
        } else if (damage == "remove config") {
            QVERIFY(QFile::remove(pkg + "/config.json"));
        }
        const QString exported = tmp("damaged-export");
        const QList<QStringList> commands = {
            {"inspect", pkg},
            {"inspect", pkg, "--csv"},
            {"export", pkg, "--base", demoDir("base"), "--out", exported, "--quiet"},
            {"eval", "--package", pkg, "--base", demoDir("base"), "--data", m_heldout, "--device",
             "cpu", "--quiet"},
        };
        for (const QStringList& args : commands) {
            const CliResult r = runCli(args);
            QVERIFY2(r.normalExit(), qPrintable(r.describe()));
            QVERIFY2(r.code == 1, qPrintable(r.describe()));
            QVERIFY2(r.err.contains("error:") && r.err.contains(named) && r.err.contains(pkg),
                     qPrintable(r.describe()));
        }
        QVERIFY(!QFileInfo::exists(exported));
    }

    // Ctrl-C after the work has visibly started: exit code 130, "cancelled", nothing half-written.
    void cancel_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("startedMarker");  // on stderr; empty: any stdout output
        QTest::addColumn<QString>("mustNotExist");
        const QString pkg = tmp("cancel/long.bitdelta");
        QTest::newRow("compress") << (QStringList{"compress", "--base", demoDir("base"),
                                                  "--finetune", demoDir("scripture"), "--out", pkg,
                                                  "--steps", "100000", "--calib-sequences", "12",
                                                  "--seq-len", "32", "--device", "cpu"})
                                  << "Distilling scales" << pkg;
        QTest::newRow("generate") << (QStringList{"generate", "--model", demoDir("scripture"),
                                                  "--prompt", "And God said", "--max-tokens",
                                                  "100000", "--device", "cpu"})
                                  << QString() << QString();
        QTest::newRow("eval") << (QStringList{"eval", "--model", demoDir("base"), "--data",
                                              demoDir("heldout/scripture.txt"), "--device", "cpu"})
                              << "Evaluating" << QString();
    }
    void cancel() {
        QFETCH(QStringList, args);
        QFETCH(QString, startedMarker);
        QFETCH(QString, mustNotExist);
        QDir().mkpath(tmp("cancel"));
        QProcess p;
        p.setProcessEnvironment(cliEnvironment());
        p.start(cliPath(), args);
        QVERIFY(p.waitForStarted(60 * 1000));
        QString out, err;
        QElapsedTimer clock;
        clock.start();
        auto started = [&] {
            return startedMarker.isEmpty() ? !out.isEmpty() : err.contains(startedMarker);
        };
        while (!started() && p.state() == QProcess::Running && clock.elapsed() < kLongMs) {
            p.waitForReadyRead(200);
            out += QString::fromUtf8(p.readAllStandardOutput());
            err += QString::fromUtf8(p.readAllStandardError());
        }
        QVERIFY2(started(), qPrintable("never started: " + err.right(1500)));
        QVERIFY2(p.state() == QProcess::Running,
                 qPrintable("finished too soon: " + err.right(1500)));
        QVERIFY(sendSigint(p.processId()));
        const bool finished = p.waitForFinished(5 * 60 * 1000);
        if (!finished) p.kill(), p.waitForFinished(30 * 1000);
        err += QString::fromUtf8(p.readAllStandardError());
        out += QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(finished, "did not stop within 5 minutes of SIGINT");
        QVERIFY2(p.exitStatus() == QProcess::NormalExit, qPrintable(err.right(1500)));
        QCOMPARE(p.exitCode(), 130);
        QVERIFY2(err.contains("cancelled"), qPrintable(err.right(1500)));
        if (!mustNotExist.isEmpty()) QVERIFY(!QFileInfo::exists(mustNotExist));
        const QStringList leftovers = entriesContaining(tmp("cancel"), ".tmp-");
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(", ")));
    }

    // `chat` reads prompts from stdin and answers with every fine-tune; with --ignore-eos each
    // answer takes exactly --max-tokens tokens (finish "length"), as the studio's "Run to the
    // token limit" does. Without the flag the base's answer to this prompt stops after 19.
    void chatRunsToTheTokenLimit() {
        QVERIFY2(ensurePackage(), qPrintable(m_compress.describe()));
        QProcess p;
        p.setProcessEnvironment(cliEnvironment());
        p.start(cliPath(), {"chat", "--base", demoDir("base"), "--delta", m_pkg, "--with-base",
                            "--max-tokens", "40", "--ignore-eos", "--device", "cpu"});
        QVERIFY(p.waitForStarted(60 * 1000));
        p.write("And God said\n");
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(kLongMs));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 0);
        static const QRegularExpression stats(
            QStringLiteral("\\[(\\w+): \\d+ prompt \\+ (\\d+) new tokens, .* tokens/s, (\\w+)\\]"));
        int answers = 0;
        for (auto it = stats.globalMatch(err); it.hasNext(); ++answers) {
            const auto m = it.next();
            QVERIFY2(m.captured(2) == "40" && m.captured(3) == "length", qPrintable(m.captured(0)));
        }
        QVERIFY2(answers == 2, qPrintable(err.right(800)));  // the base and the fine-tune
    }

    void generateDeterministic_data() {
        QTest::addColumn<QStringList>("sampling");
        QTest::newRow("greedy") << QStringList{};
        QTest::newRow("seeded sampling") << QStringList{"--temperature", "0.9", "--seed", "7"};
    }
    void generateDeterministic() {
        QFETCH(QStringList, sampling);
        const QStringList args =
            QStringList{"generate",     "--model", demoDir("scripture"), "--prompt", "And God said",
                        "--max-tokens", "8",       "--device",           "cpu"}
            << sampling;
        const CliResult first = runCli(args);
        const CliResult second = runCli(args);
        QVERIFY2(first.ok(), qPrintable(first.describe()));
        QVERIFY2(second.ok(), qPrintable(second.describe()));
        QVERIFY2(!first.out.trimmed().isEmpty(), qPrintable(first.describe()));
        QCOMPARE(first.out, second.out);
        // The statistics line: 8 new tokens unless an end-of-sequence token came first.
        static const QRegularExpression stats(
            QStringLiteral("\\[(\\d+) prompt tokens, (\\d+) new tokens, .* finish: (\\w+)\\]"));
        const auto m = stats.match(first.err);
        QVERIFY2(m.hasMatch(), qPrintable(first.err.right(500)));
        QVERIFY(m.captured(1).toInt() > 0);
        QVERIFY2((m.captured(2) == "8" && m.captured(3) == "length") ||
                     (m.captured(2).toInt() <= 8 && m.captured(3) == "eos"),
                 qPrintable(m.captured(0)));
    }
};

// Exit code 77 (CTest's SKIP_RETURN_CODE) when the executable under test was not built.
int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (!QFileInfo(cliPath()).isExecutable()) {
        std::fprintf(stderr, "SKIP: %s is not an executable (build the bitdelta target)\n",
                     qPrintable(cliPath()));
        return 77;
    }
    TestCli test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_cli.moc"
