#pragma once
// Verbs whose checkpoint arguments are left out use the bundled demo checkpoints
// (core/io/demo_checkpoints.h), as the studio does, and say so on stderr.
#include <string>

namespace bitdelta::cli {

// Fills `dir` with the demo base (or the scripture fine-tune) when empty; throws Error when the
// demo checkpoints are not installed.
void default_to_demo_base(std::string& dir, const char* what);
void default_to_demo_finetune(std::string& dir, const char* what);

}  // namespace bitdelta::cli
