#include "core/text/regex.h"

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "core/common/error.h"

namespace bitdelta::text {

struct Regex::Impl {
    pcre2_code* code = nullptr;
    std::string where;
    ~Impl() {
        if (code) pcre2_code_free(code);
    }
};

Regex::Regex(const std::string& pattern, const std::string& where)
    : impl_(std::make_unique<Impl>()) {
    impl_->where = where;
    int err = 0;
    PCRE2_SIZE off = 0;
    impl_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &err, &off, nullptr);
    if (!impl_->code) {
        PCRE2_UCHAR buf[256];
        pcre2_get_error_message(err, buf, sizeof(buf));
        fail_at(where, "regex '" + pattern + "' does not compile at offset " + std::to_string(off) +
                           ": " + reinterpret_cast<const char*>(buf));
    }
    pcre2_jit_compile(impl_->code, PCRE2_JIT_COMPLETE);  // optional speed-up; falls back silently
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

std::vector<std::pair<size_t, size_t>> Regex::find_all(const std::string& text) const {
    std::vector<std::pair<size_t, size_t>> out;
    pcre2_match_data* md = pcre2_match_data_create_from_pattern(impl_->code, nullptr);
    const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    size_t pos = 0;
    while (pos <= text.size()) {
        const int rc = pcre2_match(impl_->code, subject, text.size(), pos, 0, md, nullptr);
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc < 0) {
            pcre2_match_data_free(md);
            PCRE2_UCHAR buf[256];
            pcre2_get_error_message(rc, buf, sizeof(buf));
            fail_at(impl_->where,
                    std::string("regex match failed: ") + reinterpret_cast<const char*>(buf));
        }
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
        const size_t s = ov[0], e = ov[1];
        if (e == s) {
            // Empty match: step one code point forward, as Rust's regex iterators do.
            size_t next = s + 1;
            while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80)
                ++next;
            if (s < text.size() || s == text.size()) out.emplace_back(s, e);
            pos = next;
            continue;
        }
        out.emplace_back(s, e);
        pos = e;
    }
    pcre2_match_data_free(md);
    // Drop empty matches: they split nothing and HF filters out empty pieces anyway.
    std::vector<std::pair<size_t, size_t>> nonempty;
    for (auto& m : out)
        if (m.first != m.second) nonempty.push_back(m);
    return nonempty;
}

}  // namespace bitdelta::text
