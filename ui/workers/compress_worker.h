#pragma once
// Runs bitdelta::compress() on its own thread and forwards progress, the distillation loss of every
// step and the outcome as signals. cancel() is safe to call from the GUI thread while a job runs.
#include "ui/workers/report_types.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <mutex>

namespace bitdelta {
class Progress;
}

namespace bitdelta::ui {

struct CompressJob {
    QString baseDir, finetuneDir, outPackage;
    CompressSettings settings;
};

class CompressWorker : public QObject {
    Q_OBJECT
  public:
    using QObject::QObject;

    // Thread-safe: asks the running job to stop at its next safe point (it then emits cancelled()).
    void cancel();

  public slots:
    void run(const bitdelta::ui::CompressJob& job);

  signals:
    void started();
    // fraction in 0..1 or negative when unknown; etaSeconds negative when unknown.
    void progressChanged(const QString& stage, double fraction, const QString& message,
                         double etaSeconds);
    void lossReported(qint64 step, qint64 total, double loss, double lr);
    void finished(const QString& packageDir, const bitdelta::ui::ReportPtr& report);
    void cancelled();
    void failed(const QString& message);

  private:
    std::mutex mutex_;
    Progress* current_ = nullptr;  // the running job's Progress, guarded by mutex_
    bool cancelPending_ = false;
};

}  // namespace bitdelta::ui

Q_DECLARE_METATYPE(bitdelta::ui::CompressJob)
