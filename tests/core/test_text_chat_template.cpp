// Chat templates: the five real-world templates render byte-for-byte like transformers'
// apply_chat_template, plus a table of interpreter cases for every construct of the Jinja subset.
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/common/error.h"
#include "core/text/chat_template.h"

using bitdelta::ChatMessage;
using bitdelta::ChatTemplate;
using nlohmann::json;

namespace {
std::string data_dir() {
    const QByteArray env = qgetenv("BITDELTA_TEST_DATA");
    return env.isEmpty() ? std::string(BITDELTA_TEST_DATA_DIR) : env.toStdString();
}

std::string render(const std::string& tpl, bool gen = false) {
    const std::vector<ChatMessage> msgs{
        {"system", "Be brief."}, {"user", "Hi"}, {"assistant", "Yo"}};
    return ChatTemplate(tpl).render(msgs, gen, "<s>", "</s>");
}
}  // namespace

class TestTextChatTemplate : public QObject {
    Q_OBJECT
    json golden_;

  private Q_SLOTS:
    void initTestCase() {
        const std::string path = data_dir() + "/chat_templates/golden.json";
        std::ifstream in(path);
        if (!in) QFAIL(qPrintable(QString::fromStdString("missing golden file " + path)));
        golden_ = json::parse(in);
    }

    void golden_data() {
        QTest::addColumn<int>("row");
        const auto& cases = golden_["cases"];
        QVERIFY(cases.size() >= 5);
        for (size_t k = 0; k < cases.size(); ++k)
            QTest::newRow(qPrintable(
                QString("%1-%2").arg(QString::fromStdString(cases[k]["template"])).arg(k)))
                << int(k);
    }
    void golden() {
        QFETCH(int, row);
        const json& c = golden_["cases"][static_cast<size_t>(row)];
        const std::string path =
            data_dir() + "/chat_templates/" + c["template"].get<std::string>() + ".jinja";
        std::ifstream in(path, std::ios::binary);
        if (!in) QFAIL(qPrintable(QString::fromStdString("missing template " + path)));
        std::stringstream ss;
        ss << in.rdbuf();
        const ChatTemplate tpl(ss.str());
        std::vector<ChatMessage> msgs;
        for (const auto& m : c["messages"])
            msgs.push_back({m["role"], m["content"]});
        const auto render_case = [&] {
            return tpl.render(msgs, c["add_generation_prompt"], c["bos_token"], c["eos_token"]);
        };
        if (c.value("expected_error", false)) {
            try {
                render_case();
                QFAIL("expected the template to raise");
            } catch (const bitdelta::Error& e) {
                QCOMPARE(QString(e.what()), QString::fromStdString(c["error"]));
            }
            return;
        }
        QCOMPARE(QString::fromStdString(render_case()), QString::fromStdString(c["expected"]));
    }

