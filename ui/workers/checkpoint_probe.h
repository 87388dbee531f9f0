#pragma once
// Reads checkpoint folders off the GUI thread: what a dropped folder holds (summarize_checkpoint),
// whether a base/fine-tune pair matches (check_pair), and which compute device this build would
// use.
#include "ui/workers/checkpoint_info.h"

#include <QObject>
#include <QString>

namespace bitdelta::ui {

class CheckpointProbe : public QObject {
    Q_OBJECT
  public:
    using QObject::QObject;

    // Plain description of the compute device ("CUDA (kernels built in)" / "CPU (8 threads)").
    static QString describeDevice();

  public slots:
    // `slot` is an opaque id the caller uses to match answers to requests (e.g. 0 = base, 1 =
    // fine-tune).
    void probe(int slot, const QString& dir);
    void checkPair(const QString& baseDir, const QString& finetuneDir);
    void detectDevice();

  signals:
    void probed(int slot, const QString& dir, const bitdelta::ui::CheckpointInfo& info);
    void probeFailed(int slot, const QString& dir, const QString& message);
    // `problem` is empty when the pair matches.
    void pairChecked(const QString& baseDir, const QString& finetuneDir, const QString& problem);
    void deviceDetected(const QString& description);
};

}  // namespace bitdelta::ui
