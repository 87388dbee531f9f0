// Core headers first: checkpoint.h pulls in ATen, whose identifiers clash with Qt's keyword macros.
#include "bitdelta/compress.h"
#include "common/error.h"
#include "io/checkpoint.h"
#include "kernels/bitdelta_kernels.h"

#include "ui/workers/checkpoint_probe.h"

#include <QCoreApplication>
#include <QLocale>
#include <QThread>

#include <exception>

namespace bitdelta::ui {

QString formatBytes(quint64 bytes) {
    return QLocale::system().formattedDataSize(static_cast<qint64>(bytes), 1,
                                               QLocale::DataSizeSIFormat);
}

QString formatCount(qint64 count) {
    const double c = static_cast<double>(count);
    if (c >= 1e9) return QCoreApplication::translate("Units", "%1 B").arg(c / 1e9, 0, 'f', 2);
    if (c >= 1e6) return QCoreApplication::translate("Units", "%1 M").arg(c / 1e6, 0, 'f', 1);
    if (c >= 1e3) return QCoreApplication::translate("Units", "%1 k").arg(c / 1e3, 0, 'f', 1);
    return QString::number(count);
}

QString CheckpointProbe::describeDevice() {
    try {
        if (kernels::cuda_available()) return tr("CUDA GPU");
    } catch (const std::exception&) {
        // A broken CUDA install must not stop the studio: it falls back to the CPU like core does.
    }
    // English runs on the source strings (no .qm), so the singular is a string of its own.
    const int threads = QThread::idealThreadCount();
    return threads == 1 ? tr("CPU (1 thread)") : tr("CPU (%n threads)", nullptr, threads);
}

void CheckpointProbe::detectDevice() {
    emit deviceDetected(describeDevice());
}

void CheckpointProbe::probe(int slot, const QString& dir) {
    try {
        const CheckpointSummary s = summarize_checkpoint(dir.toStdString());
        CheckpointInfo info;
        info.dir = QString::fromStdString(s.dir);
        info.architecture = QString::fromStdString(s.architecture);
        info.modelType = QString::fromStdString(s.model_type);
        info.layers = s.layers;
        info.hidden = s.hidden;
        info.intermediate = s.intermediate;
        info.heads = s.heads;
        info.kvHeads = s.kv_heads;
        info.vocab = s.vocab;
        info.dtype = QString::fromStdString(s.dtype);
        info.parameters = s.parameters;
        info.weightBytes = s.weight_bytes;
        info.sizeOnDisk = s.size_on_disk;
        info.memoryEstimateBytes = s.memory_estimate_bytes;
        info.tokenizerKind = QString::fromStdString(s.tokenizer_kind);
        info.hasChatTemplate = s.has_chat_template;
        info.shards = s.shards;
        emit probed(slot, dir, info);
    } catch (const std::exception& e) {
        emit probeFailed(slot, dir, QString::fromStdString(e.what()));
    }
}

void CheckpointProbe::checkPair(const QString& baseDir, const QString& finetuneDir) {
    QString problem;
    try {
        problem =
            QString::fromStdString(check_pair(baseDir.toStdString(), finetuneDir.toStdString()));
    } catch (const std::exception& e) {
        problem = QString::fromStdString(e.what());
    }
    emit pairChecked(baseDir, finetuneDir, problem);
}

}  // namespace bitdelta::ui
