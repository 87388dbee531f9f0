// JSON mapping of the OpenAI chat-completions API.
#include "serve/openai_protocol.h"

#include <nlohmann/json.hpp>

namespace bitdelta::openai {
using nlohmann::json;
namespace {

[[noreturn]] void bad(const std::string& param, const std::string& message) {
    throw ApiError(400, "invalid_request_error", message, param);
}

// 2 rather than 2.000000: the shortest text that reads back as the same double.
std::string shortest(double v) {
    std::string s = json(v).dump();
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
    return s;
}

double number(const json& j, const char* key, double def, double lo, double hi) {
    if (!j.contains(key) || j[key].is_null()) return def;
    if (!j[key].is_number()) bad(key, std::string("'") + key + "' must be a number");
    const double v = j[key].get<double>();
    if (!(v >= lo && v <= hi))
        bad(key,
            std::string("'") + key + "' must be between " + shortest(lo) + " and " + shortest(hi));
    return v;
}

int64_t integer(const json& j, const char* key, int64_t def, int64_t lo, int64_t hi) {
    if (!j.contains(key) || j[key].is_null()) return def;
    if (!j[key].is_number_integer()) bad(key, std::string("'") + key + "' must be an integer");
    const int64_t v = j[key].get<int64_t>();
    if (v < lo || v > hi)
        bad(key, std::string("'") + key + "' must be between " + std::to_string(lo) + " and " +
                     std::to_string(hi));
    return v;
}

// Features a client relies on the answer for (tool calls, enforced JSON, log-probabilities) are
// refused rather than silently ignored; their neutral values (what many clients always send) pass.
void refuse_unsupported(const json& j) {
    auto given = [&](const char* key) { return j.contains(key) && !j[key].is_null(); };
    if (given("tools") && !(j["tools"].is_array() && j["tools"].empty()))
        bad("tools", "'tools' (function calling) is not supported");
    if (given("tool_choice") && !(j["tool_choice"].is_string() && j["tool_choice"] == "none"))
        bad("tool_choice", "'tool_choice' is not supported");
    if (given("functions")) bad("functions", "'functions' (function calling) is not supported");
    if (given("response_format")) {
        const json& f = j["response_format"];
        if (!f.is_object() || f.value("type", "") != "text")
            bad("response_format", "only response_format {\"type\": \"text\"} is supported");
    }
    if (given("logprobs") && !(j["logprobs"].is_boolean() && !j["logprobs"].get<bool>()))
        bad("logprobs", "'logprobs' is not supported");
    if (given("top_logprobs")) bad("top_logprobs", "'top_logprobs' is not supported");
    if (given("logit_bias") && !(j["logit_bias"].is_object() && j["logit_bias"].empty()))
        bad("logit_bias", "'logit_bias' is not supported");
}

std::string content_text(const json& c, size_t index) {
    const std::string where = "messages[" + std::to_string(index) + "].content";
    if (c.is_string()) return c.get<std::string>();
    if (c.is_null()) return {};
    if (c.is_array()) {  // [{"type": "text", "text": "..."}]
        std::string out;
        for (const auto& part : c) {
            if (!part.is_object() || part.value("type", "") != "text" || !part.contains("text") ||
                !part["text"].is_string())
                bad(where, where + ": only text content parts are supported");
            out += part["text"].get<std::string>();
        }
        return out;
    }
    bad(where, where + " must be a string or a list of text parts");
}

}  // namespace

ParsedRequest parse_chat_request(const std::string& body, int64_t default_max_tokens) {
    json j;
    try {
        j = json::parse(body);
    } catch (const json::exception& e) {
        bad("", std::string("the request body is not valid JSON: ") + e.what());
    }
    if (!j.is_object()) bad("", "the request body must be a JSON object");
    ParsedRequest out;
    auto& r = out.request;
    if (!j.contains("model") || !j["model"].is_string() || j["model"].get<std::string>().empty())
        bad("model", "'model' is required and must name a model (see GET /v1/models)");
    r.tenant = j["model"].get<std::string>();
    if (!j.contains("messages") || !j["messages"].is_array() || j["messages"].empty())
        bad("messages", "'messages' is required and must be a non-empty list");
    size_t i = 0;
    for (const auto& m : j["messages"]) {
        if (!m.is_object() || !m.contains("role") || !m["role"].is_string())
            bad("messages",
                "messages[" + std::to_string(i) + "] must be an object with a string 'role'");
        const std::string role = m["role"].get<std::string>();
        if (role != "system" && role != "user" && role != "assistant" && role != "developer")
            bad("messages", "messages[" + std::to_string(i) + "].role '" + role +
                                "' is not supported (system, user, assistant)");
        r.messages.push_back({role == "developer" ? "system" : role,
                              content_text(m.contains("content") ? m["content"] : json(), i)});
        ++i;
    }
    r.temperature = number(j, "temperature", 1.0, 0.0, 2.0);
    r.top_p = number(j, "top_p", 1.0, 0.0, 1.0);
    r.min_p = number(j, "min_p", 0.0, 0.0, 1.0);
    r.top_k = integer(j, "top_k", 0, 0, 1 << 20);
    r.repetition_penalty = number(j, "repetition_penalty", 1.0, 0.01, 10.0);
    r.presence_penalty = number(j, "presence_penalty", 0.0, -2.0, 2.0);
    r.frequency_penalty = number(j, "frequency_penalty", 0.0, -2.0, 2.0);
    if (integer(j, "n", 1, 1, 1000) != 1) bad("n", "only n = 1 is supported");
    r.seed = static_cast<uint64_t>(integer(j, "seed", 0, INT64_MIN, INT64_MAX));
    const int64_t max_tokens = integer(j, "max_tokens", default_max_tokens, 1, 1 << 24);
    r.max_new_tokens = integer(j, "max_completion_tokens", max_tokens, 1, 1 << 24);
    if (j.contains("stop") && !j["stop"].is_null()) {
        const auto& s = j["stop"];
        if (s.is_string()) {
            r.stop.push_back(s.get<std::string>());
        } else if (s.is_array()) {
            for (const auto& e : s) {
                if (!e.is_string()) bad("stop", "'stop' must be a string or a list of strings");
                r.stop.push_back(e.get<std::string>());
            }
        } else {
            bad("stop", "'stop' must be a string or a list of strings");
        }
    }
    if (j.contains("stream") && !j["stream"].is_null()) {
        if (!j["stream"].is_boolean()) bad("stream", "'stream' must be true or false");
        out.stream = j["stream"].get<bool>();
    }
    if (j.contains("stream_options") && j["stream_options"].is_object())
        out.include_usage = j["stream_options"].value("include_usage", false);
    refuse_unsupported(j);
    return out;
}

std::string error_body(const std::string& message, const std::string& type,
                       const std::string& param, const std::string& code) {
    json e = {{"message", message}, {"type", type}, {"param", nullptr}, {"code", nullptr}};
    if (!param.empty()) e["param"] = param;
    if (!code.empty()) e["code"] = code;
    return json{{"error", e}}.dump();
}

namespace {
json model_object(const TenantInfo& t, int64_t created) {
    return {{"id", t.name}, {"object", "model"}, {"created", created}, {"owned_by", "bitdelta"}};
}
}  // namespace

std::string models_body(const std::vector<TenantInfo>& tenants, int64_t created) {
    json data = json::array();
    for (const auto& t : tenants)
        data.push_back(model_object(t, created));
    return json{{"object", "list"}, {"data", data}}.dump();
}

std::string model_body(const std::vector<TenantInfo>& tenants, const std::string& id,
                       int64_t created) {
    for (const auto& t : tenants)
        if (t.name == id) return model_object(t, created).dump();
    throw ApiError(404, "invalid_request_error", "unknown model '" + id + "'", "model",
                   "model_not_found");
}

std::string api_finish_reason(const std::string& engine_reason) {
    return engine_reason == "length" ? "length" : "stop";
}

std::string completion_body(const std::string& id, const std::string& model, int64_t created,
                            const std::string& text, const std::string& finish_reason,
                            int64_t prompt_tokens, int64_t completion_tokens) {
    json choice = {{"index", 0},
                   {"message", {{"role", "assistant"}, {"content", text}}},
                   {"finish_reason", api_finish_reason(finish_reason)}};
    return json{{"id", id},
                {"object", "chat.completion"},
                {"created", created},
                {"model", model},
                {"choices", json::array({choice})},
                {"usage",
                 {{"prompt_tokens", prompt_tokens},
                  {"completion_tokens", completion_tokens},
                  {"total_tokens", prompt_tokens + completion_tokens}}}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string chunk_event(const std::string& id, const std::string& model, int64_t created,
                        const std::string& role, const std::string& content,
                        const std::string& finish_reason) {
    json delta = json::object();
    if (!role.empty()) delta["role"] = role;
    if (!content.empty()) delta["content"] = content;
    json choice = {{"index", 0}, {"delta", delta}, {"finish_reason", nullptr}};
    if (!finish_reason.empty()) choice["finish_reason"] = api_finish_reason(finish_reason);
    json chunk = {{"id", id},
                  {"object", "chat.completion.chunk"},
                  {"created", created},
                  {"model", model},
                  {"choices", json::array({choice})}};
    return "data: " + chunk.dump(-1, ' ', false, json::error_handler_t::replace) + "\n\n";
}

std::string usage_event(const std::string& id, const std::string& model, int64_t created,
                        int64_t prompt_tokens, int64_t completion_tokens) {
    json chunk = {{"id", id},
                  {"object", "chat.completion.chunk"},
                  {"created", created},
                  {"model", model},
                  {"choices", json::array()},
                  {"usage",
                   {{"prompt_tokens", prompt_tokens},
                    {"completion_tokens", completion_tokens},
                    {"total_tokens", prompt_tokens + completion_tokens}}}};
    return "data: " + chunk.dump() + "\n\n";
}

}  // namespace bitdelta::openai
