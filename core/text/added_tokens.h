#pragma once
// Added/special tokens (tokenizer.json "added_tokens", tokenizer_config.json
// "added_tokens_decoder") and the matcher that cuts them out of the input before the model runs
// (leftmost-longest, with HF's single_word / lstrip / rstrip rules), plus the special-token
// settings of tokenizer_config.json.
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bitdelta::text {

struct AddedToken {
    int64_t id = -1;
    std::string content;
    bool special = false, lstrip = false, rstrip = false, normalized = false, single_word = false;
};

AddedToken parse_added_token(const nlohmann::json& j, int64_t id);

struct Segment {
    std::optional<int64_t> id;  // set when the segment is an added token
    size_t start = 0, end = 0;
};

class AddedTokenMatcher {
  public:
    AddedTokenMatcher() = default;
    explicit AddedTokenMatcher(std::vector<AddedToken> tokens);
    bool empty() const { return tokens_.empty(); }
    // Splits `text` into added-token matches and the plain text between them (empty text pieces
    // dropped).
    std::vector<Segment> split(const std::string& text) const;

  private:
    std::vector<AddedToken> tokens_;
    std::vector<std::vector<size_t>> by_first_byte_;  // token indices, longest first
};

// The parts of tokenizer_config.json (or special_tokens_map.json) the tokenizers need.
struct TokenizerConfig {
    std::string bos_token, eos_token, unk_token, pad_token;
    std::optional<bool> add_bos_token, add_eos_token;
    bool clean_up_tokenization_spaces = false;
    std::optional<bool> legacy;
    std::vector<AddedToken> added_tokens_decoder;
    // Loads tokenizer_config.json and special_tokens_map.json from `dir` when present.
    static TokenizerConfig load(const std::string& dir);
};

// transformers' clean_up_tokenization (" ." -> ".", " n't" -> "n't", ...).
std::string clean_up_tokenization(const std::string& text);

}  // namespace bitdelta::text
