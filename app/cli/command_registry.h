#pragma once
// Each CLI verb lives in its own cmd_<verb>.cpp and registers itself here, so adding a verb touches
// one new file only. main() builds the CLI11 app from the registry in `order`.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace bitdelta::cli {

// Adds the verb's subcommand (with its options and callback) to `app`.
using CommandSetup = std::function<void(CLI::App& app)>;

struct CommandEntry {
    std::string name;
    int order = 0;  // position in --help
    CommandSetup setup;
};

std::vector<CommandEntry>& command_registry();

struct CommandRegistrar {
    CommandRegistrar(std::string name, int order, CommandSetup setup) {
        command_registry().push_back({std::move(name), order, std::move(setup)});
    }
};

}  // namespace bitdelta::cli
