#pragma once
// Progress and cancellation for long core work. A long function takes one Progress& and reports
// stage, fraction and message through it; it polls check_cancelled() at safe points.
// The CLI renders reports as a progress bar; the GUI's worker forwards them as signals.
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>

namespace bitdelta {

struct ProgressReport {
    std::string stage;      // short stage name, e.g. "Loading base", "Distilling scales"
    double fraction = 0.0;  // 0..1 within the stage; negative when unknown
    std::string message;    // detail, e.g. "layer 12/32" or "step 40/200, loss 0.0123"
    double eta_seconds = -1.0;  // estimated time left in the stage, negative when unknown
};

class Progress {
public:
    using Listener = std::function<void(const ProgressReport&)>;

    Progress() = default;
    explicit Progress(Listener listener) : listener_(std::move(listener)) {}
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // Starts a new stage: resets the fraction and the ETA clock.
    void begin_stage(const std::string& stage, const std::string& message = {});
    // Reports progress within the current stage; throws Cancelled if cancellation was requested.
    void update(double fraction, const std::string& message = {});
    // Safe from any thread (the GUI's Cancel button, the CLI's SIGINT handler).
    void request_cancel() { cancelled_.store(true); }
    bool cancel_requested() const { return cancelled_.load(); }
    // Throws Cancelled when cancellation was requested; call it between units of work.
    void check_cancelled() const;

    ProgressReport last() const;

    // A Progress that reports nowhere and is never cancelled, for callers that do not care.
    static Progress& silent();

private:
    Listener listener_;
    std::atomic<bool> cancelled_{false};
    mutable std::mutex mutex_;
    ProgressReport last_;
    std::chrono::steady_clock::time_point stage_start_ = std::chrono::steady_clock::now();
};

}  // namespace bitdelta
