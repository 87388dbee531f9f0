#pragma once
// Renders core Progress reports as a one-line progress bar on stderr (plain lines when stderr is not
// a terminal), and turns Ctrl-C into a cancellation request of the running job.
#include "common/progress.h"

#include <chrono>
#include <memory>
#include <string>

namespace bitdelta::cli {

class TerminalProgress {
public:
    explicit TerminalProgress(bool quiet = false);
    ~TerminalProgress();  // ends the bar's line, uninstalls the Ctrl-C handler
    TerminalProgress(const TerminalProgress&) = delete;
    TerminalProgress& operator=(const TerminalProgress&) = delete;

    Progress& progress() { return *progress_; }

private:
    void render(const ProgressReport& report);

    bool quiet_;
    bool tty_;
    std::string last_stage_;
    std::chrono::steady_clock::time_point last_draw_{};
    std::unique_ptr<Progress> progress_;
};

}  // namespace bitdelta::cli
