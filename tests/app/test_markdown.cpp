// SPDX-License-Identifier: GPL-3.0-or-later
// The chat view's text helpers: splitting Markdown into prose and code blocks, making it safe
// to render, the segments list model as a message streams, conversation titles, counts.

#include "app/viewmodels/chattext.h"
#include "app/viewmodels/markdownhtml.h"
#include "app/viewmodels/markdownsegments.h"
#include "app/viewmodels/messagesegments.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using hearth::app::MarkdownSegment;
using Kind = hearth::app::MarkdownSegment::Kind;

class TestMarkdown : public QObject {
    Q_OBJECT

private slots:
    void proseOnly() {
        const auto s = hearth::app::segmentMarkdown("# Title\n\nSome *text*.\n\n- a\n- b\n");
        QCOMPARE(s.size(), 1);
        QCOMPARE(s[0].kind, Kind::Text);
        QCOMPARE(s[0].content, QString("# Title\n\nSome *text*.\n\n- a\n- b"));
    }

    void fencedBlocks() {
        const QString md = "Before\n\n```cpp\nint main() {\n    return 0;\n}\n```\n\nBetween\n"
                           "~~~\nplain <b>\n~~~\nAfter";
        const auto s = hearth::app::segmentMarkdown(md);
        QCOMPARE(s.size(), 5);
        QCOMPARE(s[0].content, QString("Before"));
        QCOMPARE(s[1].kind, Kind::Code);
        QCOMPARE(s[1].language, QString("cpp"));
        QCOMPARE(s[1].content, QString("int main() {\n    return 0;\n}"));
        QVERIFY(s[1].closed);
        QCOMPARE(s[2].content, QString("Between"));
        QCOMPARE(s[3].kind, Kind::Code);
        QCOMPARE(s[3].language, QString());
        QCOMPARE(s[3].content, QString("plain <b>")); // code is never escaped
        QCOMPARE(s[4].content, QString("After"));
    }

    void fenceRules() {
        // A longer fence closes only with one at least as long; a shorter one is content.
        auto s = hearth::app::segmentMarkdown("````md\n```\ninner\n```\n````\n");
        QCOMPARE(s.size(), 1);
        QCOMPARE(s[0].content, QString("```\ninner\n```"));
        // Four spaces of indentation make no fence; backticks in a backtick info string
        // make an inline span, not a fence.
        s = hearth::app::segmentMarkdown("    ```\n    code\n``` a`b\ntext");
        QCOMPARE(s.size(), 1);
        QCOMPARE(s[0].kind, Kind::Text);
        // The info string's first word is the language.
        s = hearth::app::segmentMarkdown("```python title=x.py\nprint(1)\n```");
        QCOMPARE(s[0].language, QString("python"));
        // Windows line ends.
        s = hearth::app::segmentMarkdown("a\r\n```\r\nb\r\n```\r\n");
        QCOMPARE(s.size(), 2);
        QCOMPARE(s[1].content, QString("b"));
    }

    void unclosedFenceStreams() {
        const auto s = hearth::app::segmentMarkdown("Here:\n```js\nconsole.log(1)");
        QCOMPARE(s.size(), 2);
        QCOMPARE(s[1].kind, Kind::Code);
        QVERIFY(!s[1].closed);
        QCOMPARE(s[1].content, QString("console.log(1)"));
    }

    void sanitizing() {
        using hearth::app::sanitizeMarkdown;
        QCOMPARE(sanitizeMarkdown("<img src=\"http://x/y.png\"> hi"),
                 QString("&lt;img src=\"http://x/y.png\"> hi"));
        QCOMPARE(sanitizeMarkdown("see ![a cat](http://x/cat.png)"),
                 QString("see [a cat](http://x/cat.png)"));
        // Inline code and escapes stay as written.
        QCOMPARE(sanitizeMarkdown("use `a<b` and ``x`<y``"), QString("use `a<b` and ``x`<y``"));
        QCOMPARE(sanitizeMarkdown("a \\< b"), QString("a \\< b"));
        // Indented code is left alone.
        QCOMPARE(sanitizeMarkdown("    if (a < b)"), QString("    if (a < b)"));
        // An unmatched backtick is just a character.
        QCOMPARE(sanitizeMarkdown("`a <b"), QString("`a &lt;b"));
        // Text segments come out sanitized.
        const auto s = hearth::app::segmentMarkdown("<script>x</script>");
        QCOMPARE(s[0].content, QString("&lt;script>x&lt;/script>"));
    }

