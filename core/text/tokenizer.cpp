#include "core/text/tokenizer.h"

#include "core/common/error.h"
#include "core/text/bpe_tokenizer.h"
#include "core/text/sentencepiece_tokenizer.h"
#include "core/text/text_util.h"

namespace bitdelta {

std::unique_ptr<Tokenizer> Tokenizer::load(const std::string& dir) {
    const std::string json_path = text::join_path(dir, "tokenizer.json");
    const std::string model_path = text::join_path(dir, "tokenizer.model");
    const bool have_json = text::file_exists(json_path), have_model = text::file_exists(model_path);
    if (!have_json && !have_model) throw Error("no tokenizer.json or tokenizer.model in " + dir);
    const text::TokenizerConfig config = text::TokenizerConfig::load(dir);
    if (have_json) return std::make_unique<text::BpeTokenizer>(json_path, config);
    return std::make_unique<text::SentencePieceTokenizer>(model_path, config);
}

StreamDecoder::StreamDecoder(const Tokenizer& tokenizer, bool skip_special)
    : tokenizer_(tokenizer), skip_special_(skip_special) {}

// Follows tokenizers' DecodeStream: decode a short window [prefix_start_, end) and emit what it
// adds beyond the already-emitted window [prefix_start_, read_start_). Decoding a window (rather
// than one token) keeps context-dependent decoders (Metaspace's leading space, byte fallback,
// byte-level characters split across tokens) equal to a full decode.
std::string StreamDecoder::push(int64_t id) {
    ids_.push_back(id);
    const std::vector<int64_t> window(ids_.begin() + static_cast<std::ptrdiff_t>(prefix_start_),
                                      ids_.end());
    const std::string text = tokenizer_.decode(window, skip_special_);
    static const std::string kReplacement = "\xEF\xBF\xBD";
    const bool incomplete = text.size() >= 3 && text.compare(text.size() - 3, 3, kReplacement) ==
                                                    0;  // wait for more bytes
    if (text.size() <= prefix_text_.size() || incomplete) return {};
    std::string out = text.compare(0, prefix_text_.size(), prefix_text_) == 0
                          ? text.substr(prefix_text_.size())
                          : text;
    prefix_start_ = read_start_;
    read_start_ = ids_.size();
    const std::vector<int64_t> prefix(ids_.begin() + static_cast<std::ptrdiff_t>(prefix_start_),
                                      ids_.end());
    prefix_text_ = tokenizer_.decode(prefix, skip_special_);
    emitted_bytes_ += out.size();
    return out;
}

std::string StreamDecoder::finish() {
    const std::vector<int64_t> window(ids_.begin() + static_cast<std::ptrdiff_t>(prefix_start_),
                                      ids_.end());
    const std::string text = tokenizer_.decode(window, skip_special_);
    std::string out;
    if (text.size() > prefix_text_.size() &&
        text.compare(0, prefix_text_.size(), prefix_text_) == 0)
        out = text.substr(prefix_text_.size());
    prefix_start_ = read_start_ = ids_.size();
    prefix_text_.clear();
    ids_.clear();
    prefix_start_ = read_start_ = 0;
    emitted_bytes_ += out.size();
    return out;
}

}  // namespace bitdelta