    void constructs_data() {
        QTest::addColumn<QString>("tpl");
        QTest::addColumn<QString>("expected");
        // Output, literals, comments, whitespace control, trim_blocks/lstrip_blocks.
        QTest::newRow("text") << "plain"
                              << "plain";
        QTest::newRow("print") << "{{ 'a' }}{{ \"b\\n\" }}{{ 1 }}{{ 2.5 }}"
                               << "ab\n12.5";
        QTest::newRow("literals")
            << "{{ true }} {{ False }} {{ none }} {{ [1, 'x'] }} {{ {'k': 1} }}"
            << "True False None [1, 'x'] {'k': 1}";
        QTest::newRow("comment") << "a{# hidden #}b"
                                 << "ab";
        QTest::newRow("ws-control") << "a  {{- 'b' -}}  c {%- if true -%}  d  {%- endif %}"
                                    << "abcd";
        QTest::newRow("trim-blocks") << "{% if true %}\nx\n{% endif %}\ny"
                                     << "x\ny";
        QTest::newRow("lstrip-blocks") << "a\n    {% if true %}b{% endif %}"
                                       << "a\nb";
        QTest::newRow("lstrip-not-print") << "a\n  {{ 'b' }}"
                                          << "a\n  b";
        // Expressions.
        QTest::newRow("arith")
            << "{{ 1 + 2 * 3 }} {{ 7 // 2 }} {{ 7 % 3 }} {{ 2 ** 3 }} {{ 7 / 2 }} {{ -3 // 2 }}"
            << "7 3 1 8 3.5 -2";
        QTest::newRow("concat") << "{{ 'a' ~ 1 ~ none }} {{ 'x' + 'y' }} {{ [1] + [2] }}"
                                << "a1None xy [1, 2]";
        QTest::newRow("compare")
            << "{{ 1 < 2 }} {{ 'a' == 'a' }} {{ 1 != 1 }} {{ 2 >= 2 }} {{ 1 == 1.0 }}"
            << "True True False True True";
        QTest::newRow("logic")
            << "{{ true and false }} {{ false or 'x' }} {{ not none }} {{ not 1 }}"
            << "False x True False";
        QTest::newRow("in")
            << "{{ 'b' in 'abc' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 3 not in [3] }}"
            << "True True True False";
        QTest::newRow("ternary")
            << "{{ 'y' if 1 else 'n' }}{{ 'y' if 0 else 'n' }}[{{ 'y' if false }}]"
            << "yn[]";
        QTest::newRow("subscript")
            << "{{ messages[1]['content'] }} {{ messages[-1].role }} {{ 'abc'[1] }}"
            << "Hi assistant b";
        QTest::newRow("slice")
            << "{{ [1,2,3][1:] }} {{ 'abc'[::-1] }} {{ [1,2,3,4][:-1] }} {{ 'héllo'[1:3] }}"
            << "[2, 3] cba [1, 2, 3] él";
        QTest::newRow("messages-slice") << "{% for m in messages[1:] %}{{ m.role }},{% endfor %}"
                                        << "user,assistant,";
        // Tests.
        QTest::newRow("tests")
            << "{{ x is defined }} {{ x is undefined }} {{ none is none }} {{ 'a' is string }} "
               "{{ {} is mapping }} {{ [] is iterable }} {{ 1 is number }} {{ [] is sequence }} "
               "{{ true is true }} {{ 0 is false }} {{ 3 is odd }} {{ 4 is even }} {{ 1 is not "
               "none }}"
            << "False True True True True True True True True False True True True";
        QTest::newRow("undefined")
            << "[{{ nothing }}]{% if nothing %}x{% endif %}{{ nothing | length }}"
            << "[]0";
        QTest::newRow("missing-key") << "{{ messages[0].tool_calls is defined }}"
                                     << "False";
        // Statements.
        QTest::newRow("if-elif-else") << "{% for i in [1,2,3] %}{% if i == 1 %}a{% elif i == 2 "
                                         "%}b{% else %}c{% endif %}{% endfor %}"
                                      << "abc";
        QTest::newRow("loop-vars") << "{% for x in 'abc' %}{{ loop.index }}{{ loop.index0 }}{{ "
                                      "loop.first }}{{ loop.last }}{{ loop.length }};{% endfor %}"
                                   << "10TrueFalse3;21FalseFalse3;32FalseTrue3;";
        QTest::newRow("loop-rev-cycle")
            << "{% for x in 'abc' %}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.cycle('a', 'b') "
               "}};{% endfor %}"
            << "32a;21b;10a;";
        QTest::newRow("loop-prev-next") << "{% for x in [1,2,3] %}{{ loop.previtem | default('-') "
                                           "}}{{ loop.nextitem | default('-') }} {% endfor %}"
                                        << "-2 13 2- ";
        QTest::newRow("for-else") << "{% for x in [] %}x{% else %}empty{% endfor %}"
                                  << "empty";
        QTest::newRow("for-if") << "{% for m in messages if m.role != 'system' %}{{ loop.index "
                                   "}}{{ m.content }}{% endfor %}"
                                << "1Hi2Yo";
        QTest::newRow("for-unpack")
            << "{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }};{% endfor %}"
            << "a=1;b=2;";
        QTest::newRow("for-filter") << "{% for m in messages | selectattr('role', 'equalto', "
                                       "'user') %}{{ m.content }}{% endfor %}"
                                    << "Hi";
        QTest::newRow("break-continue")
            << "{% for i in range(10) %}{% if i == 1 %}{% continue %}{% endif %}{% if i == 3 %}{% "
               "break %}{% endif %}{{ i }}{% endfor %}"
            << "02";
        QTest::newRow("set-scope")
            << "{% set x = 1 %}{% for i in [1] %}{% set x = 2 %}{% endfor %}{{ x }}"
            << "1";
        QTest::newRow("namespace")
            << "{% set ns = namespace(n=0, found=false) %}{% for i in [1,2] %}{% set ns.n = ns.n + "
               "i %}{% endfor %}{{ ns.n }}{{ ns.found }}"
            << "3False";
        QTest::newRow("set-block") << "{% set s %}a{{ 1 }}{% endset %}[{{ s }}]"
                                   << "[a1]";
        QTest::newRow("macro") << "{% macro greet(name, p='Hi') %}{{ p }} {{ name }}{% endmacro "
                                  "%}{{ greet('Bob') }}/{{ greet('Al', p='Yo') }}"
                               << "Hi Bob/Yo Al";
        QTest::newRow("range") << "{{ range(3) | list }} {{ range(1, 7, 2) | list }}"
                               << "[0, 1, 2] [1, 3, 5]";
        // Filters.
        QTest::newRow("string-filters")
            << "{{ '  a b  ' | trim }}|{{ 'ab' | upper }}|{{ 'AB' | lower }}|{{ 'hello world' | "
               "capitalize }}|{{ 'hello world' | title }}"
            << "a b|AB|ab|Hello world|Hello World";
        QTest::newRow("replace-join") << "{{ 'a-b-c' | replace('-', '+') }} {{ [1, 2] | join(', ') "
                                         "}} {{ messages | map(attribute='role') | join('/') }}"
                                      << "a+b+c 1, 2 system/user/assistant";
        QTest::newRow("first-last-length")
            << "{{ [1,2,3] | first }}{{ [1,2,3] | last }}{{ 'abc' | length }}{{ messages | count }}"
            << "1333";
        QTest::newRow("default")
            << "{{ x | default('d') }} {{ '' | d('e', true) }} {{ 'v' | default('d') }}"
            << "d e v";
        QTest::newRow("tojson") << "{{ {'a': [1, 2.5, none, true], 'b': 'x\"é'} | tojson }}"
                                << "{\"a\": [1, 2.5, null, true], \"b\": \"x\\\"é\"}";
        QTest::newRow("tojson-indent") << "{{ {'a': [1]} | tojson(indent=2) }}"
                                       << "{\n  \"a\": [\n    1\n  ]\n}";
        QTest::newRow("conversions")
            << "{{ '12' | int + 1 }} {{ '1.5' | float }} {{ 3 | string ~ 'x' }} {{ 'ab' | list }}"
            << "13 1.5 3x ['a', 'b']";
        QTest::newRow("items-selectattr")
            << "{{ {'a': 1} | items | list }} {{ messages | rejectattr('role', 'equalto', 'user') "
               "| map(attribute='content') | join }}"
            << "[['a', 1]] Be brief.Yo";
        QTest::newRow("unique-safe-escape")
            << "{{ [1, 2, 1] | unique | list }} {{ '<b>' | safe }} {{ '<b>' | escape }}"
            << "[1, 2] <b> &lt;b&gt;";
        // Methods.
        QTest::newRow("str-methods")
            << "{{ ' x '.strip() }}|{{ 'xxa'.lstrip('x') }}|{{ 'a  '.rstrip() }}|{{ "
               "'a,b'.split(',') }}|{{ 'a b'.split() }}|"
               "{{ 'abc'.startswith('ab') }}{{ 'abc'.endswith('bc') }}|{{ 'ab'.upper() }}{{ "
               "'AB'.lower() }}|{{ 'aa'.replace('a', 'b') }}|{{ 'ab cd'.title() }}"
            << "x|a|a|['a', 'b']|['a', 'b']|TrueTrue|ABab|bb|Ab Cd";
        QTest::newRow("dict-methods")
            << "{% set d = {'a': 1, 'b': 2} %}{{ d.get('a') }}{{ d.get('z', 9) }}{{ d.get('z') }} "
               "{{ d.keys() | list }} {{ d.values() | list }}"
            << "19None ['a', 'b'] [1, 2]";
        QTest::newRow("globals") << "{{ bos_token }}{{ eos_token }}{{ add_generation_prompt }}{{ "
                                    "strftime_now('%Y') | length }}"
                                 << "<s></s>False4";
    }
    void constructs() {
        QFETCH(QString, tpl);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(render(tpl.toStdString())), expected);
    }

    void raise_exception() {
        try {
            render(
                "{% if messages[0].role == 'system' %}{{ raise_exception('System role not "
                "supported') }}{% endif %}");
            QFAIL("expected an exception");
        } catch (const bitdelta::Error& e) {
            QCOMPARE(QString(e.what()), QString("System role not supported"));
        }
    }

    void errors_data() {
        QTest::addColumn<QString>("tpl");
        QTest::addColumn<QString>("where");
        QTest::newRow("unclosed-if")
            << "{% if true %}x"
            << "unclosed '{% if %}' opened at line 1 column 4: missing '{% endif %}'";
        QTest::newRow("unclosed-for-else")
            << "{% for x in y %}{% else %}"
            << "unclosed '{% for %}' opened at line 1 column 4: missing '{% endfor %}'";
        QTest::newRow("bad-token") << "a\nb {{ 1 + }}"
                                   << "line 2 column 10";
        QTest::newRow("unclosed-tag") << "x\n  {{ 'a'"
                                      << "line 2 column 3";
        QTest::newRow("unknown-stmt") << "{% frobnicate %}"
                                      << "line 1 column 4";
        QTest::newRow("bad-char") << "{{ a $ b }}"
                                  << "line 1 column 6";
        QTest::newRow("unterminated-string") << "{{ 'abc }}"
                                             << "line 1 column 4";
    }
    void errors() {
        QFETCH(QString, tpl);
        QFETCH(QString, where);
        try {
            ChatTemplate t(tpl.toStdString());
            QFAIL("expected a syntax error");
        } catch (const bitdelta::Error& e) {
            QVERIFY2(QString(e.what()).contains(where), e.what());
        }
    }

    void runtime_errors() {
        // Undefined attribute chains and unknown filters fail with a located message, as Jinja
        // does.
        for (const char* tpl : {"{{ nothing.attr }}", "{{ 1 | frobnicate }}", "{{ 1 + 'a' }}",
                                "{% for x in 5 %}{% endfor %}"}) {
            try {
                render(tpl);
                QFAIL(tpl);
            } catch (const bitdelta::Error& e) {
                QVERIFY2(QString(e.what()).contains("line 1 column"), e.what());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestTextChatTemplate)
#include "test_text_chat_template.moc"
