#pragma once
// Tokenizers without Python: HF tokenizer.json (BPE, byte-level or metaspace with byte fallback)
// and sentencepiece tokenizer.model. Plain types only.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bitdelta {

class Tokenizer {
  public:
    virtual ~Tokenizer() = default;

    // Encodes text. `add_special` adds what the tokenizer's post-processor adds (e.g. BOS for
    // Llama). Special/added tokens written literally in `text` are recognised as single tokens.
    virtual std::vector<int64_t> encode(const std::string& text, bool add_special = true) const = 0;
    // Decodes ids to UTF-8 text; `skip_special` drops special tokens.
    virtual std::string decode(const std::vector<int64_t>& ids,
                               bool skip_special = false) const = 0;
    virtual std::string id_to_token(int64_t id) const = 0;
    virtual std::optional<int64_t> token_to_id(const std::string& token) const = 0;
    virtual int64_t vocab_size() const = 0;  // including added tokens
    virtual bool is_special(int64_t id) const = 0;

    std::optional<int64_t> bos_id() const { return bos_id_; }
    std::optional<int64_t> eos_id() const { return eos_id_; }
    const std::string& bos_token() const { return bos_token_; }
    const std::string& eos_token() const { return eos_token_; }

    // Loads from a checkpoint folder: tokenizer.json preferred, else tokenizer.model; special
    // tokens (bos/eos/pad) from tokenizer_config.json / special_tokens_map.json. Throws Error
    // naming the folder when no tokenizer is present or a file is malformed.
    static std::unique_ptr<Tokenizer> load(const std::string& dir);

  protected:
    std::optional<int64_t> bos_id_, eos_id_;
    std::string bos_token_, eos_token_;
};

// Streaming-safe detokenizer: feed ids one by one, get only complete UTF-8 text back (bytes of a
// character that spans tokens are held until the character is complete).
class StreamDecoder {
  public:
    explicit StreamDecoder(const Tokenizer& tokenizer, bool skip_special = true);
    std::string push(int64_t id);  // newly completed text (possibly empty)
    std::string finish();          // whatever remains (invalid trailing bytes become U+FFFD)

  private:
    const Tokenizer& tokenizer_;
    bool skip_special_;
    std::vector<int64_t> ids_;
    size_t prefix_start_ = 0, read_start_ = 0;  // window of ids already turned into text
    std::string prefix_text_;                   // decode of ids_[prefix_start_, read_start_)
    size_t emitted_bytes_ = 0;
};

}  // namespace bitdelta
