#include "common/error.h"
#include "common/progress.h"
#include "serve/engine.h"

#include "ui/workers/chat_worker.h"

#include <QElapsedTimer>

#include <exception>

namespace bitdelta::ui {

ChatWorker::ChatWorker(QObject* parent) : QObject(parent) {}

ChatWorker::~ChatWorker() {
    shutdown();
}

void ChatWorker::shutdown() {
    requests_.clear();
    engine_.reset();
}

void ChatWorker::cancelLoading() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (loading_) loading_->request_cancel();
}

void ChatWorker::loadBase(const QString& baseDir, const QString& device, const QString& dtype) {
    shutdown();
    QElapsedTimer throttle;
    throttle.start();
    Progress progress([&](const ProgressReport& r) {
        if (throttle.elapsed() < 50 && r.fraction < 1.0 && r.fraction > 0.0) return;
        throttle.restart();
        emit progressChanged(QString::fromStdString(r.stage), r.fraction,
                             QString::fromStdString(r.message));
    });
    {
        std::lock_guard<std::mutex> lock(mutex_);
        loading_ = &progress;
    }
    try {
        EngineOptions options;
        options.device = device.toStdString();
        options.dtype = dtype.toStdString();
        engine_ = std::make_unique<Engine>(baseDir.toStdString(), options, progress);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            loading_ = nullptr;
        }
        emit baseLoaded(baseDir, QString::fromStdString(engine_->device_name()));
        emit memoryChanged(engine_->memory());
    } catch (const Cancelled&) {
        std::lock_guard<std::mutex> lock(mutex_);
        loading_ = nullptr;
    } catch (const std::exception& e) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            loading_ = nullptr;
        }
        emit failed(tr("Could not load the base model from %1:\n%2")
                        .arg(baseDir, QString::fromStdString(e.what())));
    }
}

void ChatWorker::attach(const QString& packageDir) {
    if (!engine_) {
        emit failed(tr("Load a base model before attaching %1.").arg(packageDir));
        return;
    }
    try {
        const std::string tenant = engine_->attach(packageDir.toStdString());
        emit attached(packageDir, QString::fromStdString(tenant));
        emit memoryChanged(engine_->memory());
    } catch (const std::exception& e) {
        emit failed(
            tr("Could not attach %1:\n%2").arg(packageDir, QString::fromStdString(e.what())));
    }
}

void ChatWorker::detach(const QString& tenant) {
    if (!engine_) return;
    try {
        engine_->detach(tenant.toStdString());
        emit detached(tenant);
        emit memoryChanged(engine_->memory());
    } catch (const std::exception& e) {
        emit failed(tr("Could not detach %1:\n%2").arg(tenant, QString::fromStdString(e.what())));
    }
}

void ChatWorker::submit(int pane, const ChatRequest& request) {
    if (!engine_) {
        emit requestFinished(pane, QStringLiteral("error"), tr("No base model is loaded."), 0, 0,
                             0.0);
        return;
    }
    try {
        // The callback runs on the engine's thread; emitting from there queues to the receivers.
        const RequestId id = engine_->submit(request, [this, pane](const StreamEvent& ev) {
            if (!ev.text.empty())
                emit tokenReceived(pane, QString::fromStdString(ev.text), ev.completion_tokens,
                                   ev.tokens_per_second);
            if (ev.finished)
                emit requestFinished(pane, QString::fromStdString(ev.finish_reason),
                                     QString::fromStdString(ev.error), ev.prompt_tokens,
                                     ev.completion_tokens, ev.tokens_per_second);
        });
        requests_.insert(pane, id);
    } catch (const std::exception& e) {
        emit requestFinished(pane, QStringLiteral("error"), QString::fromStdString(e.what()), 0, 0,
                             0.0);
    }
}

void ChatWorker::stop(int pane) {
    if (!engine_ || !requests_.contains(pane)) return;
    engine_->cancel(requests_.take(pane));
}

void ChatWorker::stopAll() {
    if (engine_) engine_->cancel_all();
    requests_.clear();
}

void ChatWorker::refreshMemory() {
    if (engine_) emit memoryChanged(engine_->memory());
}

}  // namespace bitdelta::ui
