#pragma once
// The sampling flags shared by `bitdelta generate` and `bitdelta chat`. Settings is any struct with
// the sampling fields of SamplingSettings (generate fills that; chat fills a ChatRequest).
#include <CLI/CLI.hpp>

namespace bitdelta::cli {

template <typename Settings>
void add_sampling_options(CLI::App* cmd, Settings& s) {
    cmd->add_option("--temperature", s.temperature, "0 = greedy")->capture_default_str();
    cmd->add_option("--top-k", s.top_k, "0 = off")->capture_default_str();
    cmd->add_option("--top-p", s.top_p, "1 = off")->capture_default_str();
    cmd->add_option("--min-p", s.min_p, "0 = off")->capture_default_str();
    cmd->add_option("--repetition-penalty", s.repetition_penalty, "1 = off")->capture_default_str();
    cmd->add_option("--presence-penalty", s.presence_penalty, "OpenAI's, over the answer; 0 = off")
        ->capture_default_str();
    cmd->add_option("--frequency-penalty", s.frequency_penalty,
                    "OpenAI's, over the answer; 0 = off")
        ->capture_default_str();
    cmd->add_option("--seed", s.seed, "sampling seed")->capture_default_str();
}

}  // namespace bitdelta::cli
