#include "terminal_progress.h"

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace bitdelta::cli {
namespace {

// The job Ctrl-C cancels. A signal handler may only touch lock-free atomics, and request_cancel()
// is a single atomic store.
std::atomic<Progress*> g_active{nullptr};

extern "C" void on_sigint(int) {
    if (Progress* p = g_active.load()) p->request_cancel();
}

std::string format_seconds(double seconds) {
    char buffer[32];
    const int s = static_cast<int>(seconds + 0.5);
    if (s >= 3600)
        std::snprintf(buffer, sizeof buffer, "%dh%02dm", s / 3600, (s / 60) % 60);
    else
        std::snprintf(buffer, sizeof buffer, "%dm%02ds", s / 60, s % 60);
    return buffer;
}

}  // namespace

TerminalProgress::TerminalProgress(bool quiet)
    : quiet_(quiet),
      tty_(isatty(fileno(stderr)) != 0),
      progress_(std::make_unique<Progress>([this](const ProgressReport& r) { render(r); })) {
    g_active.store(progress_.get());
    std::signal(SIGINT, on_sigint);
}

TerminalProgress::~TerminalProgress() {
    std::signal(SIGINT, SIG_DFL);
    g_active.store(nullptr);
    if (tty_ && !quiet_ && !last_stage_.empty()) std::fputc('\n', stderr);
}

void TerminalProgress::render(const ProgressReport& report) {
    if (quiet_) return;
    const auto now = std::chrono::steady_clock::now();
    const bool new_stage = report.stage != last_stage_;
    if (!tty_) {
        // Logs get one line per stage and one per 10% step, not a redraw storm.
        static int last_decile = -1;
        const int decile = report.fraction >= 0 ? static_cast<int>(report.fraction * 10) : -1;
        if (!new_stage && decile == last_decile) return;
        last_decile = decile;
        last_stage_ = report.stage;
        if (report.fraction >= 0)
            std::fprintf(stderr, "%s: %3.0f%% %s\n", report.stage.c_str(), 100 * report.fraction,
                         report.message.c_str());
        else
            std::fprintf(stderr, "%s: %s\n", report.stage.c_str(), report.message.c_str());
        return;
    }
    if (!new_stage && report.fraction < 1.0 && now - last_draw_ < std::chrono::milliseconds(80)) return;
    if (new_stage && !last_stage_.empty()) std::fputc('\n', stderr);
    last_stage_ = report.stage;
    last_draw_ = now;
    constexpr int width = 30;
    const double f = report.fraction < 0 ? 0 : (report.fraction > 1 ? 1 : report.fraction);
    std::string bar(static_cast<size_t>(f * width + 0.5), '#');
    bar.resize(width, '.');
    std::string eta = report.eta_seconds >= 0 ? " eta " + format_seconds(report.eta_seconds) : "";
    std::fprintf(stderr, "\r\033[K%-22s [%s] %3.0f%%%s  %s", report.stage.c_str(), bar.c_str(), 100 * f,
                 eta.c_str(), report.message.c_str());
    std::fflush(stderr);
}

}  // namespace bitdelta::cli
