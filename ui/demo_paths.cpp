#include "ui/demo_paths.h"

#include "io/demo_checkpoints.h"

namespace bitdelta::ui {

DemoCheckpoints findDemoCheckpoints() {
    // The search itself lives in core (the CLI uses it too); the answer cannot change while the
    // studio runs, so the folder is scanned once.
    static const DemoCheckpoints found = [] {
        const bitdelta::DemoCheckpoints core = find_demo_checkpoints();
        DemoCheckpoints demo;
        if (!core.valid()) return demo;
        demo.base = QString::fromStdString(core.base);
        for (const auto& f : core.finetunes)
            demo.finetunes << QString::fromStdString(f);
        return demo;
    }();
    return found;
}

}  // namespace bitdelta::ui
