#include "core/text/sentencepiece_tokenizer.h"

#include "core/common/error.h"
#include "core/text/text_util.h"

namespace bitdelta::text {

SentencePieceTokenizer::SentencePieceTokenizer(const std::string& model_path,
                                               const TokenizerConfig& config)
    : where_(model_path), sp_(std::make_unique<SentencePieceModel>(model_path)) {
    std::vector<AddedToken> added = config.added_tokens_decoder;
    // The model's own control/unknown pieces (<s>, </s>, <unk>) are special even without a config.
    for (int i = 0; i < sp_->piece_size(); ++i) {
        if (!sp_->is_control(i) && !sp_->is_unknown(i)) continue;
        bool known = false;
        for (const auto& a : added)
            known = known || a.id == i;
        if (!known) {
            AddedToken t;
            t.id = i;
            t.content = sp_->id_to_piece(i);
            t.special = true;
            added.push_back(t);
        }
    }
    for (const std::string* name :
         {&config.bos_token, &config.eos_token, &config.unk_token, &config.pad_token}) {
        if (name->empty()) continue;
        bool known = false;
        for (const auto& a : added)
            known = known || a.content == *name;
        const int id = sp_->piece_to_id(*name);
        if (!known && id != sp_->unk_id()) {
            AddedToken t;
            t.id = id;
            t.content = *name;
            t.special = true;
            added.push_back(t);
        }
    }
    std::vector<AddedToken> matchable;
    for (const auto& t : added) {
        if (t.id < 0) fail_at(model_path, "added token '" + t.content + "' has no id");
        added_by_id_[t.id] = t;
        added_by_content_[t.content] = t.id;
        // sentencepiece itself never parses its control pieces (<s>, </s>, <unk>) out of text, and
        // neither do we (literal "<s>" typed by a user stays text); tokens added beyond the model's
        // vocab are matched.
        if (!t.content.empty() && t.id >= sp_->piece_size()) matchable.push_back(t);
    }
    matcher_ = AddedTokenMatcher(matchable);

    bos_token_ = config.bos_token.empty() && sp_->bos_id() >= 0 ? sp_->id_to_piece(sp_->bos_id())
                                                                : config.bos_token;
    eos_token_ = config.eos_token.empty() && sp_->eos_id() >= 0 ? sp_->id_to_piece(sp_->eos_id())
                                                                : config.eos_token;
    if (!bos_token_.empty()) bos_id_ = token_to_id(bos_token_);
    if (!eos_token_.empty()) eos_id_ = token_to_id(eos_token_);
    // LlamaTokenizer's default (add_bos_token true) only means something when there is a BOS
    // token; as for tokenizer.json, only an explicit add_bos_token/add_eos_token demands one.
    add_bos_ = config.add_bos_token.value_or(bos_id_.has_value());
    add_eos_ = config.add_eos_token.value_or(false);
    const auto missing = [](const char* which, const std::string& token) {
        return token.empty() ? std::string("there is no ") + which + " token"
                             : which + std::string(" token '") + token + "' is not in the model";
    };
    if (add_bos_ && !bos_id_)
        fail_at(model_path, "add_bos_token is set but " + missing("BOS", bos_token_));
    if (add_eos_ && !eos_id_)
        fail_at(model_path, "add_eos_token is set but " + missing("EOS", eos_token_));
}

SentencePieceTokenizer::~SentencePieceTokenizer() = default;

std::vector<int64_t> SentencePieceTokenizer::encode(const std::string& text,
                                                    bool add_special) const {
    std::vector<int64_t> out;
    if (add_special && add_bos_) out.push_back(*bos_id_);
    for (const auto& seg : matcher_.split(text)) {
        if (seg.id) {
            out.push_back(*seg.id);
            continue;
        }
        const std::vector<int> ids = sp_->encode(text.substr(seg.start, seg.end - seg.start));
        out.insert(out.end(), ids.begin(), ids.end());
    }
    if (add_special && add_eos_) out.push_back(*eos_id_);
    return out;
}

std::string SentencePieceTokenizer::decode(const std::vector<int64_t>& ids,
                                           bool skip_special) const {
    std::string out;
    std::vector<int> run;
    auto flush = [&] {
        if (run.empty()) return;
        out += sp_->decode(run);
        run.clear();
    };
    for (int64_t id : ids) {
        auto it = added_by_id_.find(id);
        if (it != added_by_id_.end()) {
            flush();
            if (!(skip_special && it->second.special)) out += it->second.content;
            continue;
        }
        if (id < 0 || id >= sp_->piece_size()) continue;  // unknown ids are dropped
        run.push_back(static_cast<int>(id));
    }
    flush();
    return out;
}

std::string SentencePieceTokenizer::id_to_token(int64_t id) const {
    auto it = added_by_id_.find(id);
    if (it != added_by_id_.end()) return it->second.content;
    if (id < 0 || id >= sp_->piece_size()) return {};
    return sp_->id_to_piece(static_cast<int>(id));
}

std::optional<int64_t> SentencePieceTokenizer::token_to_id(const std::string& token) const {
    auto it = added_by_content_.find(token);
    if (it != added_by_content_.end()) return it->second;
    const int id = sp_->piece_to_id(token);
    if (id == sp_->unk_id() && token != sp_->id_to_piece(id)) return std::nullopt;
    return id;
}

int64_t SentencePieceTokenizer::vocab_size() const {
    int64_t n = sp_->piece_size();
    for (const auto& [id, t] : added_by_id_)
        n = std::max(n, id + 1);
    return n;
}

bool SentencePieceTokenizer::is_special(int64_t id) const {
    auto it = added_by_id_.find(id);
    return it != added_by_id_.end() && it->second.special;
}

}  // namespace bitdelta::text
