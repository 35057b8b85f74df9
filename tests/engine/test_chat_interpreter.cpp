// SPDX-License-Identifier: GPL-3.0-or-later
// The chat template interpreter on its own: every statement, whitespace control, expressions with
// Python's semantics, each filter, test and method, error positions, and hostile templates that
// must fail cleanly and quickly. The expected texts are what Python's jinja2, configured as
// Hugging Face configures it, renders for the same templates.

#include "engine/chat/json.h"
#include "engine/chat/template.h"
#include "tests/common/testsupport.h"

#include <QElapsedTimer>
#include <QtTest>

#include <cstdlib>
#include <ctime>

using namespace hearth::chat;

namespace {

/// 2026-11-28 12:00:00 UTC (a Saturday).
constexpr std::time_t kNow = 1795867200;
/// A hostile template must be refused well within this time.
constexpr qint64 kHostileTimeBudgetMs = 20000;

const std::vector<Message>& conversation() {
    static const std::vector<Message> messages = {
        {"system", "Be brief."}, {"user", "Hi!"}, {"assistant", "Hello."}, {"user", "Bye"}};
    return messages;
}

RenderOptions options() {
    RenderOptions o;
    o.bosToken = "<s>";
    o.eosToken = "</s>";
    o.now = kNow;
    return o;
}

std::string render(const std::string& source) {
    return Template(source).render(conversation(), options());
}

/// The error a template gives, compiling or rendering; fails the test when there is none.
TemplateError errorOf(const std::string& source) {
    try {
        render(source);
    } catch (const TemplateError& e) {
        return e;
    }
    return TemplateError("no error", 0, 0);
}

} // namespace

