#pragma once
// PCRE2 (UTF + UCP) regex used for tokenizer.json Split/Replace patterns, which HF writes in
// Oniguruma syntax; the subset they use (\p{L}, \p{N}, \s, lookahead, (?i:...)) means the same in
// PCRE2.
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace bitdelta::text {

class Regex {
  public:
    // Throws Error naming `where` when the pattern does not compile.
    Regex(const std::string& pattern, const std::string& where);
    ~Regex();
    Regex(Regex&&) noexcept;
    Regex& operator=(Regex&&) noexcept;
    // All non-overlapping matches [start, end) in byte offsets, left to right.
    std::vector<std::pair<size_t, size_t>> find_all(const std::string& text) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace bitdelta::text
