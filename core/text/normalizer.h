#pragma once
// tokenizer.json "normalizer" section: Sequence, Prepend, Replace, Strip, NFC/NFKC (see .cpp).
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace bitdelta::text {

using NormalizeFn = std::function<std::string(const std::string&)>;

// Builds the normalizer; null JSON gives an empty function. Throws Error naming `where` and the
// normalizer type when it is not supported.
NormalizeFn make_normalizer(const nlohmann::json& spec, const std::string& where);

}  // namespace bitdelta::text
