#pragma once
// The bundled demo checkpoints (resources/demo in a source tree, share/bitdelta-studio/demo when
// installed), used by verbs whose checkpoint arguments are left out, as the studio does.
#include <string>
#include <vector>

namespace bitdelta::cli {

struct DemoCheckpoints {
    std::string root;
    std::string base;                    // the folder whose name contains "base"
    std::vector<std::string> finetunes;  // the other checkpoint folders, sorted by name
    bool valid() const { return !base.empty() && !finetunes.empty(); }
};

// Searches $BITDELTA_DEMO_DIR, ../share/bitdelta-studio/demo next to the executable, the install
// prefix and the source tree. Throws Error saying where it looked when none holds a demo pair.
DemoCheckpoints find_demo_checkpoints();

// Fills `dir` with the demo base (or first fine-tune) when empty and says so on stderr.
void default_to_demo_base(std::string& dir, const char* what);
void default_to_demo_finetune(std::string& dir, const char* what);

}  // namespace bitdelta::cli
