#pragma once
// A sentencepiece model reached through the isolated shim module (core/sentencepiece_shim): the
// subset of SentencePieceProcessor that SentencePieceTokenizer uses, with errors as
// bitdelta::Error. The module is loaded once per process; see sentencepiece_shim.cpp for why it is
// not linked directly.
#include <string>
#include <vector>

namespace bitdelta::text {

class SentencePieceModel {
  public:
    // Throws Error naming `model_path` (bad model) or the shim paths tried (runtime missing).
    explicit SentencePieceModel(const std::string& model_path);
    ~SentencePieceModel();
    SentencePieceModel(const SentencePieceModel&) = delete;
    SentencePieceModel& operator=(const SentencePieceModel&) = delete;

    int piece_size() const;
    bool is_control(int id) const;
    bool is_unknown(int id) const;
    int unk_id() const;
    int bos_id() const;
    int eos_id() const;
    std::string id_to_piece(int id) const;
    int piece_to_id(const std::string& piece) const;
    std::vector<int> encode(const std::string& text) const;
    std::string decode(const std::vector<int>& ids) const;

  private:
    std::string path_;
    void* handle_ = nullptr;
};

// Where the shim was found (empty before the first model is loaded); for diagnostics.
std::string sentencepiece_runtime_path();

}  // namespace bitdelta::text
