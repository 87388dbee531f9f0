#pragma once
// GPT-2 byte-to-unicode mapping used by the ByteLevel pre-tokenizer and decoder: every byte maps to
// a printable code point so BPE can work on visible characters.
#include <cstdint>
#include <string>

namespace bitdelta::text {

// Maps each byte of `bytes` to its GPT-2 code point, UTF-8 encoded.
std::string byte_level_encode(const std::string& bytes);
// The byte a GPT-2 code point stands for, or -1 when `cp` is not in the table.
int byte_level_byte(uint32_t cp);

}  // namespace bitdelta::text
