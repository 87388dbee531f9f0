#pragma once
// Small helpers shared by the tokenizers and the chat-template interpreter: whole-file reads, JSON
// loading with file-named errors, and UTF-8 handling that matches the Rust `tokenizers` crate.
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace bitdelta::text {

// Reads a whole file; throws Error naming the file when it cannot be read.
std::string read_text_file(const std::string& path);
// Parses a JSON file; throws Error naming the file on I/O or syntax errors.
nlohmann::json read_json_file(const std::string& path);
bool file_exists(const std::string& path);
std::string join_path(const std::string& dir, const std::string& name);

// Decodes the code point at `pos`; returns its byte length (1 with cp = 0xFFFD for invalid bytes).
size_t utf8_next(const std::string& s, size_t pos, uint32_t* cp);
void utf8_append(std::string& out, uint32_t cp);
// Replaces every maximal invalid subsequence by U+FFFD, as Rust's String::from_utf8_lossy does.
std::string utf8_lossy(const std::string& bytes);
bool utf8_valid(const std::string& bytes);
// Unicode White_Space property (what Rust's char::is_whitespace tests).
bool is_unicode_space(uint32_t cp);

}  // namespace bitdelta::text
