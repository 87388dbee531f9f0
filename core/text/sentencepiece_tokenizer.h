#pragma once
// tokenizer.model (sentencepiece) tokenizer, with special tokens from tokenizer_config.json and
// BOS/EOS added the way transformers' LlamaTokenizer does (add_bos_token default true when the
// model has a BOS token, add_eos_token false).
#include <memory>
#include <string>
#include <unordered_map>

#include "core/text/added_tokens.h"
#include "core/text/sentencepiece_runtime.h"
#include "core/text/tokenizer.h"

namespace bitdelta::text {

class SentencePieceTokenizer : public Tokenizer {
  public:
    SentencePieceTokenizer(const std::string& model_path, const TokenizerConfig& config);
    ~SentencePieceTokenizer() override;

    std::vector<int64_t> encode(const std::string& text, bool add_special = true) const override;
    std::string decode(const std::vector<int64_t>& ids, bool skip_special = false) const override;
    std::string id_to_token(int64_t id) const override;
    std::optional<int64_t> token_to_id(const std::string& token) const override;
    int64_t vocab_size() const override;
    bool is_special(int64_t id) const override;

  private:
    std::string where_;
    std::unique_ptr<SentencePieceModel> sp_;
    std::unordered_map<int64_t, AddedToken> added_by_id_;
    std::unordered_map<std::string, int64_t> added_by_content_;
    AddedTokenMatcher matcher_;
    bool add_bos_ = true, add_eos_ = false;
};

}  // namespace bitdelta::text
