#pragma once
// One attached tenant (or the base, slot 0) as the engine sees it: its routing slot, its own
// tokenizer and chat template, its stop ids, and what memory it adds. Private to core/serve.
#include "text/chat_template.h"
#include "text/tokenizer.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace bitdelta::serve {

struct Tenant {
    std::string name;
    std::string package_dir;                     // empty for the base and for in-memory tenants
    int32_t slot = 0;                            // routing slot; 0 = the base
    std::shared_ptr<const Tokenizer> tokenizer;  // null: token ids only (synthetic models)
    std::shared_ptr<const ChatTemplate> chat_template;  // null: plain "role: content" fallback
    std::string chat_template_source = "none";
    bool own_tokenizer = false;
    std::vector<int64_t> eos_ids;  // generation stops on any of these
    int64_t vocab = 0;             // rows of its embedding table: the token ids it accepts
    int64_t device_bytes = 0, host_bytes = 0;
    std::atomic<bool> detached{false};
};

}  // namespace bitdelta::serve
