#pragma once
// tokenizer.json "decoder" section: ByteLevel, Metaspace, ByteFallback, Fuse, Strip, Replace,
// Sequence. Each step rewrites the list of token strings, as tokenizers' Decoder::decode_chain
// does.
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace bitdelta::text {

using DecodeFn = std::function<void(std::vector<std::string>&)>;

// Null JSON gives an empty function (tokens are then joined with spaces, as HF does).
DecodeFn make_decoder(const nlohmann::json& spec, const std::string& where);

}  // namespace bitdelta::text
