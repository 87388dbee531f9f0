#pragma once
// Lexer for the chat-template Jinja subset. Applies whitespace control ({%- -%}, {{- -}}) and the
// trim_blocks / lstrip_blocks settings transformers uses (both on).
#include <string>
#include <vector>

namespace bitdelta::jinja {

struct Token {
    enum class Type {
        Text,
        VarOpen,
        VarClose,
        BlockOpen,
        BlockClose,
        Name,
        String,
        Int,
        Float,
        Op,
        End
    };
    Type type;
    std::string text;
    int line = 1, col = 1;
};

// Throws Error "chat template line L column C: ..." on lexical errors.
std::vector<Token> lex(const std::string& source);

[[noreturn]] void fail_at_pos(int line, int col, const std::string& what);

}  // namespace bitdelta::jinja
