#include "common/progress.h"

#include "common/error.h"

namespace bitdelta {

void fail_at(const std::string& where, const std::string& what) {
    throw Error(where.empty() ? what : where + ": " + what);
}

void Progress::begin_stage(const std::string& stage, const std::string& message) {
    check_cancelled();
    ProgressReport report;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stage_start_ = std::chrono::steady_clock::now();
        last_ = ProgressReport{stage, 0.0, message, -1.0};
        report = last_;
    }
    if (listener_) listener_(report);
}

void Progress::update(double fraction, const std::string& message) {
    check_cancelled();
    ProgressReport report;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        last_.fraction = fraction;
        if (!message.empty()) last_.message = message;
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - stage_start_).count();
        // Linear extrapolation; only once a little progress makes the estimate meaningful.
        last_.eta_seconds = fraction > 0.02 && fraction <= 1.0 ? elapsed * (1.0 - fraction) / fraction
                                                                : -1.0;
        report = last_;
    }
    if (listener_) listener_(report);
}

void Progress::check_cancelled() const {
    if (cancelled_.load()) throw Cancelled();
}

ProgressReport Progress::last() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_;
}

Progress& Progress::silent() {
    // thread_local so that one caller's cancellation can never leak into another's work.
    thread_local Progress instance;
    return instance;
}

}  // namespace bitdelta
