#pragma once
// The BPE "model" of tokenizer.json: vocab + ranked merges, applied to one pre-tokenized word
// exactly as tokenizers' Word::merge_all does (lowest rank first, leftmost on ties), with
// byte_fallback, unk/fuse_unk and ignore_merges.
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace bitdelta::text {

class BpeModel {
  public:
    BpeModel(const nlohmann::json& model, const std::string& where);

    void tokenize(const std::string& word, std::vector<int64_t>& out) const;
    std::optional<int64_t> token_to_id(const std::string& token) const;
    const std::string* id_to_token(int64_t id) const;
    int64_t size() const { return static_cast<int64_t>(id_to_token_.size()); }
    bool byte_fallback() const { return byte_fallback_; }

  private:
    struct PairHash {
        size_t operator()(uint64_t k) const { return std::hash<uint64_t>()(k); }
    };
    std::unordered_map<std::string, int64_t> vocab_;
    std::vector<std::string> id_to_token_;
    // key: (left id << 32) | right id -> (rank, merged id)
    std::unordered_map<uint64_t, std::pair<int32_t, int32_t>, PairHash> merges_;
    std::optional<int64_t> unk_id_;
    bool fuse_unk_ = false, byte_fallback_ = false, ignore_merges_ = false;
    std::string prefix_, suffix_;
    int64_t byte_ids_[256];
    bool have_all_bytes_ = false;
};

}  // namespace bitdelta::text
