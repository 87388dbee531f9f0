// bitdelta: the command-line face of BitDelta Studio. Argument parsing only; every verb calls core.
#include "command_registry.h"
#include "common/error.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>

namespace bitdelta::cli {
std::vector<CommandEntry>& command_registry() {
    static std::vector<CommandEntry> registry;
    return registry;
}
}  // namespace bitdelta::cli

int main(int argc, char** argv) {
    using namespace bitdelta::cli;
    CLI::App app{"bitdelta: compress LLM fine-tunes to 1-bit deltas and serve many over one base"};
    app.set_version_flag("--version", std::string("bitdelta ") + BITDELTA_VERSION);
    app.require_subcommand(1);
    auto entries = command_registry();
    std::sort(entries.begin(), entries.end(),
              [](const CommandEntry& a, const CommandEntry& b) { return a.order < b.order; });
    for (const auto& entry : entries)
        entry.setup(app);
    // CLI11 reports a mistyped verb as "A subcommand is required"; name it and the verbs instead.
    const bool known =
        argc > 1 && std::any_of(entries.begin(), entries.end(),
                                [&](const CommandEntry& e) { return e.name == argv[1]; });
    if (argc > 1 && argv[1][0] != '-' && !known) {
        std::string verbs;
        for (const auto& entry : entries)
            verbs += (verbs.empty() ? "" : ", ") + entry.name;
        std::fprintf(stderr, "error: unknown verb '%s'; the verbs are: %s\n", argv[1],
                     verbs.c_str());
        return 2;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const bitdelta::Cancelled&) {
        std::fprintf(stderr, "\ncancelled\n");
        return 130;
    } catch (const bitdelta::Error& e) {
        std::fprintf(stderr, "\nerror: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "\nerror: %s\n", e.what());
        return 1;
    }
    return 0;
}
