#include "core/text/jinja_lexer.h"

#include <cctype>
#include <cstdint>

#include "core/common/error.h"

namespace bitdelta::jinja {

void fail_at_pos(int line, int col, const std::string& what) {
    throw Error("chat template line " + std::to_string(line) + " column " + std::to_string(col) +
                ": " + what);
}

namespace {

class Lexer {
  public:
    explicit Lexer(const std::string& src) : src_(src) {}

    std::vector<Token> run() {
        bool strip_next = false, trim_newline = false;
        while (pos_ < src_.size()) {
            const size_t open = find_open(pos_);
            std::string text = src_.substr(pos_, open - pos_);
            const int tl = line_, tc = col_;
            advance_to(open);
            if (strip_next) {
                size_t k = 0;
                while (k < text.size() && std::isspace(static_cast<unsigned char>(text[k])))
                    ++k;
                text.erase(0, k);
            } else if (trim_newline) {
                if (text.compare(0, 1, "\n") == 0)
                    text.erase(0, 1);
                else if (text.compare(0, 2, "\r\n") == 0)
                    text.erase(0, 2);
            }
            strip_next = trim_newline = false;
            if (open >= src_.size()) {
                push_text(text, tl, tc);
                break;
            }
            const char kind = src_[open + 1];  // '{', '%' or '#'
            const char mod = open + 2 < src_.size() ? src_[open + 2] : '\0';
            if (mod == '-') {
                size_t k = text.size();
                while (k > 0 && std::isspace(static_cast<unsigned char>(text[k - 1])))
                    --k;
                text.erase(k);
            } else if (kind != '{' && mod != '+') {
                // lstrip_blocks: drop spaces/tabs between the line start and a block or comment
                // tag.
                size_t k = text.size();
                while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '\t'))
                    --k;
                const bool at_line_start =
                    k == 0 ? ends_with_newline_before(open - text.size()) : text[k - 1] == '\n';
                if (at_line_start) text.erase(k);
            }
            push_text(text, tl, tc);
            const int ol = line_, oc = col_;
            advance_to(open + 2 + ((mod == '-' || mod == '+') ? 1 : 0));
            if (kind == '#') {
                const size_t close = src_.find("#}", pos_);
                if (close == std::string::npos) fail_at_pos(ol, oc, "unterminated comment");
                const bool dash = close > pos_ && src_[close - 1] == '-';
                advance_to(close + 2);
                strip_next = dash;
                trim_newline = !dash;
                continue;
            }
            tokens_.push_back(
                {kind == '{' ? Token::Type::VarOpen : Token::Type::BlockOpen, "", ol, oc});
            const bool dash = lex_expression(kind == '{' ? '}' : '%', ol, oc);
            strip_next = dash;
            trim_newline = !dash && kind == '%';
        }
        tokens_.push_back({Token::Type::End, "", line_, col_});
        return std::move(tokens_);
    }

  private:
    bool ends_with_newline_before(size_t text_start) const {
        return text_start == 0 || src_[text_start - 1] == '\n';
    }

    size_t find_open(size_t from) const {
        for (size_t k = from; k + 1 < src_.size(); ++k)
            if (src_[k] == '{' && (src_[k + 1] == '{' || src_[k + 1] == '%' || src_[k + 1] == '#'))
                return k;
        return src_.size();
    }

    void advance_to(size_t target) {
        for (; pos_ < target && pos_ < src_.size(); ++pos_) {
            if (src_[pos_] == '\n') {
                ++line_;
                col_ = 1;
            } else {
                ++col_;
            }
        }
    }

    void push_text(const std::string& text, int line, int col) {
        if (!text.empty()) tokens_.push_back({Token::Type::Text, text, line, col});
    }

