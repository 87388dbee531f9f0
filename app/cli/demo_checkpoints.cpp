#include "demo_checkpoints.h"

#include "io/demo_checkpoints.h"

#include <cstdio>

namespace bitdelta::cli {

void default_to_demo_base(std::string& dir, const char* what) {
    if (!dir.empty()) return;
    dir = require_demo_checkpoints().base;
    std::fprintf(stderr, "%s: using the bundled demo base %s\n", what, dir.c_str());
}

void default_to_demo_finetune(std::string& dir, const char* what) {
    if (!dir.empty()) return;
    const DemoCheckpoints demo = require_demo_checkpoints();
    dir = demo.finetunes.front();
    for (const auto& f : demo.finetunes)
        if (f.size() >= 9 && f.compare(f.size() - 9, 9, "scripture") == 0) dir = f;
    std::fprintf(stderr, "%s: using the bundled demo fine-tune %s\n", what, dir.c_str());
}

}  // namespace bitdelta::cli
