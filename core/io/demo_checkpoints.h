#pragma once
// The bundled demo checkpoints (resources/demo in a source tree, share/bitdelta-studio/demo when
// installed), which the studio opens on and the CLI falls back to when no checkpoint is named.
#include <string>
#include <vector>

namespace bitdelta {

struct DemoCheckpoints {
    std::string root;
    std::string base;                    // the folder whose name contains "base"
    std::vector<std::string> finetunes;  // the other checkpoint folders, sorted by name
    bool valid() const { return !base.empty() && !finetunes.empty(); }
};

// Searches $BITDELTA_DEMO_DIR, ../share/bitdelta-studio/demo next to the executable, the install
// prefix and the source tree; returns an invalid (empty) result when none holds a demo pair.
DemoCheckpoints find_demo_checkpoints();
// The same, but throws Error saying where it looked.
DemoCheckpoints require_demo_checkpoints();

}  // namespace bitdelta
