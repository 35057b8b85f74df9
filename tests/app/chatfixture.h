// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The chat app's view-models around a FakeEngine, in a temporary data folder, with two
// installed models ("Alpha" and "Beta": registry rows over placeholder files, which the fake
// engine "loads"). Every list model runs under QAbstractItemModelTester.

#include "app/services/fakeengine.h"
#include "app/viewmodels/appcontext.h"
#include "app/viewmodels/chatcontroller.h"
#include "app/viewmodels/conversationlistmodel.h"
#include "app/viewmodels/installedmodellist.h"
#include "app/viewmodels/messagelistmodel.h"
#include "app/viewmodels/modelcontroller.h"
#include "app/viewmodels/modelmanager.h"
#include "app/viewmodels/searchmodel.h"
#include "storage/database.h"
#include "storage/modelstore.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

namespace hearth::test {

/// A complete chat app without a real engine.
struct ChatFixture {
    static constexpr qint64 kGiB = 1024LL * 1024 * 1024;
    static constexpr int kWaitMs = 10000;

    QTemporaryDir dir;
    std::unique_ptr<app::ModelManager> manager;
    services::FakeEngine* fake = nullptr;
    std::unique_ptr<app::AppContext> context;
    std::unique_ptr<QAbstractItemModelTester> messageTester;
    std::unique_ptr<QAbstractItemModelTester> conversationTester;
    std::unique_ptr<QAbstractItemModelTester> searchTester;
    qint64 alpha = 0;
    qint64 beta = 0;

    ChatFixture() {
        app::ModelManagerOptions options;
        services::MemoryBudget budget;
        budget.systemBytes = 16 * kGiB;
        budget.usableBytes = 12 * kGiB;
        budget.cpuUsableBytes = 12 * kGiB;
        options.budget = budget;
        options.downloads.resumeUnfinished = false;
        manager = std::make_unique<app::ModelManager>(dir.path(), options);
        auto engine = std::make_unique<services::FakeEngine>();
        fake = engine.get();
        context = std::make_unique<app::AppContext>(dir.path(), std::move(engine), manager.get());
        const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
        messageTester = std::make_unique<QAbstractItemModelTester>(chat()->messages(), mode);
        conversationTester =
            std::make_unique<QAbstractItemModelTester>(chat()->conversations(), mode);
        searchTester = std::make_unique<QAbstractItemModelTester>(context->search(), mode);
        alpha = addModel(QStringLiteral("Alpha"), QStringLiteral("aa11"));
        beta = addModel(QStringLiteral("Beta"), QStringLiteral("bb22"));
    }

    ~ChatFixture() {
        context.reset();
        manager.reset();
    }

    app::ChatController* chat() const { return context->chat(); }
    app::ModelController* models() const { return context->modelController(); }
    app::MessageListModel* messages() const { return chat()->messages(); }
    storage::Database& db() const { return context->database(); }

    /// Registers a model over a placeholder file and returns its id.
    qint64 addModel(const QString& name, const QString& sha) {
        QDir().mkpath(dir.filePath(QStringLiteral("models")));
        const QString path = dir.filePath(QStringLiteral("models/%1.gguf").arg(name));
        QFile f(path);
        if (f.open(QIODevice::WriteOnly)) {
            f.write("GGUF placeholder");
        }
        storage::ModelRecord r;
        r.filePath = path;
        r.displayName = name;
        r.sha256 = sha;
        r.quantization = QStringLiteral("Q8_0");
        r.sizeBytes = f.size();
        const qint64 id = storage::ModelStore(db()).add(r).id;
        manager->installed()->refresh();
        return id;
    }

    /// Loads a model and waits until it is ready.
    bool load(qint64 id) {
        models()->load(id);
        return QTest::qWaitFor([this] { return models()->ready() || !models()->loading(); },
                               kWaitMs) &&
               models()->ready();
    }

    /// Waits until no answer is being generated.
    bool waitIdle() {
        return QTest::qWaitFor([this] { return !chat()->generating(); }, kWaitMs);
    }

    /// The content shown in a row of the message list.
    QString content(int row) const {
        return messages()
            ->data(messages()->index(row), app::MessageListModel::ContentRole)
            .toString();
    }
    QString state(int row) const {
        return messages()
            ->data(messages()->index(row), app::MessageListModel::StateRole)
            .toString();
    }
    qint64 id(int row) const {
        return messages()
            ->data(messages()->index(row), app::MessageListModel::MessageIdRole)
            .toLongLong();
    }
    int siblingIndex(int row) const {
        return messages()
            ->data(messages()->index(row), app::MessageListModel::SiblingIndexRole)
            .toInt();
    }
    int siblingCount(int row) const {
        return messages()
            ->data(messages()->index(row), app::MessageListModel::SiblingCountRole)
            .toInt();
    }
};

} // namespace hearth::test
