#pragma once
// HF tokenizer.json tokenizer (BPE model): added tokens -> normalizer -> pre-tokenizer -> BPE ->
// post-processor, and the decoder chain back.
#include <memory>
#include <string>
#include <unordered_map>

#include "core/text/added_tokens.h"
#include "core/text/bpe_model.h"
#include "core/text/normalizer.h"
#include "core/text/pre_tokenizer.h"
#include "core/text/token_decoder.h"
#include "core/text/tokenizer.h"

namespace bitdelta::text {

class BpeTokenizer : public Tokenizer {
  public:
    // `json_path` is tokenizer.json; `config` comes from the same folder's tokenizer_config.json.
    BpeTokenizer(const std::string& json_path, const TokenizerConfig& config);

    std::vector<int64_t> encode(const std::string& text, bool add_special = true) const override;
    std::string decode(const std::vector<int64_t>& ids, bool skip_special = false) const override;
    std::string id_to_token(int64_t id) const override;
    std::optional<int64_t> token_to_id(const std::string& token) const override;
    int64_t vocab_size() const override;
    bool is_special(int64_t id) const override;

  private:
    void encode_plain(const std::string& text, bool at_start, std::vector<int64_t>& out) const;

    std::string where_;
    std::unique_ptr<BpeModel> model_;
    NormalizeFn normalizer_;
    PreTokenizeFn pre_tokenizer_;
    DecodeFn decoder_;
    std::unordered_map<int64_t, AddedToken> added_by_id_;
    std::unordered_map<std::string, int64_t> added_by_content_;
    AddedTokenMatcher raw_matcher_, normalized_matcher_;
    std::vector<int64_t> prefix_ids_, suffix_ids_;  // what add_special puts around the sequence
    bool clean_up_spaces_ = false;
};

}  // namespace bitdelta::text
