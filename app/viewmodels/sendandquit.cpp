// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/viewmodels/sendandquit.h"

#include "app/viewmodels/appcontext.h"
#include "app/viewmodels/chatcontroller.h"
#include "app/viewmodels/modelcontroller.h"
#include "storage/messagestore.h"

#include <QCoreApplication>

#include <cstdio>

namespace hearth::app {

SendAndQuit::SendAndQuit(AppContext& context, QString text, QObject* parent)
    : QObject(parent), context_(context), text_(std::move(text)) {
    limit_.setSingleShot(true);
    limit_.setInterval(kTimeLimitMs);
    connect(&limit_, &QTimer::timeout, this,
            [this] { quit(kTimedOut, QStringLiteral("no answer within the time limit")); });
}

void SendAndQuit::begin() {
    ModelController* models = context_.modelController();
    ChatController* chat = context_.chat();
    connect(models, &ModelController::statusChanged, this, &SendAndQuit::sendWhenReady);
    connect(chat, &ChatController::answerFinished, this, [this](qint64 messageId) {
        const std::optional<storage::Message> m =
            storage::MessageStore(context_.database()).get(messageId);
        if (!m || m->state == storage::MessageState::Failed) {
            quit(kAnswerFailed, m ? m->error : QStringLiteral("the answer was not saved"));
        } else {
            quit(0);
        }
    });
    limit_.start();
    if (!models->hasModels()) {
        quit(kNoModel, QStringLiteral("no model is installed in the data folder"));
        return;
    }
    if (models->status() == ModelController::Status::Unloaded) {
        context_.modelController()->loadStartupModel();
    }
    sendWhenReady();
}

void SendAndQuit::sendWhenReady() {
    ModelController* models = context_.modelController();
    if (sent_) {
        return;
    }
    if (models->status() == ModelController::Status::Failed) {
        quit(kLoadFailed, models->error());
        return;
    }
    if (!models->ready()) {
        return;
    }
    sent_ = true;
    context_.chat()->newChat();
    if (!context_.chat()->send(text_)) {
        quit(kAnswerFailed, QStringLiteral("the message could not be sent"));
    }
}

void SendAndQuit::quit(int code, const QString& message) {
    if (!message.isEmpty()) {
        std::fprintf(stderr, "hearth: --send-and-quit: %s\n", qPrintable(message));
    }
    // Leave the event loop from the loop itself, after the signal that brought us here.
    QMetaObject::invokeMethod(
        QCoreApplication::instance(), [code] { QCoreApplication::exit(code); },
        Qt::QueuedConnection);
}

} // namespace hearth::app
