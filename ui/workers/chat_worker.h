#pragma once
// Owns the one serve::Engine of the Chat page on its own thread (GPT4All's chatllm pattern): the
// page talks to it only through queued slots, and tokens come back as signals from the engine's
// thread.
#include "ui/workers/report_types.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <mutex>

namespace bitdelta {
class Engine;
class Progress;
}  // namespace bitdelta

namespace bitdelta::ui {

class ChatWorker : public QObject {
    Q_OBJECT
  public:
    explicit ChatWorker(QObject* parent = nullptr);
    ~ChatWorker() override;

    // Thread-safe: stops a base load or attach in progress.
    void cancelLoading();

  public slots:
    // Replaces any loaded engine (every running request is cancelled).
    void loadBase(const QString& baseDir, const QString& device, const QString& dtype);
    void attach(const QString& packageDir);
    void detach(const QString& tenant);
    // `pane` is the caller's id for the request; all events of the request carry it.
    void submit(int pane, const bitdelta::ChatRequest& request);
    void stop(int pane);
    void stopAll();
    void refreshMemory();
    // Frees the engine; call before the thread quits so its callbacks never outlive the receivers.
    void shutdown();

  signals:
    void progressChanged(const QString& stage, double fraction, const QString& message);
    void baseLoaded(const QString& baseDir, const QString& deviceName);
    void attached(const QString& packageDir, const QString& tenant);
    void detached(const QString& tenant);
    void memoryChanged(const bitdelta::MemoryUsage& usage);
    void tokenReceived(int pane, const QString& text, qint64 completionTokens,
                       double tokensPerSecond);
    void requestFinished(int pane, const QString& reason, const QString& error, qint64 promptTokens,
                         qint64 completionTokens, double tokensPerSecond);
    void failed(const QString& message);

  private:
    std::unique_ptr<Engine> engine_;
    QHash<int, quint64> requests_;  // pane -> running request id (worker thread only)
    std::mutex mutex_;
    Progress* loading_ = nullptr;  // guarded by mutex_
};

}  // namespace bitdelta::ui