class TestChatInterpreter : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        qputenv("TZ", "UTC");
        tzset();
    }

    void renders_data() {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("expected");
        QTest::newRow("if_elif_else")
            << QString::fromUtf8("{% for x in [1, 2, 3] %}{% if x == 1 %}one{% elif x == 2 %}two{% "
                                 "else %}many{% endif %},{% endfor %}")
            << QString::fromUtf8("one,two,many,");
        QTest::newRow("loop_variables")
            << QString::fromUtf8(
                   "{% for x in 'abc' %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ "
                   "loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }};{% endfor %}")
            << QString::fromUtf8("1032TrueFalse3;2121FalseFalse3;3210FalseTrue3;");
        QTest::newRow("loop_prev_next_cycle")
            << QString::fromUtf8(
                   "{% for x in [1, 2, 3] %}{{ loop.previtem | default('-') }}{{ loop.nextitem | "
                   "default('-') }}{{ loop.cycle('a', 'b') }} {% endfor %}")
            << QString::fromUtf8("-2a 13b 2-a ");
        QTest::newRow("loop_else")
            << QString::fromUtf8("{% for x in [] %}x{% else %}empty{% endfor %}|{% for x in "
                                 "undefined_name %}x{% else %}none{% endfor %}")
            << QString::fromUtf8("empty|none");
        QTest::newRow("loop_filter")
            << QString::fromUtf8("{% for m in messages if m.role != 'system' %}{{ loop.index }}:{{ "
                                 "m.role }}/{{ loop.length }} {% endfor %}")
            << QString::fromUtf8("1:user/3 2:assistant/3 3:user/3 ");
        QTest::newRow("loop_unpacking")
            << QString::fromUtf8(
                   "{% for k, v in {'a': 1, 'b': [2]}.items() %}{{ k }}={{ v }};{% endfor %}{% for "
                   "a, (b, c) in [[1, [2, 3]]] %}{{ a }}{{ b }}{{ c }}{% endfor %}")
            << QString::fromUtf8("a=1;b=[2];123");
        QTest::newRow("loop_over_dict_and_string")
            << QString::fromUtf8("{% for k in {'x': 1, 'y': 2} %}{{ k }}{% endfor %}{% for c in "
                                 "'héllo' %}[{{ c }}]{% endfor %}")
            << QString::fromUtf8("xy[h][é][l][l][o]");
        QTest::newRow("break_continue")
            << QString::fromUtf8("{% for i in range(10) %}{% if i is odd %}{% continue %}{% endif "
                                 "%}{% if i > 6 %}{% break %}{% endif %}{{ i }}{% endfor %}")
            << QString::fromUtf8("0246");
        QTest::newRow("loop_scope")
            << QString::fromUtf8("{% set x = 'outer' %}{% for i in range(2) %}{{ x }}{% set x = i "
                                 "%}{{ x }} {% endfor %}{{ x }}")
            << QString::fromUtf8("outer0 outer1 outer");
        QTest::newRow("if_scope")
            << QString::fromUtf8("{% set x = 1 %}{% if true %}{% set x = 2 %}{% endif %}{{ x }}")
            << QString::fromUtf8("2");
        QTest::newRow("namespace")
            << QString::fromUtf8("{% set ns = namespace(found=false, n=0) %}{% for m in messages "
                                 "%}{% if m.role == 'user' %}{% set ns.found = true %}{% set ns.n "
                                 "= ns.n + 1 %}{% endif %}{% endfor %}{{ ns.found }} {{ ns.n }}")
            << QString::fromUtf8("True 2");
        QTest::newRow("namespace_from_dict")
            << QString::fromUtf8("{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }}{{ ns.b }}{{ "
                                 "ns.c is defined }}")
            << QString::fromUtf8("12False");
        QTest::newRow("set_tuple")
            << QString::fromUtf8("{% set a, b = 'xy' %}{{ b }}{{ a }}{% set t = 1, 2 %}{{ t }}")
            << QString::fromUtf8("yx(1, 2)");
        QTest::newRow("set_block")
            << QString::fromUtf8("{% set greeting %}Hello {{ 'world' }}{% endset %}[{{ greeting "
                                 "}}]{% set up | upper %}shout{% endset %}{{ up }}")
            << QString::fromUtf8("[Hello world]SHOUT");
        QTest::newRow("macro")
            << QString::fromUtf8(
                   "{% macro tag(name, value='-', sep=': ') %}{{ name }}{{ sep }}{{ value }}{% "
                   "endmacro %}{{ tag('a') }}|{{ tag('b', 2) }}|{{ tag('c', sep='=', value=3) }}")
            << QString::fromUtf8("a: -|b: 2|c=3");
        QTest::newRow("macro_sees_later_globals")
            << QString::fromUtf8(
                   "{% macro m() %}{{ late }}{% endmacro %}{% set late = 'L' %}{{ m() }}")
            << QString::fromUtf8("L");
        QTest::newRow("macro_recursion")
            << QString::fromUtf8("{% macro count(n) %}{{ n }}{% if n > 0 %}{{ count(n - 1) }}{% "
                                 "endif %}{% endmacro %}{{ count(5) }}")
            << QString::fromUtf8("543210");
        QTest::newRow("raw") << QString::fromUtf8("{% raw %}{{ not }} {% rendered %}{% endraw %}")
                             << QString::fromUtf8("{{ not }} {% rendered %}");
        QTest::newRow("comments") << QString::fromUtf8("a{# comment #}b{#- stripped -#} c")
                                  << QString::fromUtf8("abc");
        QTest::newRow("filter_block")
            << QString::fromUtf8("{% filter upper %}abc {{ 'def' }}{% endfilter %}")
            << QString::fromUtf8("ABC DEF");
        QTest::newRow("with_block")
            << QString::fromUtf8(
                   "{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}{{ a is defined }}")
            << QString::fromUtf8("3False");
        QTest::newRow("trim_blocks") << QString::fromUtf8("{% if true %}\nline\n{% endif %}\nend")
                                     << QString::fromUtf8("line\nend");
        QTest::newRow("lstrip_blocks")
            << QString::fromUtf8("  {% if true %}\n    x\n  {% endif %}\ny")
            << QString::fromUtf8("    x\ny");
        QTest::newRow("lstrip_not_for_variables")
            << QString::fromUtf8("  {{ 'v' }}\n") << QString::fromUtf8("  v");
        QTest::newRow("minus_strips")
            << QString::fromUtf8("a  \n  {%- if true -%}  \n  b  \n  {%- endif -%}  \n  c")
            << QString::fromUtf8("abc");
        QTest::newRow("minus_in_output")
            << QString::fromUtf8("x  {{- 'y' -}}  z") << QString::fromUtf8("xyz");
        QTest::newRow("plus_keeps")
            << QString::fromUtf8("  {%+ if true %}a{% endif +%}\nb") << QString::fromUtf8("  a\nb");
        QTest::newRow("comment_trims_newline")
            << QString::fromUtf8("{# c #}\nx\n  {# d #}\ny") << QString::fromUtf8("x\ny");
        QTest::newRow("trailing_newline_dropped")
            << QString::fromUtf8("one\n") << QString::fromUtf8("one");
        QTest::newRow("crlf_normalized")
            << QString::fromUtf8("a\r\nb\rc") << QString::fromUtf8("a\nb\nc");
        QTest::newRow("raw_whitespace")
            << QString::fromUtf8("  {% raw %}  x  {% endraw %}\ny") << QString::fromUtf8("  x  y");
        QTest::newRow("arithmetic")
            << QString::fromUtf8("{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ "
                                 "7 % 3 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 2 ** -1 }} {{ 10 / 4 }} "
                                 "{{ 10 / 5 }} {{ 7.5 // 2 }} {{ -7.5 % 2 }}")
            << QString::fromUtf8("7 9 3 -4 1 2 1024 0.5 2.5 2.0 3.0 0.5");
        QTest::newRow("numbers_print_like_python")
            << QString::fromUtf8(
                   "{{ 1.0 }} {{ 0.1 + 0.2 }} {{ 1e16 }} {{ 1e15 }} {{ 1.5e-5 }} {{ 0.0001 }} {{ "
                   "-0.0 }} {{ 3.14 }} {{ 100 }} {{ 0x1F }} {{ 0o17 }} {{ 0b101 }} {{ 1_000 }}")
            << QString::fromUtf8("1.0 0.30000000000000004 1e+16 1000000000000000.0 1.5e-05 0.0001 "
                                 "-0.0 3.14 100 31 15 5 1000");
        QTest::newRow("constants_print_like_python")
            << QString::fromUtf8(
                   "{{ none }} {{ None }} {{ true }} {{ false }} {{ undefined_name }}|{{ [1, 'a', "
                   "none, true, 1.5] }} {{ {'k': 'v', 1: none} }} {{ (1,) }} {{ (1, 2) }} {{ () }}")
            << QString::fromUtf8("None None True False |[1, 'a', None, True, 1.5] {'k': 'v', 1: "
                                 "None} (1,) (1, 2) ()");
        QTest::newRow("string_literals")
            << QString::fromUtf8("{{ 'single' }} {{ \"double\" }} {{ 'it\\'s' }} {{ \"tab\\there\" "
                                 "}} {{ '\\u00e9\\x41\\101\\U0001F600' }} {{ 'ad' 'jacent' }} {{ "
                                 "['quote\\'s', \"dq\\\"\"] }}")
            << QString::fromUtf8(
                   "single double it's tab\there éAA😀 adjacent [\"quote's\", 'dq\"']");
        QTest::newRow("concat_tilde")
            << QString::fromUtf8("{{ 'a' ~ 1 ~ none ~ true ~ 2.5 ~ undefined_name }}")
            << QString::fromUtf8("a1NoneTrue2.5");
        QTest::newRow("comparisons")
            << QString::fromUtf8("{{ 1 < 2 }} {{ 1 < 2 < 2 }} {{ 'a' < 'b' }} {{ [1, 2] < [1, 3] "
                                 "}} {{ 1 == 1.0 }} {{ true == 1 }} {{ 'a' != 'b' }} {{ (1, 2) == "
                                 "[1, 2] }} {{ {'a': 1} == {'a': 1} }}")
            << QString::fromUtf8("True False True True True True True False True");
        QTest::newRow("in_operator")
            << QString::fromUtf8("{{ 'ell' in 'hello' }} {{ 2 in [1, 2] }} {{ 'role' in "
                                 "messages[0] }} {{ 'x' not in 'abc' }} {{ 3 not in [1] }}")
            << QString::fromUtf8("True True True True True");
        QTest::newRow("and_or_return_operands")
            << QString::fromUtf8("{{ 'a' and 'b' }}|{{ '' and 'b' }}|{{ '' or 'c' }}|{{ 0 or none "
                                 "}}|{{ not 0 }}|{{ not 'x' }}")
            << QString::fromUtf8("b||c|None|True|False");
        QTest::newRow("ternary")
            << QString::fromUtf8("{{ 'yes' if true else 'no' }} {{ 'yes' if false else 'no' }} {{ "
                                 "'only' if false }}| {{ 1 if none else 2 if false else 3 }}")
            << QString::fromUtf8("yes no | 3");
        QTest::newRow("attribute_and_item")
            << QString::fromUtf8("{{ messages[0].role }} {{ messages[0]['content'] }} {{ "
                                 "messages[-1].role }} {{ messages.0.role }} {{ messages[9] is "
                                 "defined }} {{ messages[0].missing is defined }}")
            << QString::fromUtf8("system Be brief. user system False False");
        QTest::newRow("slicing")
            << QString::fromUtf8("{{ [1, 2, 3, 4][1:] }} {{ [1, 2, 3, 4][::-1] }} {{ [1, 2, 3, "
                                 "4][::2] }} {{ [1, 2, 3, 4][-2:] }} {{ 'héllo'[1:3] }} {{ "
                                 "'abc'[::-1] }} {{ (1, 2, 3)[:2] }} {{ [1, 2][5:] }}")
            << QString::fromUtf8("[2, 3, 4] [4, 3, 2, 1] [1, 3] [3, 4] él cba (1, 2) []");
        QTest::newRow("precedence_of_filters")
            << QString::fromUtf8("{{ 'a' + ' b ' | trim }} {{ -3 | abs }} {{ '1' + 2 | string "
                                 "}}|{{ not true and false }}")
            << QString::fromUtf8("ab 3 12|False");
        QTest::newRow("list_and_dict_literals")
            << QString::fromUtf8("{{ [1, [2, [3]]] | length }} {{ {'a': {'b': 1}}['a']['b'] }} {{ "
                                 "[1, 2,] }} {{ {'a': 1,} }}")
            << QString::fromUtf8("2 1 [1, 2] {'a': 1}");
        QTest::newRow("tests_types")
            << QString::fromUtf8(
                   "{{ x is defined }} {{ x is undefined }} {{ none is none }} {{ 'a' is string }} "
                   "{{ 1 is number }} {{ true is number }} {{ 1 is integer }} {{ true is integer "
                   "}} {{ 1.0 is float }} {{ {} is mapping }} {{ [] is sequence }} {{ 'a' is "
                   "iterable }} {{ 1 is iterable }} {{ true is boolean }}")
            << QString::fromUtf8(
                   "False True True True True True True False True True True True False True");
        QTest::newRow("tests_values")
            << QString::fromUtf8(
                   "{{ true is true }} {{ 1 is true }} {{ false is false }} {{ 3 is odd }} {{ 4 is "
                   "even }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }} {{ 1 is eq 1 }} {{ "
                   "'x' is equalto 'x' }} {{ 2 is gt 1 }} {{ 2 is lt 1 }} {{ 2 is ge 2 }} {{ 'a' "
                   "is in 'abc' }} {{ 'abc' is lower }} {{ 'ABC' is upper }} {{ none is sameas "
                   "none }}")
            << QString::fromUtf8("True False True True True True False True True True False True "
                                 "True True True True");
        QTest::newRow("tests_negated")
            << QString::fromUtf8("{{ x is not defined }} {{ none is not none }} {{ 'a' is not "
                                 "string }} {{ not 1 is odd }}")
            << QString::fromUtf8("True False False False");
        QTest::newRow("tests_other")
            << QString::fromUtf8("{{ range is callable }} {{ 'trim' is filter }} {{ 'odd' is test "
                                 "}} {{ 'nope' is filter }}")
            << QString::fromUtf8("True True True False");
        QTest::newRow("filter_trim")
            << QString::fromUtf8("[{{ '  a b \\n' | trim }}][{{ 'xxaxx' | trim('x') }}][{{ "
                                 "'\\u3000wide\\u00a0' | trim }}]")
            << QString::fromUtf8("[a b][a][wide]");
        QTest::newRow("filter_length")
            << QString::fromUtf8("{{ 'héllo' | length }} {{ [1, 2] | count }} {{ {'a': 1} | length "
                                 "}} {{ undefined_name | length }}")
            << QString::fromUtf8("5 2 1 0");
        QTest::newRow("filter_case")
            << QString::fromUtf8(
                   "{{ 'hello WORLD' | title }} {{ 'hELLO wORLD' | capitalize }} {{ 'Mixed' | "
                   "upper }} {{ 'Mixed' | lower }} {{ 'ÉCOLE straße' | lower }} {{ 'straße' | "
                   "upper }} {{ 'привет мир' | title }} {{ \"they're o'neil\" | title }}")
            << QString::fromUtf8("Hello World Hello world MIXED mixed école straße STRASSE Привет "
                                 "Мир They're O'neil");
        QTest::newRow("filter_replace")
            << QString::fromUtf8("{{ 'a-b-c' | replace('-', '+') }} {{ 'aaa' | replace('a', 'b', "
                                 "2) }} {{ 'ab' | replace('', '.') }}")
            << QString::fromUtf8("a+b+c bba .a.b.");
        QTest::newRow("filter_join")
            << QString::fromUtf8("{{ [1, 2, 3] | join }} {{ ['a', 'b'] | join(', ') }} {{ messages "
                                 "| join('|', attribute='role') }}")
            << QString::fromUtf8("123 a, b system|user|assistant|user");
        QTest::newRow("filter_default")
            << QString::fromUtf8("{{ x | default('d') }} {{ x | d('d') }} {{ none | default('d') "
                                 "}} {{ '' | default('d', true) }} {{ 0 | default('d', "
                                 "boolean=true) }} {{ 'v' | default('d') }}")
            << QString::fromUtf8("d d None d d v");
        QTest::newRow("filter_first_last")
            << QString::fromUtf8("{{ [1, 2, 3] | first }} {{ [1, 2, 3] | last }} {{ 'abc' | first "
                                 "}} {{ 'abc' | last }} {{ [] | first is defined }}")
            << QString::fromUtf8("1 3 a c False");
        QTest::newRow("filter_list_string")
            << QString::fromUtf8("{{ 'ab' | list }} {{ {'k': 1} | list }} {{ 1.5 | string }} {{ "
                                 "none | string }} {{ [1] | string }}")
            << QString::fromUtf8("['a', 'b'] ['k'] 1.5 None [1]");
        QTest::newRow("filter_int_float")
            << QString::fromUtf8(
                   "{{ '42' | int }} {{ ' 7 ' | int }} {{ '4.9' | int }} {{ 3.99 | int }} {{ 'x' | "
                   "int }} {{ 'x' | int(-1) }} {{ '0x1A' | int(0, 16) }} {{ 'ff' | int(base=16) }} "
                   "{{ '2.5' | float }} {{ 3 | float }} {{ 'y' | float }} {{ true | int }}")
            << QString::fromUtf8("42 7 4 3 0 -1 26 255 2.5 3.0 0.0 1");
        QTest::newRow("filter_abs_round")
            << QString::fromUtf8(
                   "{{ -3 | abs }} {{ -2.5 | abs }} {{ 2.5 | round }} {{ 3.5 | round }} {{ 2.675 | "
                   "round(2) }} {{ 2.1 | round(method='ceil') }} {{ 2.9 | round(method='floor') }} "
                   "{{ 5 | round }} {{ 1234.5 | round(-2) }} {{ 42.195 | round(1, 'floor') }}")
            << QString::fromUtf8("3 2.5 2.0 4.0 2.67 3.0 2.0 5 1200.0 42.1");
        QTest::newRow("filter_items_dictsort")
            << QString::fromUtf8("{{ {'b': 1, 'a': 2} | items | list }} {{ {'b': 1, 'A': 2, 'c': "
                                 "0} | dictsort }} {{ {'b': 1, 'a': 2} | dictsort(by='value') }} "
                                 "{{ {'b': 1, 'a': 2} | dictsort(reverse=true) }}")
            << QString::fromUtf8("[('b', 1), ('a', 2)] [('A', 2), ('b', 1), ('c', 0)] [('b', 1), "
                                 "('a', 2)] [('b', 1), ('a', 2)]");
        QTest::newRow("filter_map_select")
            << QString::fromUtf8(
                   "{{ messages | map(attribute='role') | list }} {{ ['a', 'B'] | map('upper') | "
                   "list }} {{ [1, 2, 3, 4] | select('odd') | list }} {{ [1, 2, 3, 4] | "
                   "reject('odd') | list }} {{ [0, 1, '', 'x', none] | select | list }} {{ "
                   "messages | selectattr('role', 'equalto', 'user') | map(attribute='content') | "
                   "list }} {{ messages | rejectattr('role', 'in', ['user', 'system']) | list | "
                   "length }} {{ [{'a': {'b': 1}}, {'a': {'b': 2}}] | map(attribute='a.b') | list "
                   "}} {{ [{'x': 1}, {}] | map(attribute='x', default=0) | list }}")
            << QString::fromUtf8("['system', 'user', 'assistant', 'user'] ['A', 'B'] [1, 3] [2, 4] "
                                 "[1, 'x'] ['Hi!', 'Bye'] 1 [1, 2] [1, 0]");
        QTest::newRow("filter_generators")
            << QString::fromUtf8(
                   "{{ (messages | selectattr('role', 'equalto', 'nobody')) is sequence }} {{ [] | "
                   "select | list }} {% if [] | select %}truthy{% endif %}")
            << QString::fromUtf8("False [] truthy");
        QTest::newRow("filter_unique_sort")
            << QString::fromUtf8(
                   "{{ ['b', 'A', 'a', 'C', 'b'] | unique | list }} {{ ['b', 'A', 'a'] | "
                   "unique(case_sensitive=true) | list }} {{ [3, 1, 2] | sort }} {{ ['b', 'A', "
                   "'c'] | sort }} {{ ['b', 'A', 'c'] | sort(case_sensitive=true) }} {{ [3, 1, 2] "
                   "| sort(reverse=true) }} {{ [{'n': 2}, {'n': 1}] | sort(attribute='n') | "
                   "map(attribute='n') | list }}")
            << QString::fromUtf8("['b', 'A', 'C'] ['b', 'A', 'a'] [1, 2, 3] ['A', 'b', 'c'] ['A', "
                                 "'b', 'c'] [3, 2, 1] [1, 2]");
        QTest::newRow("filter_min_max_sum")
            << QString::fromUtf8(
                   "{{ [3, 1, 2] | min }} {{ [3, 1, 2] | max }} {{ ['b', 'A'] | min }} {{ [1, 2, "
                   "3] | sum }} {{ [1.5, 2] | sum(start=10) }} {{ [{'v': 1}, {'v': 2}] | "
                   "sum(attribute='v') }} {{ [] | max is defined }}")
            << QString::fromUtf8("1 3 A 6 13.5 3 False");
        QTest::newRow("filter_reverse_batch")
            << QString::fromUtf8(
                   "{{ [1, 2, 3] | reverse | list }} {{ 'abc' | reverse }} {{ [1, 2, 3, 4, 5] | "
                   "batch(2) | list }} {{ [1, 2, 3] | batch(2, 'x') | list }}")
            << QString::fromUtf8("[3, 2, 1] cba [[1, 2], [3, 4], [5]] [[1, 2], [3, 'x']]");
        QTest::newRow("filter_tojson")
            << QString::fromUtf8(
                   "{{ {'b': [1, 2.5, none, true], 'a': 'é\"\\n\\t<>&'} | tojson }} {{ [] | tojson "
                   "}} {{ {} | tojson }} {{ 'x' | tojson }} {{ {'b': 1, 'a': 2} | "
                   "tojson(sort_keys=true) }} {{ 'é' | tojson(ensure_ascii=true) }}")
            << QString::fromUtf8("{\"b\": [1, 2.5, null, true], \"a\": \"é\\\"\\n\\t<>&\"} [] {} "
                                 "\"x\" {\"a\": 2, \"b\": 1} \"\\u00e9\"");
        QTest::newRow("filter_tojson_indent")
            << QString::fromUtf8("{{ {'a': [1, {'b': []}], 'c': {}} | tojson(indent=2) }}|{{ [1] | "
                                 "tojson(indent=0) }}|{{ [1, [2]] | tojson(indent='\\t') }}")
            << QString::fromUtf8("{\n  \"a\": [\n    1,\n    {\n      \"b\": []\n    }\n  ],\n  "
                                 "\"c\": {}\n}|[\n1\n]|[\n\t1,\n\t[\n\t\t2\n\t]\n]");
        QTest::newRow("filter_indent")
            << QString::fromUtf8(
                   "{{ 'a\\nb\\n\\nc' | indent }}|{{ 'a\\nb' | indent(2, true) }}|{{ 'a\\n\\nb' | "
                   "indent(2, blank=true) }}|{{ 'a\\nb' | indent('> ') }}")
            << QString::fromUtf8("a\n    b\n\n    c|  a\n  b|a\n  \n  b|a\n> b");
        QTest::newRow("filter_misc")
            << QString::fromUtf8(
                   "{{ '<a href=\"x\">&\\'</a>' | escape }} {{ 'x' | e }} {{ 'abc' | center(7) }}| "
                   "{{ 'one two  three' | wordcount }} {{ 'a' | safe }} {{ '%s=%d' | format('k', "
                   "3) }} {{ 'hello world foo' | truncate(9) }} {{ 'hello world foo' | truncate(9, "
                   "true, '..', 0) }} {{ {'a': 1} | attr('items') is callable }}")
            << QString::fromUtf8("&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt; x   abc  | 3 a "
                                 "k=3 hello... hello w.. True");
        QTest::newRow("string_methods_strip")
            << QString::fromUtf8(
                   "[{{ '  a  '.strip() }}][{{ '  a  '.lstrip() }}][{{ '  a  '.rstrip() }}][{{ "
                   "'\\n\\nx\\n'.lstrip('\\n') }}][{{ 'xyaxy'.strip('xy') }}]")
            << QString::fromUtf8("[a][a  ][  a][x\n][a]");
        QTest::newRow("string_methods_split")
            << QString::fromUtf8(
                   "{{ 'a,b,,c'.split(',') }} {{ '  a  b  '.split() }} {{ 'a b c'.split(' ', 1) }} "
                   "{{ 'a b c'.rsplit(' ', 1) }} {{ ' a b '.split(none, 1) }} {{ "
                   "'l1\\nl2\\r\\nl3'.splitlines() }} {{ 'x</think>y'.split('</think>')[-1] }}")
            << QString::fromUtf8("['a', 'b', '', 'c'] ['a', 'b'] ['a', 'b c'] ['a b', 'c'] ['a', "
                                 "'b '] ['l1', 'l2', 'l3'] y");
        QTest::newRow("string_methods_affix")
            << QString::fromUtf8(
                   "{{ 'hello'.startswith('he') }} {{ 'hello'.endswith('lo') }} {{ "
                   "'hello'.startswith(('x', 'h')) }} {{ 'hello'.endswith('x') }} {{ "
                   "'prefix-rest'.removeprefix('prefix-') }} {{ 'a.txt'.removesuffix('.txt') }}")
            << QString::fromUtf8("True True True False rest a");
        QTest::newRow("string_methods_case")
            << QString::fromUtf8(
                   "{{ 'aBc'.upper() }} {{ 'aBc'.lower() }} {{ \"they're bill\".title() }} {{ "
                   "'hELLO'.capitalize() }} {{ 'aB'.swapcase() }} {{ 'Title Case'.istitle() }} {{ "
                   "'123'.isdigit() }} {{ 'abc'.isalpha() }} {{ ' \\t'.isspace() }} {{ "
                   "'ABC'.isupper() }} {{ 'abc'.islower() }}")
            << QString::fromUtf8("ABC abc They'Re Bill Hello Ab True True True True True True");
        QTest::newRow("string_methods_misc")
            << QString::fromUtf8(
                   "{{ 'a b'.replace(' ', '_') }} {{ 'hello'.find('l') }} {{ 'hello'.rfind('l') }} "
                   "{{ 'hello'.count('l') }} {{ '-'.join(['a', 'b']) }} {{ '7'.zfill(3) }} {{ "
                   "'ab'.center(6, '*') }} {{ 'ab'.ljust(4, '.') }}| {{ 'ab'.rjust(4) }} {{ "
                   "'k=v'.partition('=') }} {{ 'a=b=c'.rpartition('=') }}")
            << QString::fromUtf8(
                   "a_b 2 3 2 a-b 007 **ab** ab..|   ab ('k', '=', 'v') ('a=b', '=', 'c')");
        QTest::newRow("string_format_method")
            << QString::fromUtf8(
                   "{{ '{} and {}'.format('a', 'b') }} {{ '{1}{0}'.format('x', 'y') }} {{ "
                   "'{name}!'.format(name='n') }} {{ '{:>5}|{:<5}|{:^5}|'.format('r', 'l', 'c') }} "
                   "{{ '{:.2f} {:05d} {:+d} {:x} {:,}'.format(3.14159, 42, 7, 255, 1234567) }} {{ "
                   "'{{literal}}'.format() }} {{ '{0[0]} {0[1]}'.format(['p', 'q']) }}")
            << QString::fromUtf8(
                   "a and b yx n!     r|l    |  c  | 3.14 00042 +7 ff 1,234,567 {literal} p q");
        QTest::newRow("percent_format")
            << QString::fromUtf8("{{ '%s-%d-%05.2f|%x|%r|%%' % ('a', 3, 2.5, 255, 'q') }} {{ "
                                 "'%(k)s' % {'k': 'v'} }} {{ '%5s|%-5s|' % ('ab', 'cd') }} {{ "
                                 "'%.2s' % 'xyz' }} {{ '%s' % none }}")
            << QString::fromUtf8("a-3-02.50|ff|'q'|% v    ab|cd   | xy None");
        QTest::newRow("dict_methods")
            << QString::fromUtf8("{{ messages[0].get('role') }} {{ messages[0].get('nope') }} {{ "
                                 "messages[0].get('nope', 'd') }} {{ {'a': 1}.items() | list }} {{ "
                                 "{'a': 1, 'b': 2}.keys() | list }} {{ {'a': 1}.values() | list }}")
            << QString::fromUtf8("system None d [('a', 1)] ['a', 'b'] [1]");
        QTest::newRow("list_methods")
            << QString::fromUtf8("{{ [1, 2, 1].count(1) }} {{ ['a', 'b'].index('b') }}")
            << QString::fromUtf8("2 1");
        QTest::newRow("range_global")
            << QString::fromUtf8("{{ range(4) | list }} {{ range(1, 7, 2) | list }} {{ range(5, 0, "
                                 "-2) | list }} {{ range(0) | list }}")
            << QString::fromUtf8("[0, 1, 2, 3] [1, 3, 5] [5, 3, 1] []");
        QTest::newRow("dict_global")
            << QString::fromUtf8(
                   "{{ dict(a=1, b='x') }} {{ dict({'k': 1}, z=2) }} {{ dict([('p', 1)]) }}")
            << QString::fromUtf8("{'a': 1, 'b': 'x'} {'k': 1, 'z': 2} {'p': 1}");
        QTest::newRow("strftime_now")
            << QString::fromUtf8("{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%A %B %-d "
                                 "%H:%M:%S %y %j %p %I %e %m %a %%') }}")
            << QString::fromUtf8(
                   "28 Nov 2026|Saturday November 28 12:00:00 26 332 PM 12 28 11 Sat %");
        QTest::newRow("context_variables")
            << QString::fromUtf8(
                   "{{ bos_token }}|{{ eos_token }}|{{ add_generation_prompt }}|{{ tools }}|{{ "
                   "tools is defined }}|{{ documents is none }}|{{ messages | length }}")
            << QString::fromUtf8("<s>|</s>|True|None|True|True|4");
    }

    void renders() {
        QFETCH(QString, source);
        QFETCH(QString, expected);
        const std::string out = render(source.toStdString());
        QCOMPARE(QString::fromStdString(out), expected);
    }

    void generationBlockIsTransparent() {
        QCOMPARE(render("{% generation %}answer {{ 1 }}{% endgeneration %}"),
                 std::string("answer 1"));
    }

    void extraVariablesAndOptions() {
        RenderOptions o = options();
        o.addGenerationPrompt = false;
        o.extraVariables = {
            {"enable_thinking", Value::boolean(false)},
            {"tools", Value::list({Value::object({{"name", Value::string("f")}})})}};
        const Template t("{{ add_generation_prompt }} {{ enable_thinking }} {{ tools | tojson }}");
        QCOMPARE(t.render(conversation(), o), std::string("False False [{\"name\": \"f\"}]"));
    }

    void messagesAsValues() {
        const Value messages = parseJson(
            R"([{"role": "assistant", "content": null, "tool_calls": [{"function": {"name": "get", "arguments": {"city": "Oslo", "n": 2}}}]}])");
        const Template t("{% for m in messages %}{{ m.content is none }} "
                         "{{ m.tool_calls[0].function.arguments | tojson }}{% endfor %}");
        QCOMPARE(t.render(messages, options()), std::string(R"(True {"city": "Oslo", "n": 2})"));
    }

    void raiseExceptionIsDistinguishable() {
        try {
            render("line one\n{% if messages[0].role == 'system' %}{{ raise_exception('No system "
                   "messages, please') }}{% endif %}");
            QFAIL("raise_exception must throw");
        } catch (const TemplateRaised& e) {
            QCOMPARE(e.detail(), std::string("No system messages, please"));
            QCOMPARE(e.line(), 2);
            QVERIFY(std::string(e.what()).find("rejected the conversation") != std::string::npos);
        }
        // Other errors are TemplateError but not TemplateRaised.
        try {
            render("{{ 1 / 0 }}");
            QFAIL("division by zero must throw");
        } catch (const TemplateRaised&) {
            QFAIL("not a raise_exception");
        } catch (const TemplateError& e) {
            QCOMPARE(e.detail(), std::string("division by zero"));
        }
    }

    void errorPositions_data() {
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::newRow("unexpected end of expression")
            << "{{ 1 + }}" << 1 << 8 << "unexpected end of print statement";
        QTest::newRow("unclosed block")
            << "{% for x in y %}\nbody" << 2 << 5 << "expected 'endfor'";
        QTest::newRow("stray end tag") << "a\nb\n  {% endif %}" << 3 << 6 << "unexpected 'endif'";
        QTest::newRow("unknown tag") << "{% frobnicate %}" << 1 << 4 << "unknown tag 'frobnicate'";
        QTest::newRow("unsupported tag")
            << "x\n{% include 'other.jinja' %}" << 2 << 4 << "not supported";
        QTest::newRow("unterminated string") << "{{ 'abc }}" << 1 << 4 << "unexpected character";
        QTest::newRow("bad character") << "{{ a ? b }}" << 1 << 6 << "unexpected character '?'";
        QTest::newRow("unbalanced bracket") << "{{ (1] }}" << 1 << 6 << "unexpected ']'";
        QTest::newRow("unclosed comment")
            << "text {# never closed" << 1 << 8 << "missing end of comment tag";
        QTest::newRow("break outside loop") << "{% break %}" << 1 << 4 << "outside of a loop";
        QTest::newRow("undefined attribute")
            << "\n\n  {{ nothing.here }}" << 3 << 13 << "'nothing' is undefined";
        QTest::newRow("undefined arithmetic")
            << "{{ 1 + missing }}" << 1 << 6 << "'missing' is undefined";
        QTest::newRow("type error")
            << "{% set x = 'a' %}\n{{ x + 1 }}" << 2 << 6 << "can only concatenate str";
        QTest::newRow("unknown filter")
            << "{{ 'a' | frobnicate }}" << 1 << 10 << "no filter named 'frobnicate'";
        QTest::newRow("unknown test")
            << "{{ 'a' is frobnicated }}" << 1 << 8 << "no test named 'frobnicated'";
        QTest::newRow("bad filter argument")
            << "{{ [1] | join(1, 2, 3) }}" << 1 << 10 << "join() takes at most 2";
        QTest::newRow("unpacking")
            << "{% for a, b in [[1, 2, 3]] %}{% endfor %}" << 1 << 8 << "too many values to unpack";
        QTest::newRow("namespace assignment")
            << "{% set x = 1 %}{% set x.y = 2 %}" << 1 << 23 << "non-namespace";
        QTest::newRow("macro arguments")
            << "{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}" << 1 << 35 << "takes not more than 1";
        QTest::newRow("not callable") << "{{ 'abc'() }}" << 1 << 9 << "not callable";
        QTest::newRow("integer overflow") << "{{ 2 ** 70 }}" << 1 << 6 << "integer overflow";
        QTest::newRow("bad escape") << "{{ '\\x4' }}" << 1 << 4 << "truncated \\x escape";
    }

    void errorPositions() {
        QFETCH(QString, source);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        const TemplateError e = errorOf(source.toStdString());
        QVERIFY2(QString::fromStdString(e.detail()).contains(message), e.what());
        QCOMPARE(e.line(), line);
        QCOMPARE(e.column(), column);
        QVERIFY(QString(e.what()).contains(QString("line %1, column %2").arg(line).arg(column)));
    }

    void hostileTemplates_data() {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("message");
        const QString deepParens = QString("(").repeated(5000) + "1" + QString(")").repeated(5000);
        QTest::newRow("nested parentheses") << "{{ " + deepParens + " }}"
                                            << "nests too deeply";
        QTest::newRow("nested lists")
            << "{{ " + QString("[").repeated(5000) + QString("]").repeated(5000) + " }}"
            << "nests too deeply";
        QTest::newRow("filter chain") << "{{ 'x'" + QString(" | trim").repeated(20000) + " }}"
                                      << "nested too deeply";
        QTest::newRow("attribute chain") << "{{ x" + QString(".a").repeated(20000) + " }}"
                                         << "nested too deeply";
        QTest::newRow("plus chain") << "{{ 1" + QString(" + 1").repeated(20000) + " }}"
                                    << "nested too deeply";
        QTest::newRow("ternary chain") << "{{ 1" + QString(" if 1 else 2").repeated(20000) + " }}"
                                       << "too deeply";
        QTest::newRow("not chain") << "{{ " + QString("not ").repeated(20000) + "1 }}"
                                   << "nests too deeply";
        QTest::newRow("minus chain") << "{{ " + QString("-").repeated(20000) + "1 }}"
                                     << "nests too deeply";
        QTest::newRow("nested blocks")
            << QString("{% if true %}").repeated(5000) + QString("{% endif %}").repeated(5000)
            << "nests too deeply";
        QTest::newRow("infinite recursion") << "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"
                                            << "recurses too deeply";
        QTest::newRow("nested loops")
            << "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
            << "too much work";
        QTest::newRow("huge range") << "{{ range(1000000000) | length }}"
                                    << "range too big";
        QTest::newRow("string repetition") << "{{ 'x' * 1000000000 }}"
                                           << "string too long";
        QTest::newRow("string doubling") << "{% set ns = namespace(s='x') %}{% for i in range(64) "
                                            "%}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
                                         << "string too long";
        QTest::newRow("list repetition") << "{{ [1, 2] * 1000000000 }}"
                                         << "list too long";
        QTest::newRow("output size") << "{% for i in range(100000) %}{{ 'y' * 1000 }}{% endfor %}"
                                     << "larger than";
        QTest::newRow("deep values") << "{% set ns = namespace(l=[]) %}{% for i in range(1000) "
                                        "%}{% set ns.l = [ns.l] %}{% endfor %}"
                                     << "nested more than";
        QTest::newRow("namespace cycle") << "{% set ns = namespace() %}{% set ns.me = ns %}{{ ns }}"
                                         << "nested too deeply";
        QTest::newRow("namespace cycle json")
            << "{% set ns = namespace() %}{% set ns.l = [ns] %}{{ ns.l | tojson }}"
            << "not JSON serializable";
        QTest::newRow("many namespaces")
            << "{% for i in range(100000) %}{% set ns = namespace() %}{% endfor %}"
            << "too many namespaces";
        QTest::newRow("replace blow-up") << "{% set ns = namespace(s='ab') %}{% for i in range(40) "
                                            "%}{% set ns.s = ns.s.replace('', ns.s) %}{% endfor %}"
                                         << "too long";
        QTest::newRow("wide format")
            << "{{ '%2000000000s' % 'a' }}{{ 'x' * 8000000 }}{{ 'y' * 8000000 }}"
            << "larger than";
        QTest::newRow("comparing big strings")
            << "{% set a = 'x' * 8000000 %}{% set b = 'x' * 8000000 %}{% for i in range(100000) "
               "%}{% if a == b %}{% endif %}{% endfor %}"
            << "too much work";
        QTest::newRow("indexing a big string")
            << "{% set s = 'é' * 4000000 %}{% for i in range(100000) %}{{ s[5] }}{% endfor %}"
            << "too much work";
        QTest::newRow("printing shared strings") << "{{ ['x' * 8000000] * 1000000 }}"
                                                 << "too large to print";
        QTest::newRow("huge json indent") << "{{ [[[[1]]]] | tojson(indent=100000000) }}"
                                          << "too long";
    }

    void hostileTemplates() {
        QFETCH(QString, source);
        QFETCH(QString, message);
        QElapsedTimer timer;
        timer.start();
        const TemplateError e = errorOf(source.toStdString());
        QVERIFY2(QString::fromStdString(e.detail()).contains(message), e.what());
        QVERIFY(timer.elapsed() < kHostileTimeBudgetMs);
    }

    void recursionWithinLimitsWorks() {
        const std::string src = "{% macro count(n) %}{% if n > 0 %}{{ count(n - 1) }}{% endif %}"
                                "{{ n }}{% endmacro %}{{ count(20) }}";
        QCOMPARE(render(src), std::string("01234567891011121314151617181920"));
    }

    void limitsAreConfigurable() {
        RenderOptions o = options();
        o.limits.maxOutputBytes = 10;
        const Template t("{{ 'x' * 11 }}");
        QVERIFY_THROWS_EXCEPTION(TemplateError, t.render(conversation(), o));
        o.limits.maxOutputBytes = 11;
        QCOMPARE(t.render(conversation(), o), std::string(11, 'x'));
    }

    void templateIsReusable() {
        const Template t("{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + "
                         "1 %}{% endfor %}{{ ns.n }}");
        QCOMPARE(t.render(conversation(), options()), std::string("4"));
        QCOMPARE(t.render(std::vector<Message>{{"user", "x"}}, options()), std::string("1"));
    }

    void jsonReader() {
        const Value v = parseJson(
            R"( {"b": [1, -2.5e1, true, false, null], "a": "\u00e9\ud83d\ude00\n", "c": {}} )");
        QCOMPARE(toStr(v),
                 std::string("{'b': [1, -25.0, True, False, None], 'a': 'é😀\\n', 'c': {}}"));
        JsonOptions o;
        QCOMPARE(toJson(v, o, 1 << 20),
                 std::string(R"({"b": [1, -25.0, true, false, null], "a": "é😀\n", "c": {}})"));
        for (const char* bad : {"", "[1,]", "{\"a\" 1}", "[1 2]", "\"abc", "01", "[1] x",
                                "{'a': 1}", "tru", "[\"\\x\"]"}) {
            QVERIFY_THROWS_EXCEPTION(hearth::Error, parseJson(bad));
        }
        QVERIFY_THROWS_EXCEPTION(hearth::Error,
                                 parseJson(std::string(10000, '[') + std::string(10000, ']')));
    }
};

QTEST_GUILESS_MAIN(TestChatInterpreter)
#include "test_chat_interpreter.moc"