    // Lexes the inside of {{ }} or {% %}; returns whether the closing tag had a '-'.
    bool lex_expression(char close_char, int open_line, int open_col) {
        for (;;) {
            while (pos_ < src_.size() && std::isspace(static_cast<unsigned char>(src_[pos_])))
                advance_to(pos_ + 1);
            if (pos_ >= src_.size()) fail_at_pos(open_line, open_col, "tag is not closed");
            const int l = line_, c = col_;
            const char ch = src_[pos_];
            auto at = [&](const char* s) {
                return src_.compare(pos_, std::char_traits<char>::length(s), s) == 0;
            };
            const std::string close2 = std::string(1, close_char) + "}";
            if (ch == '-' && src_.compare(pos_ + 1, 2, close2) == 0) {
                advance_to(pos_ + 3);
                tokens_.push_back(
                    {close_char == '}' ? Token::Type::VarClose : Token::Type::BlockClose, "", l,
                     c});
                return true;
            }
            if (src_.compare(pos_, 2, close2) == 0) {
                advance_to(pos_ + 2);
                tokens_.push_back(
                    {close_char == '}' ? Token::Type::VarClose : Token::Type::BlockClose, "", l,
                     c});
                return false;
            }
            if (std::isalpha(static_cast<unsigned char>(ch)) || ch == '_') {
                size_t e = pos_;
                while (e < src_.size() &&
                       (std::isalnum(static_cast<unsigned char>(src_[e])) || src_[e] == '_'))
                    ++e;
                tokens_.push_back({Token::Type::Name, src_.substr(pos_, e - pos_), l, c});
                advance_to(e);
            } else if (std::isdigit(static_cast<unsigned char>(ch))) {
                size_t e = pos_;
                while (e < src_.size() &&
                       (std::isdigit(static_cast<unsigned char>(src_[e])) || src_[e] == '_'))
                    ++e;
                bool is_float = false;
                if (e + 1 < src_.size() && src_[e] == '.' &&
                    std::isdigit(static_cast<unsigned char>(src_[e + 1]))) {
                    is_float = true;
                    ++e;
                    while (e < src_.size() && std::isdigit(static_cast<unsigned char>(src_[e])))
                        ++e;
                }
                if (e < src_.size() && (src_[e] == 'e' || src_[e] == 'E')) {
                    size_t k = e + 1;
                    if (k < src_.size() && (src_[k] == '+' || src_[k] == '-')) ++k;
                    if (k < src_.size() && std::isdigit(static_cast<unsigned char>(src_[k]))) {
                        is_float = true;
                        e = k;
                        while (e < src_.size() && std::isdigit(static_cast<unsigned char>(src_[e])))
                            ++e;
                    }
                }
                std::string num;
                for (size_t k = pos_; k < e; ++k)
                    if (src_[k] != '_') num += src_[k];
                tokens_.push_back({is_float ? Token::Type::Float : Token::Type::Int, num, l, c});
                advance_to(e);
            } else if (ch == '\'' || ch == '"') {
                tokens_.push_back({Token::Type::String, lex_string(ch, l, c), l, c});
            } else {
                static const char* const kOps2[] = {"**", "//", "==", "!=", "<=", ">="};
                std::string op;
                for (const char* o : kOps2)
                    if (at(o)) op = o;
                if (op.empty()) {
                    if (std::string("+-*/%~<>=()[]{},.:|!").find(ch) == std::string::npos)
                        fail_at_pos(l, c, std::string("unexpected character '") + ch + "'");
                    op = std::string(1, ch);
                }
                tokens_.push_back({Token::Type::Op, op, l, c});
                advance_to(pos_ + op.size());
            }
        }
    }

    std::string lex_string(char quote, int l, int c) {
        std::string out;
        size_t k = pos_ + 1;
        for (;;) {
            if (k >= src_.size()) fail_at_pos(l, c, "unterminated string literal");
            const char ch = src_[k];
            if (ch == quote) break;
            if (ch == '\\' && k + 1 < src_.size()) {
                const char e = src_[k + 1];
                k += 2;
                switch (e) {
                    case 'n':
                        out += '\n';
                        break;
                    case 't':
                        out += '\t';
                        break;
                    case 'r':
                        out += '\r';
                        break;
                    case '0':
                        out += '\0';
                        break;
                    case '\\':
                        out += '\\';
                        break;
                    case '\'':
                        out += '\'';
                        break;
                    case '"':
                        out += '"';
                        break;
                    case '\n':
                        break;  // line continuation
                    case 'u':
                    case 'x': {
                        const size_t n = e == 'u' ? 4 : 2;
                        if (k + n > src_.size()) fail_at_pos(l, c, "bad escape in string literal");
                        const uint32_t cp =
                            static_cast<uint32_t>(std::stoul(src_.substr(k, n), nullptr, 16));
                        k += n;
                        if (cp < 0x80) {
                            out += static_cast<char>(cp);
                        } else if (cp < 0x800) {
                            out += static_cast<char>(0xC0 | (cp >> 6));
                            out += static_cast<char>(0x80 | (cp & 0x3F));
                        } else {
                            out += static_cast<char>(0xE0 | (cp >> 12));
                            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                            out += static_cast<char>(0x80 | (cp & 0x3F));
                        }
                        break;
                    }
                    default:
                        out += '\\';
                        out += e;
                }
                continue;
            }
            out += ch;
            ++k;
        }
        advance_to(k + 1);
        return out;
    }

    const std::string& src_;
    size_t pos_ = 0;
    int line_ = 1, col_ = 1;
    std::vector<Token> tokens_;
};

}  // namespace

std::vector<Token> lex(const std::string& source) {
    return Lexer(source).run();
}

}  // namespace bitdelta::jinja
