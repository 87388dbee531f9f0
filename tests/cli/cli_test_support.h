#pragma once
// Helpers for the CLI end-to-end tests: running the real bitdelta executable, and reading what it
// writes (config.json, safetensors headers and tensor bytes) with Qt only. The tests deliberately
// do not link core: they check the files against docs/FORMAT.md, independently of the code that
// wrote them.
#include <QByteArray>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <cmath>
#include <cstdint>
#include <cstring>

namespace clitest {

// Generous limits: the suite runs on loaded 2-core machines, where a small compress takes seconds
// but may take minutes.
constexpr int kLongMs = 10 * 60 * 1000;

inline QString cliPath() {
    const QString env = qEnvironmentVariable("BITDELTA_CLI");
    return env.isEmpty() ? QStringLiteral(BITDELTA_CLI_EXE) : env;
}
inline QString sourceDir() {
    return QStringLiteral(BITDELTA_SOURCE_DIR);
}
inline QString dataDir() {
    return QStringLiteral(BITDELTA_TEST_DATA_DIR);
}
inline QString demoDir(const QString& name) {
    return sourceDir() + "/resources/demo/" + name;
}
inline QString fixtureDir(const QString& name) {
    return dataDir() + "/checkpoints/" + name;
}

struct CliResult {
    QStringList args;
    bool started = false;
    bool finished = false;  // false: still running at the timeout, then killed
    QProcess::ExitStatus status = QProcess::CrashExit;
    int code = -1;
    QString out, err;

    bool normalExit() const { return started && finished && status == QProcess::NormalExit; }
    bool ok() const { return normalExit() && code == 0; }
    // What a failure message needs: the command, how it ended, and the end of its stderr.
    QString describe() const {
        QString how = !started                        ? QStringLiteral("did not start")
                      : !finished                     ? QStringLiteral("timed out")
                      : status == QProcess::CrashExit ? QStringLiteral("crashed (signal)")
                                                      : QStringLiteral("exit code %1").arg(code);
        return QStringLiteral("bitdelta %1: %2\nstderr (tail): %3\nstdout (tail): %4")
            .arg(args.join(' '), how, err.right(1500), out.right(800));
    }
};

// Environment for every run: no terminal (so progress is line-based), and no demo-folder override
// from the caller's shell.
inline QProcessEnvironment cliEnvironment() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("BITDELTA_DEMO_DIR"));
    return env;
}

inline CliResult runCli(const QStringList& args, int timeoutMs = kLongMs,
                        const QString& workDir = QString()) {
    CliResult r;
    r.args = args;
    QProcess p;
    p.setProcessEnvironment(cliEnvironment());
    if (!workDir.isEmpty()) p.setWorkingDirectory(workDir);
    p.start(cliPath(), args);
    r.started = p.waitForStarted(60 * 1000);
    if (!r.started) return r;
    r.finished = p.waitForFinished(timeoutMs);
    if (!r.finished) {
        p.kill();
        p.waitForFinished(30 * 1000);
    }
    r.status = p.exitStatus();
    r.code = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

inline QJsonObject readJsonObject(const QString& path, QString* error = nullptr) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error) *error = path + ": cannot open";
        return {};
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error) *error = path + ": " + pe.errorString();
        return {};
    }
    return doc.object();
}

inline QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Names under `dir` (recursively) that contain `needle`: leftovers such as ".NAME.tmp-<pid>".
inline QStringList entriesContaining(const QString& dir, const QString& needle) {
    QStringList found;
    const QFileInfoList entries = QDir(dir).entryInfoList(QDir::AllEntries | QDir::Hidden |
                                                          QDir::System | QDir::NoDotAndDotDot);
    for (const QFileInfo& e : entries) {
        if (e.fileName().contains(needle)) found << e.filePath();
        if (e.isDir() && !e.isSymLink()) found << entriesContaining(e.filePath(), needle);
    }
    return found;
}

// ---- safetensors, read from scratch after the spec: u64 LE header length, JSON header, data ----

struct TensorInfo {
    QString dtype;
    QList<qint64> shape;
    qint64 begin = 0, end = 0;  // absolute byte offsets in `file`
    QString file;
    qint64 numel() const {
        qint64 n = 1;
        for (qint64 d : shape)
            n *= d;
        return n;
    }
};

struct SafetensorsSet {
    QMap<QString, TensorInfo> tensors;
    QJsonObject metadata;
    QString error;  // empty when every file parsed
};