    void segmentsModelStreams() {
        hearth::app::MessageSegments model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        // Text growing token by token: one row, updated in place.
        QString text;
        for (const char* piece :
             {"Here", " is", " code:", "\n```", "py\n", "x = 1", "\n```", "\nDone."}) {
            text += piece;
            model.setText(text);
        }
        QCOMPARE(model.count(), 3);
        QCOMPARE(removed.size(), 0);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(inserted.size(), 3); // prose, then the code block, then prose again
        QVERIFY(changed.size() >= 4);
        const QModelIndex code = model.index(1);
        QCOMPARE(model.data(code, hearth::app::MessageSegments::KindRole).toString(),
                 QString("code"));
        QCOMPARE(model.data(code, hearth::app::MessageSegments::LanguageRole).toString(),
                 QString("py"));
        QCOMPARE(model.data(code, hearth::app::MessageSegments::ContentRole).toString(),
                 QString("x = 1"));
        QVERIFY(model.data(code, hearth::app::MessageSegments::ClosedRole).toBool());

        // A different message: rows of another kind are replaced.
        model.setText("```\nonly code\n```");
        QCOMPARE(model.count(), 1);
        QCOMPARE(model.data(model.index(0), hearth::app::MessageSegments::KindRole).toString(),
                 QString("code"));
        model.setText(QString());
        QCOMPARE(model.count(), 0);
    }

    void richText() {
        hearth::app::MarkdownStyle style;
        style.link = QColor("#123456");
        style.rule = QColor("#abcdef");
        style.codeBackground = QColor("#fedcba");
        const QString html = hearth::app::markdownToHtml(
            "See [docs](https://example.org) and `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            style);
        QVERIFY(html.contains("href=\"https://example.org\""));
        QVERIFY(html.contains("#123456")); // the link colour
        QVERIFY(html.contains("#fedcba")); // inline code background
        QVERIFY(html.contains("<table"));
        QVERIFY(html.contains("#abcdef"));     // table borders
        QVERIFY(html.contains("line-height")); // comfortable lines

        // Sanitized Markdown renders raw tags as text and images as links, never as <img>.
        const auto segments =
            hearth::app::segmentMarkdown("<img src=\"http://x/a.png\"> ![cat](http://x/c.png)");
        const QString safe = hearth::app::markdownToHtml(segments[0].content, style);
        QVERIFY(!safe.contains("<img"));
        QVERIFY(safe.contains("&lt;img"));

        // The segments model renders prose, and again when the style changes.
        hearth::app::MessageSegments model;
        model.setText("Hello *world*\n```\nx\n```");
        const QString before =
            model.data(model.index(0), hearth::app::MessageSegments::HtmlRole).toString();
        QVERIFY(before.contains("world"));
        QVERIFY(model.data(model.index(1), hearth::app::MessageSegments::HtmlRole)
                    .toString()
                    .isEmpty());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setLinkColor(QColor("#010203"));
        QCOMPARE(changed.size(), 1);
    }

    void titles() {
        using hearth::app::titleFromExchange;
        QCOMPARE(titleFromExchange("How do I read a file in Rust?"),
                 QString("How do I read a file in Rust?"));
        QCOMPARE(titleFromExchange("## Plan a *three-day* trip to Jeju\nwith kids"),
                 QString("Plan a three-day trip to Jeju"));
        // Too short to say anything: the answer's first sentence.
        QCOMPARE(titleFromExchange("hi", "Hello! How can I help you today?"), QString("Hello!"));
        QCOMPARE(titleFromExchange("hi"), QString("hi"));
        // Long text is cut at a word with an ellipsis.
        const QString t = titleFromExchange(
            "Please explain the difference between processes and threads in operating systems");
        QVERIFY(t.size() <= hearth::app::kMaxTitleLength + 1);
        QVERIFY(t.endsWith(QChar(0x2026)));
        QVERIFY(t.startsWith("Please explain the difference"));
        // Korean: a short question is enough.
        QCOMPARE(titleFromExchange("오늘 서울 날씨 어때?"), QString("오늘 서울 날씨 어때?"));
        QCOMPARE(titleFromExchange("안녕", "안녕하세요! 무엇을 도와드릴까요?"),
                 QString("안녕하세요!"));
        // Code fences are skipped.
        QCOMPARE(titleFromExchange("```\nint x;\n```\nWhy does this not compile in C?"),
                 QString("Why does this not compile in C?"));
    }

    void counts() {
        using hearth::app::compactCount;
        QCOMPARE(compactCount(512), QString("512"));
        QCOMPARE(compactCount(1234), QString("1.2k"));
        QCOMPARE(compactCount(4096), QString("4.1k"));
        QCOMPARE(compactCount(32768), QString("33k"));
    }
};

QTEST_MAIN(TestMarkdown)
#include "test_markdown.moc"
