#include "bitdelta/compress.h"
#include "common/error.h"
#include "common/progress.h"

#include "ui/workers/compress_worker.h"

#include <exception>

namespace bitdelta::ui {

void CompressWorker::cancel() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (current_)
        current_->request_cancel();
    else
        cancelPending_ = true;
}

void CompressWorker::run(const CompressJob& job) {
    // Progress reports can arrive thousands of times a second; forwarding each would flood the
    // GUI's event queue, so only stage changes and one report per 50 ms cross the thread boundary.
    QElapsedTimer throttle;
    throttle.start();
    std::string lastStage;
    Progress progress([&](const ProgressReport& r) {
        if (r.stage == lastStage && throttle.elapsed() < 50 && r.fraction < 1.0) return;
        lastStage = r.stage;
        throttle.restart();
        emit progressChanged(QString::fromStdString(r.stage), r.fraction,
                             QString::fromStdString(r.message), r.eta_seconds);
    });
    {
        std::lock_guard<std::mutex> lock(mutex_);
        current_ = &progress;
        if (cancelPending_) progress.request_cancel();
        cancelPending_ = false;
    }
    emit started();
    try {
        PackageReport report = compress(
            job.baseDir.toStdString(), job.finetuneDir.toStdString(), job.outPackage.toStdString(),
            job.settings, progress, [this](int64_t step, int64_t total, double loss, double lr) {
                emit lossReported(step, total, loss, lr);
            });
        {
            std::lock_guard<std::mutex> lock(mutex_);
            current_ = nullptr;
        }
        emit finished(job.outPackage, std::make_shared<const PackageReport>(std::move(report)));
    } catch (const Cancelled&) {
        std::lock_guard<std::mutex> lock(mutex_);
        current_ = nullptr;
        emit cancelled();
    } catch (const std::exception& e) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            current_ = nullptr;
        }
        emit failed(QString::fromStdString(e.what()));
    }
}

}  // namespace bitdelta::ui