inline void readSafetensorsFile(const QString& path, SafetensorsSet& set) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        set.error = path + ": cannot open";
        return;
    }
    const QByteArray len = f.read(8);
    if (len.size() != 8) {
        set.error = path + ": shorter than 8 bytes";
        return;
    }
    quint64 n = 0;
    for (int i = 7; i >= 0; --i)
        n = (n << 8) | static_cast<quint8>(len[i]);
    if (n > static_cast<quint64>(f.size()) - 8) {
        set.error = path + ": header length past the end of the file";
        return;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.read(static_cast<qint64>(n)), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        set.error = path + ": header is not a JSON object: " + pe.errorString();
        return;
    }
    const qint64 dataStart = 8 + static_cast<qint64>(n);
    const QJsonObject header = doc.object();
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (it.key() == "__metadata__") {
            set.metadata = it.value().toObject();
            continue;
        }
        const QJsonObject t = it.value().toObject();
        TensorInfo info;
        info.dtype = t.value("dtype").toString();
        for (const QJsonValue& d : t.value("shape").toArray())
            info.shape << static_cast<qint64>(d.toDouble());
        const QJsonArray off = t.value("data_offsets").toArray();
        info.begin = dataStart + static_cast<qint64>(off.at(0).toDouble());
        info.end = dataStart + static_cast<qint64>(off.at(1).toDouble());
        info.file = path;
        if (info.end > f.size() || info.begin > info.end)
            set.error = path + ": tensor " + it.key() + " lies outside the file";
        set.tensors.insert(it.key(), info);
    }
}

// Every *.safetensors file of a folder (one file or shards).
inline SafetensorsSet readSafetensorsDir(const QString& dir) {
    SafetensorsSet set;
    const QStringList files = QDir(dir).entryList({"*.safetensors"}, QDir::Files, QDir::Name);
    if (files.isEmpty()) set.error = dir + ": no *.safetensors";
    for (const QString& f : files)
        readSafetensorsFile(dir + "/" + f, set);
    return set;
}

inline SafetensorsSet readSafetensors(const QString& path) {
    SafetensorsSet set;
    readSafetensorsFile(path, set);
    return set;
}

inline QByteArray tensorBytes(const TensorInfo& t) {
    QFile f(t.file);
    if (!f.open(QIODevice::ReadOnly) || !f.seek(t.begin)) return {};
    return f.read(t.end - t.begin);
}

inline float bf16ToFloat(quint16 h) {
    const quint32 bits = static_cast<quint32>(h) << 16;
    float v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
}

// Little-endian element i of a BF16 / F32 / I32 buffer.
inline float bf16At(const QByteArray& b, qint64 i) {
    const auto* p = reinterpret_cast<const uchar*>(b.constData()) + 2 * i;
    return bf16ToFloat(static_cast<quint16>(p[0] | (p[1] << 8)));
}
inline quint32 u32At(const QByteArray& b, qint64 i) {
    const auto* p = reinterpret_cast<const uchar*>(b.constData()) + 4 * i;
    return static_cast<quint32>(p[0]) | (static_cast<quint32>(p[1]) << 8) |
           (static_cast<quint32>(p[2]) << 16) | (static_cast<quint32>(p[3]) << 24);
}
inline float f32At(const QByteArray& b, qint64 i) {
    const quint32 bits = u32At(b, i);
    float v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
}

// The 7 compressed matrices of every decoder layer (docs/FORMAT.md), with [rows, cols] from config.
struct MatrixSpec {
    QString name, kind;
    int layer = 0;
    qint64 rows = 0, cols = 0;
};

inline QList<MatrixSpec> expectedMatrices(const QJsonObject& config) {
    const qint64 hidden = config.value("hidden_size").toInteger();
    const qint64 inter = config.value("intermediate_size").toInteger();
    const qint64 heads = config.value("num_attention_heads").toInteger();
    const qint64 kv = config.value("num_key_value_heads").toInteger(heads);
    const qint64 headDim = config.value("head_dim").toInteger(hidden / heads);
    const int layers = config.value("num_hidden_layers").toInt();
    QList<MatrixSpec> out;
    for (int i = 0; i < layers; ++i) {
        const QString attn = QStringLiteral("model.layers.%1.self_attn.").arg(i);
        const QString mlp = QStringLiteral("model.layers.%1.mlp.").arg(i);
        out << MatrixSpec{attn + "q_proj.weight", "q_proj", i, heads * headDim, hidden}
            << MatrixSpec{attn + "k_proj.weight", "k_proj", i, kv * headDim, hidden}
            << MatrixSpec{attn + "v_proj.weight", "v_proj", i, kv * headDim, hidden}
            << MatrixSpec{attn + "o_proj.weight", "o_proj", i, hidden, heads * headDim}
            << MatrixSpec{mlp + "gate_proj.weight", "gate_proj", i, inter, hidden}
            << MatrixSpec{mlp + "up_proj.weight", "up_proj", i, inter, hidden}
            << MatrixSpec{mlp + "down_proj.weight", "down_proj", i, hidden, inter};
    }
    return out;
}

// "key   value" lines of `bitdelta info` (the key is everything before a run of 2+ spaces).
inline QMap<QString, QString> parseKeyValueLines(const QString& text) {
    QMap<QString, QString> kv;
    static const QRegularExpression re(QStringLiteral("^(\\S(?:.*?\\S)?)\\s{2,}(\\S.*)$"));
    for (const QString& line : text.split('\n')) {
        const auto m = re.match(line);
        if (m.hasMatch()) kv.insert(m.captured(1), m.captured(2).trimmed());
    }
    return kv;
}

}  // namespace clitest
