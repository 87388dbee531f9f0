#pragma once
// Renders HF chat templates (the Jinja subset they use) without Python.
#include <memory>
#include <string>
#include <vector>

namespace bitdelta {

struct ChatMessage {
    std::string role;  // system | user | assistant
    std::string content;
};

class ChatTemplate {
  public:
    // Parses the template once; throws Error with line/column on syntax errors.
    explicit ChatTemplate(const std::string& source);
    ~ChatTemplate();
    ChatTemplate(ChatTemplate&&) noexcept;
    ChatTemplate& operator=(ChatTemplate&&) noexcept;

    // Same variables as transformers' apply_chat_template: messages, add_generation_prompt,
    // bos_token, eos_token (plus raise_exception and strftime_now). Throws Error with the
    // template's message when the template raises.
    std::string render(const std::vector<ChatMessage>& messages, bool add_generation_prompt,
                       const std::string& bos_token, const std::string& eos_token) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace bitdelta
