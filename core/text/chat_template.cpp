#include "core/text/chat_template.h"

#include "core/text/jinja_ast.h"
#include "core/text/jinja_eval.h"

namespace bitdelta {

struct ChatTemplate::Impl {
    jinja::Body body;
};

ChatTemplate::ChatTemplate(const std::string& source) : impl_(std::make_unique<Impl>()) {
    impl_->body = jinja::parse_template(source);
}
ChatTemplate::~ChatTemplate() = default;
ChatTemplate::ChatTemplate(ChatTemplate&&) noexcept = default;
ChatTemplate& ChatTemplate::operator=(ChatTemplate&&) noexcept = default;

std::string ChatTemplate::render(const std::vector<ChatMessage>& messages,
                                 bool add_generation_prompt, const std::string& bos_token,
                                 const std::string& eos_token) const {
    using jinja::Value;
    jinja::Dict globals;
    jinja::List msgs;
    for (const auto& m : messages) {
        Value d = Value::make_dict();
        d.dict->set("role", Value::string(m.role));
        d.dict->set("content", Value::string(m.content));
        msgs.push_back(d);
    }
    globals.set("messages", Value::make_list(std::move(msgs)));
    globals.set("add_generation_prompt", Value::boolean(add_generation_prompt));
    globals.set("bos_token", Value::string(bos_token));
    globals.set("eos_token", Value::string(eos_token));
    jinja::Interpreter interp(std::move(globals));
    return interp.render(impl_->body);
}

}  // namespace bitdelta
