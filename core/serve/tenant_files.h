#pragma once
// A tenant's tokenizer and chat template from its folder (package or base). Private to core/serve.
#include "text/chat_template.h"
#include "text/tokenizer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace bitdelta::serve {

struct TenantFiles {
    std::shared_ptr<const Tokenizer>
        tokenizer;               // null when `own_tokenizer` is false (share the base's)
    bool own_tokenizer = false;  // its tokenizer files differ from the base's
    std::shared_ptr<const ChatTemplate> chat_template;
    std::string chat_template_source = "none";
    int64_t host_bytes = 0;  // size of the tokenizer files it loaded (its own host-side state)
};

// `base_dir` empty: load whatever `dir` holds (the base itself).
TenantFiles read_tenant_files(const std::string& dir, const std::string& base_dir);

// Token ids that end a generation: the config's eos ids, the tokenizer's eos, and end-of-turn
// special tokens that chat templates emit (<|im_end|>, <|eot_id|>, <|end_of_text|>, </s>,
// <|endoftext|>).
std::vector<int64_t> stop_ids(const std::vector<int64_t>& config_eos, const Tokenizer* tokenizer);

}  // namespace bitdelta::serve
