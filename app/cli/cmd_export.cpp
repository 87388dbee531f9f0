// bitdelta export: package + base -> a standard HF checkpoint folder (merged weights).
#include "bitdelta/compress.h"
#include "command_registry.h"
#include "terminal_progress.h"

#include <cstdio>
#include <memory>

namespace bitdelta::cli {
namespace {

struct ExportArgs {
    std::string package, base, out;
    bool quiet = false;
};

const CommandRegistrar kRegister("export", 40, [](CLI::App& app) {
    auto args = std::make_shared<ExportArgs>();
    auto* cmd =
        app.add_subcommand("export", "Merge a delta package back into a full HF checkpoint folder");
    cmd->add_option("package", args->package, "the NAME.bitdelta package")->required();
    cmd->add_option("--base", args->base, "the base model folder the package was made for")
        ->required();
    cmd->add_option("--out", args->out, "output folder (must not exist or be empty)")->required();
    cmd->add_flag("-q,--quiet", args->quiet, "no progress bar");
    cmd->callback([args] {
        {
            TerminalProgress bar(args->quiet);
            export_merged(args->package, args->base, args->out, bar.progress());
        }
        std::printf("wrote %s\n", args->out.c_str());
    });
});

}  // namespace
}  // namespace bitdelta::cli
