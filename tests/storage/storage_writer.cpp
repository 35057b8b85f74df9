// SPDX-License-Identifier: GPL-3.0-or-later
// A process that writes to a Hearth database the way the app does - new conversations, user
// messages, streamed answers saved while they grow, new versions, deletions - until it is
// killed. test_durability.cpp kills it with SIGKILL at random moments and then checks the
// database. After every commit it prints one line on stdout (flushed at once):
//   conv C               conversation C was created
//   msg M C SEED LEN     message M of conversation C exists with text(SEED, LEN)
//   upd M LEN            message M now holds text(SEED, LEN) (its text only grows)
//   willdel C            conversation C is about to be deleted (printed before)
//   del C                conversation C is deleted
// The text of a message is the first LEN characters of a stream defined by SEED
// (streamText() below, shared with the test).
//
//     hearth_storage_writer DATABASE SEED

#include "storage/conversationstore.h"
#include "storage/database.h"
#include "storage/messagestore.h"
#include "storage/privacy.h"
#include "tests/storage/streamtext.h"

#include <QList>
#include <QRandomGenerator>

#include <cstdio>

using namespace hearth::storage;

namespace {

constexpr int kPercent = 100;
constexpr int kNewConversationPercent = 10;
constexpr int kUserMessagePercent = 40;
constexpr int kAnswerPercent = 35;
constexpr int kVersionPercent = 13;
constexpr int kMaxUserLength = 200;
constexpr int kMaxStreamSteps = 12;
constexpr int kMaxStepLength = 60;

void report(const QByteArray& line) {
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char* argv[]) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: hearth_storage_writer DATABASE SEED\n");
        return 1;
    }
    QRandomGenerator rng(static_cast<quint32>(QByteArray(argv[2]).toUInt()));
    OpenOptions options;
    options.checkIntegrity = false; // the test checks after every kill
    OpenResult opened = Database::open(QString::fromLocal8Bit(argv[1]), options);
    if (!opened.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.message));
        return 1;
    }
    Database& db = *opened.db;
    ConversationStore conversations(db);
    MessageStore messages(db);
    QList<qint64> mine;
    for (;;) {
        const int roll = static_cast<int>(rng.bounded(kPercent));
        if (mine.isEmpty() || roll < kNewConversationPercent) {
            Conversation c;
            c.title = QStringLiteral("run %1").arg(argv[2]);
            const qint64 id = conversations.create(c).id;
            mine.append(id);
            report("conv " + QByteArray::number(id));
            continue;
        }
        const qint64 conversation = mine[static_cast<int>(rng.bounded(mine.size()))];
        const quint32 seed = rng.generate();
        if (roll < kNewConversationPercent + kUserMessagePercent) {
            NewMessage m;
            m.role = Role::User;
            const int length = 1 + static_cast<int>(rng.bounded(kMaxUserLength));
            m.content = hearth::test::streamText(seed, length);
            const Message saved = messages.appendToActive(conversation, m);
            report("msg " + QByteArray::number(saved.id) + ' ' + QByteArray::number(conversation) +
                   ' ' + QByteArray::number(seed) + ' ' + QByteArray::number(length));
        } else if (roll < kNewConversationPercent + kUserMessagePercent + kAnswerPercent) {
            // A streamed answer: created empty, then saved as it grows, then finished.
            NewMessage m;
            m.role = Role::Assistant;
            m.state = MessageState::Streaming;
            const Message saved = messages.appendToActive(conversation, m);
            report("msg " + QByteArray::number(saved.id) + ' ' + QByteArray::number(conversation) +
                   ' ' + QByteArray::number(seed) + " 0");
            int length = 0;
            const int steps = 1 + static_cast<int>(rng.bounded(kMaxStreamSteps));
            for (int i = 0; i < steps; ++i) {
                length += 1 + static_cast<int>(rng.bounded(kMaxStepLength));
                messages.updateContent(saved.id, hearth::test::streamText(seed, length));
                report("upd " + QByteArray::number(saved.id) + ' ' + QByteArray::number(length));
            }
            FinishedMessage done;
            done.content = hearth::test::streamText(seed, length);
            done.stats = GenerationStats{};
            done.stats->generatedTokens = length;
            messages.finish(saved.id, done);
        } else if (roll < kNewConversationPercent + kUserMessagePercent + kAnswerPercent +
                              kVersionPercent) {
            // A new version of the last message (regenerate or edit), with its own text.
            const QList<PathMessage> path = messages.activePath(conversation);
            if (path.isEmpty()) {
                continue;
            }
            NewMessage m;
            const int length = 1 + static_cast<int>(rng.bounded(kMaxUserLength));
            m.content = hearth::test::streamText(seed, length);
            const Message saved = messages.addVersion(path.last().message.id, m);
            report("msg " + QByteArray::number(saved.id) + ' ' + QByteArray::number(conversation) +
                   ' ' + QByteArray::number(seed) + ' ' + QByteArray::number(length));
        } else {
            mine.removeOne(conversation);
            report("willdel " + QByteArray::number(conversation));
            deleteConversation(db, conversation);
            report("del " + QByteArray::number(conversation));
        }
    }
}
