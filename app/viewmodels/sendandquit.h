// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

namespace hearth::app {

class AppContext;

/// The `--send-and-quit TEXT` start-up option, for automated checks of the real app: once a
/// model is loaded it opens a new chat, sends TEXT, and quits when the answer is saved (exit
/// code 0), or with a message on stderr and a non-zero code when there is no model, the model
/// cannot be loaded, the answer fails, or nothing happens within the time limit.
class SendAndQuit : public QObject {
    Q_OBJECT

public:
    /// Exit codes.
    static constexpr int kNoModel = 3;
    static constexpr int kLoadFailed = 4;
    static constexpr int kAnswerFailed = 5;
    static constexpr int kTimedOut = 6;
    static constexpr int kTimeLimitMs = 300000;

    SendAndQuit(AppContext& context, QString text, QObject* parent = nullptr);

    /// Starts waiting for the model (call after AppContext::start()).
    void begin();

private:
    void sendWhenReady();
    void quit(int code, const QString& message = {});

    AppContext& context_;
    QString text_;
    bool sent_ = false;
    QTimer limit_;
};

} // namespace hearth::app
