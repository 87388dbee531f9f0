#pragma once
// What the studio shows about a checkpoint folder, as Qt types. The probe worker fills it from
// core's CheckpointSummary so that no widget includes core/io/checkpoint.h (which pulls in ATen).
#include <QMetaType>
#include <QString>

namespace bitdelta::ui {

struct CheckpointInfo {
    QString dir;
    QString architecture;
    QString modelType;
    qint64 layers = 0, hidden = 0, intermediate = 0, heads = 0, kvHeads = 0, vocab = 0;
    QString dtype;
    qint64 parameters = 0;
    quint64 weightBytes = 0;
    quint64 sizeOnDisk = 0;
    quint64 memoryEstimateBytes = 0;
    QString tokenizerKind;
    bool hasChatTemplate = false;
    int shards = 0;
};

// "1.2 GB", "345 kB": decimal units, as file managers show sizes.
QString formatBytes(quint64 bytes);
// "6.7 B", "124 M", "3.1 k": parameter counts.
QString formatCount(qint64 count);

}  // namespace bitdelta::ui

Q_DECLARE_METATYPE(bitdelta::ui::CheckpointInfo)
