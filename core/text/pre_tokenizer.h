#pragma once
// tokenizer.json "pre_tokenizer" section: Sequence, Split, ByteLevel, Metaspace, Digits,
// Whitespace, WhitespaceSplit. Each step splits pieces further (and may rewrite them, e.g.
// byte-level mapping).
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace bitdelta::text {

struct Piece {
    std::string text;
    // Whether the piece starts at offset 0 of the original input (Metaspace prepend_scheme
    // "first").
    bool at_start = false;
};

using PreTokenizeFn = std::function<void(std::vector<Piece>&)>;

enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

// Splits `text` given its matches [start,end) with HF's SplitDelimiterBehavior semantics.
std::vector<std::pair<size_t, size_t>> split_by_matches(
    const std::string& text, const std::vector<std::pair<size_t, size_t>>& matches,
    SplitBehavior behavior, bool invert);

// Null JSON gives an empty function. Throws Error naming `where` for unsupported types/options.
PreTokenizeFn make_pre_tokenizer(const nlohmann::json& spec, const std::string& where);

// The GPT-2 pattern ByteLevel uses when use_regex is true.
extern const char* const kGpt2Pattern;

}  // namespace bitdelta::text
