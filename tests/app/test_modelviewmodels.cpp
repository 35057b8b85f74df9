// SPDX-License-Identifier: GPL-3.0-or-later
// The model manager's view-models as QML uses them: the catalog with its filters and the
// recommendations for a machine, downloads with their actions, installed models with details,
// fit and deletion, import in the background. Every list runs under QAbstractItemModelTester.

#include "app/services/modellibrary.h"
#include "app/viewmodels/catalogmodel.h"
#include "app/viewmodels/downloadlistmodel.h"
#include "app/viewmodels/installedmodellist.h"
#include "app/viewmodels/modelmanager.h"
#include "tests/common/httptestserver.h"
#include "tests/common/testmodels.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using hearth::app::CatalogModel;
using hearth::app::DownloadListModel;
using hearth::app::InstalledModelList;
using hearth::app::ModelManager;
using hearth::services::MemoryBudget;
using hearth::services::MemoryKind;

namespace {

constexpr int kTimeoutMs = 20000;
constexpr qint64 kGiB = 1024LL * 1024 * 1024;

MemoryBudget gpuBudget(qint64 bytes) {
    MemoryBudget b;
    b.kind = MemoryKind::DiscreteGpu;
    b.deviceName = QStringLiteral("Test GPU");
    b.deviceBytes = bytes;
    b.systemBytes = 16 * kGiB;
    b.usableBytes = bytes;
    b.cpuUsableBytes = 12 * kGiB;
    return b;
}

QVariant role(const QAbstractListModel& model, int row, const char* name) {
    const QHash<int, QByteArray> roles = model.roleNames();
    return model.data(model.index(row), roles.key(name));
}

QStringList column(const QAbstractListModel& model, const char* name) {
    QStringList out;
    for (int i = 0; i < model.rowCount(); ++i) {
        out.append(role(model, i, name).toString());
    }
    return out;
}

QString writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() ? path : QString();
}

} // namespace

class TestModelViewModels : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<ModelManager> manager_;
    std::unique_ptr<hearth::test::HttpTestServer> server_;
    QList<std::shared_ptr<QAbstractItemModelTester>> testers_;

    void makeManager(qint64 gpuBytes) {
        testers_.clear();
        manager_.reset();
        hearth::app::ModelManagerOptions o;
        o.budget = gpuBudget(gpuBytes);
        o.downloads.firstRetryDelayMs = 20;
        o.downloads.progressIntervalMs = 20;
        o.downloads.diskReserveBytes = 0;
        o.downloads.freeSpace = [](const QString&) { return qint64(1) << 40; };
        manager_ = std::make_unique<ModelManager>(dir_->filePath(QStringLiteral("data")), o);
        for (QAbstractItemModel* m : std::initializer_list<QAbstractItemModel*>{
                 manager_->catalog(), manager_->recommended(), manager_->downloads(),
                 manager_->installed()}) {
            testers_.append(std::make_shared<QAbstractItemModelTester>(
                m, QAbstractItemModelTester::FailureReportingMode::QtTest));
        }
    }

private slots:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        server_ = std::make_unique<hearth::test::HttpTestServer>();
        makeManager(8 * kGiB);
        QVERIFY(manager_->available());
    }

    void cleanup() {
        testers_.clear();
        manager_.reset();
        server_.reset();
        dir_.reset();
    }

    void catalogFilters() {
        CatalogModel& c = *manager_->catalog();
        const int all = c.rowCount();
        QVERIFY(all >= 10);
        QCOMPARE(c.count(), all);
        QVERIFY(c.families().contains(QStringLiteral("Gemma 2")));
        QVERIFY(c.languages().contains(QStringLiteral("ko")));
        QSignalSpy countChanged(&c, &CatalogModel::countChanged);

        c.setFamily(QStringLiteral("Qwen2.5"));
        QCOMPARE(c.rowCount(), 3);
        QCOMPARE(countChanged.size(), 1);
        c.setFamily({});

        c.setLanguage(QStringLiteral("ko"));
        QVERIFY(column(c, "name").contains(QStringLiteral("Llama 3.2 Korean Bllossom 3B")));
        for (int i = 0; i < c.rowCount(); ++i) {
            QVERIFY(role(c, i, "korean").toBool());
        }
        c.setLanguage({});

        c.setSearchText(QStringLiteral("gemma"));
        QCOMPARE(column(c, "catalogId"), QStringList{QStringLiteral("gemma-2-2b-it")});
        c.setSearchText({});

        c.setMaxParametersBillions(2);
        for (int i = 0; i < c.rowCount(); ++i) {
            QVERIFY(role(c, i, "parameterCount").toLongLong() <= 2'000'000'000);
        }
        c.setMaxParametersBillions(0);
        QCOMPARE(c.rowCount(), all);

        // A 4 GB card: the 7B and 8B models do not fit and are hidden by "fits my GPU".
        manager_->setBudget(gpuBudget(4 * kGiB));
        c.setFitsOnly(true);
        const QStringList fitting = column(c, "catalogId");
        QVERIFY(!fitting.contains(QStringLiteral("llama-3.1-8b-instruct")));
        QVERIFY(fitting.contains(QStringLiteral("qwen2.5-1.5b-instruct")));
        for (int i = 0; i < c.rowCount(); ++i) {
            QVERIFY(role(c, i, "fit").toString() != QLatin1String("tooBig"));
        }
        c.setFitsOnly(false);
        const int big = column(c, "catalogId").indexOf(QStringLiteral("llama-3.1-8b-instruct"));
        QCOMPARE(role(c, big, "fit").toString(), QStringLiteral("tooBig"));
        QCOMPARE(role(c, big, "fitText").toString(),
                 QStringLiteral("Too big for this GPU; runs on CPU"));
    }

    void catalogRoles() {
        CatalogModel& c = *manager_->catalog();
        const int row = column(c, "catalogId").indexOf(QStringLiteral("llama-3.2-1b-instruct"));
        QVERIFY(row >= 0);
        QCOMPARE(role(c, row, "parametersText").toString(), QStringLiteral("1.2B"));
        QCOMPARE(role(c, row, "defaultFileId").toString(),
                 QStringLiteral("llama-3.2-1b-instruct-q4_k_m"));
        QCOMPARE(role(c, row, "fit").toString(), QStringLiteral("fits"));
        QVERIFY(role(c, row, "fitText").toString().startsWith(QStringLiteral("Fits \u00b7 ")));
        QVERIFY(role(c, row, "fitText").toString().endsWith(QLatin1String(" of 8.6 GB")));
        const QVariantList variants = role(c, row, "variants").toList();
        QCOMPARE(variants.size(), 3);
        QCOMPARE(variants[1].toMap().value(QStringLiteral("quantization")).toString(),
                 QStringLiteral("Q8_0"));
        QVERIFY(variants[1].toMap().value(QStringLiteral("needBytes")).toLongLong() >
                variants[0].toMap().value(QStringLiteral("needBytes")).toLongLong());
        QCOMPARE(role(c, row, "installed").toBool(), false);
        QCOMPARE(role(c, row, "downloadId").toLongLong(), qint64(-1));

        // A longer context needs more memory.
        const qint64 before = role(c, row, "needBytes").toLongLong();
        QSignalSpy changed(&c, &QAbstractItemModel::dataChanged);
        manager_->setContextLength(32768);
        QVERIFY(!changed.isEmpty());
        QVERIFY(role(c, row, "needBytes").toLongLong() > before);

        // Installed catalog files show as installed.
        const QString file =
            writeFile(QDir(manager_->modelsFolder()).filePath(QStringLiteral("x.gguf")),
                      hearth::test::makeTestModel(4));
        hearth::services::ModelOrigin origin;
        origin.catalogId = QStringLiteral("llama-3.2-1b-instruct-q8_0");
        const auto m = manager_->library()->registerFile(file, origin);
        manager_->installed()->refresh();
        QCOMPARE(role(c, row, "installed").toBool(), true);
        QCOMPARE(role(c, row, "installedModelId").toLongLong(), m.id);
        QCOMPARE(role(c, row, "variants")
                     .toList()[1]
                     .toMap()
                     .value(QStringLiteral("installed"))
                     .toBool(),
                 true);
    }

    void recommendationsFollowTheMachine() {
        CatalogModel& r = *manager_->recommended();
        QCOMPARE(r.rowCount(), 3);
        QStringList families = column(r, "family");
        families.removeDuplicates();
        QCOMPARE(families.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(role(r, i, "fit").toString(), QStringLiteral("fits"));
        }
        // 8 GB: the largest models that fit come first.
        QVERIFY(role(r, 0, "parameterCount").toLongLong() >= 7'000'000'000);

        manager_->setBudget(gpuBudget(3 * kGiB));
        QCOMPARE(r.rowCount(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(role(r, i, "fit").toString(), QStringLiteral("fits"));
            QVERIFY(role(r, i, "parameterCount").toLongLong() < 4'000'000'000);
        }
        // Nothing fits: the smallest are suggested.
        manager_->setBudget(gpuBudget(kGiB / 8));
        QCOMPARE(r.rowCount(), 3);
        QCOMPARE(role(r, 0, "catalogId").toString(), QStringLiteral("qwen2.5-0.5b-instruct"));
    }

    void downloadAndInstall() {
        const QByteArray model = hearth::test::makeTestModel(5);
        hearth::test::TestResource res;
        res.body = model;
        res.etag = "e1";
        res.chunkBytes = 32 * 1024;
        res.chunkIntervalMs = 10;
        server_->setResource("/vm.gguf", res);
        QSignalSpy installed(manager_.get(), &ModelManager::modelInstalled);
        DownloadListModel& d = *manager_->downloads();
        const qint64 id = manager_->download(server_->url("/vm.gguf").toString());
        QVERIFY(id > 0);
        QCOMPARE(d.rowCount(), 1);
        QCOMPARE(role(d, 0, "downloadId").toLongLong(), id);
        QCOMPARE(role(d, 0, "name").toString(), QStringLiteral("vm"));
        QTRY_VERIFY_WITH_TIMEOUT(role(d, 0, "bytesDone").toLongLong() > 0, kTimeoutMs);
        QVERIFY(role(d, 0, "canPause").toBool());
        QVERIFY(!role(d, 0, "statusText").toString().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(installed.size(), 1, kTimeoutMs);
        QCOMPARE(role(d, 0, "state").toString(), QStringLiteral("completed"));
        QCOMPARE(role(d, 0, "progress").toDouble(), 1.0);
        QVERIFY(!role(d, 0, "canCancel").toBool());
        QCOMPARE(d.activeCount(), 0);

        InstalledModelList& list = *manager_->installed();
        QCOMPARE(list.rowCount(), 1);
        const qint64 modelId = installed[0][0].toLongLong();
        QCOMPARE(role(list, 0, "modelId").toLongLong(), modelId);
        QCOMPARE(manager_->modelPath(modelId), role(list, 0, "filePath").toString());
        QTRY_VERIFY_WITH_TIMEOUT(role(list, 0, "detailsKnown").toBool(), kTimeoutMs);
        QVERIFY(role(list, 0, "hasChatTemplate").toBool());
        QCOMPARE(role(list, 0, "chatTemplate").toString(),
                 QStringLiteral("{% for m in messages %}{{ m.content }}{% endfor %}"));
        QCOMPARE(role(list, 0, "fit").toString(), QStringLiteral("fits"));
        QVERIFY(role(list, 0, "typeMix").toString().contains(QLatin1String("F32")));
        QVERIFY(manager_->fitForModel(modelId));
        QCOMPARE(role(list, 0, "spaceFreed").toLongLong(), qint64(model.size()));

        d.clearFinished();
        QCOMPARE(d.rowCount(), 0);
        QCOMPARE(list.rowCount(), 1); // the model stays

        QSignalSpy removed(manager_.get(), &ModelManager::modelRemoved);
        QCOMPARE(list.remove(modelId), qint64(model.size()));
        QCOMPARE(list.rowCount(), 0);
        QCOMPARE(removed.size(), 1);
        QVERIFY(manager_->modelPath(modelId).isEmpty());
    }

    void failedDownloadOffersRetry() {
        DownloadListModel& d = *manager_->downloads();
        const qint64 id = manager_->download(server_->url("/absent.gguf").toString());
        QVERIFY(id > 0);
        QTRY_COMPARE_WITH_TIMEOUT(role(d, 0, "state").toString(), QStringLiteral("failed"),
                                  kTimeoutMs);
        QVERIFY(role(d, 0, "error").toString().contains(QLatin1String("HTTP 404")));
        QVERIFY(role(d, 0, "canRetry").toBool());
        QVERIFY(role(d, 0, "canCancel").toBool());
        hearth::test::TestResource res;
        res.body = hearth::test::makeTestModel(6);
        server_->setResource("/absent.gguf", res);
        d.retry(id);
        QTRY_COMPARE_WITH_TIMEOUT(role(d, 0, "state").toString(), QStringLiteral("completed"),
                                  kTimeoutMs);
        QCOMPARE(manager_->installed()->rowCount(), 1);
    }

    void pauseResumeCancelFromTheList() {
        hearth::test::TestResource res;
        res.body = hearth::test::makeTestModel(9);
        res.etag = "p";
        res.chunkBytes = 8 * 1024;
        res.chunkIntervalMs = 10;
        server_->setResource("/slow.gguf", res);
        DownloadListModel& d = *manager_->downloads();
        const qint64 id = manager_->download(server_->url("/slow.gguf").toString());
        QTRY_VERIFY_WITH_TIMEOUT(role(d, 0, "bytesDone").toLongLong() > 0, kTimeoutMs);
        d.pause(id);
        QCOMPARE(role(d, 0, "state").toString(), QStringLiteral("paused"));
        QVERIFY(role(d, 0, "canResume").toBool());
        d.resume(id);
        QTRY_COMPARE_WITH_TIMEOUT(role(d, 0, "state").toString(), QStringLiteral("running"),
                                  kTimeoutMs);
        d.cancel(id);
        QCOMPARE(d.rowCount(), 0);
    }

    void importInTheBackground() {
        const QString source =
            writeFile(dir_->filePath(QStringLiteral("mine.gguf")), hearth::test::makeTestModel(11));
        QSignalSpy installed(manager_.get(), &ModelManager::modelInstalled);
        QSignalSpy importChanged(manager_.get(), &ModelManager::importChanged);
        QVERIFY(manager_->importFile(QUrl::fromLocalFile(source), false));
        QVERIFY(manager_->importing());
        QCOMPARE(manager_->importFileName(), QStringLiteral("mine.gguf"));
        QTRY_COMPARE_WITH_TIMEOUT(installed.size(), 1, kTimeoutMs);
        QVERIFY(!manager_->importing());
        QCOMPARE(manager_->installed()->rowCount(), 1);
        QVERIFY(importChanged.size() >= 2);

        QSignalSpy errors(manager_.get(), &ModelManager::errorOccurred);
        const QString junk =
            writeFile(dir_->filePath(QStringLiteral("junk.gguf")), QByteArray(3000, 'x'));
        QVERIFY(manager_->importFile(QUrl::fromLocalFile(junk), true));
        QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, kTimeoutMs);
        QVERIFY(manager_->lastError().contains(QLatin1String("not a GGUF")));
        QCOMPARE(manager_->installed()->rowCount(), 1);
        QVERIFY(!manager_->importFile(
            QUrl::fromLocalFile(dir_->filePath(QStringLiteral("none.gguf"))), false));
        manager_->clearError();
        QVERIFY(manager_->lastError().isEmpty());
    }

    void badSourcesAreReported() {
        QSignalSpy errors(manager_.get(), &ModelManager::errorOccurred);
        QCOMPARE(manager_->download(QStringLiteral("not a model")), qint64(-1));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(manager_->downloadFromHuggingFace(QStringLiteral("owner/repo"),
                                                   QStringLiteral("readme.md")),
                 qint64(-1));
        QCOMPARE(errors.size(), 2);
        QCOMPARE(manager_->downloads()->rowCount(), 0);
    }

    void managerFacts() {
        QCOMPARE(manager_->deviceKind(), QStringLiteral("discrete"));
        QCOMPARE(manager_->memoryBytes(), 8 * kGiB);
        QVERIFY(manager_->memoryText().contains(QLatin1String("Test GPU")));
        QCOMPARE(manager_->freeDiskBytes(), qint64(1) << 40);
        QVERIFY(manager_->modelsFolder().startsWith(manager_->dataFolder()));
        QCOMPARE(manager_->contextLength(), ModelManager::kDefaultContextLength);
    }

    void unusableDataFolder() {
        testers_.clear();
        manager_.reset();
        const QString file = writeFile(dir_->filePath(QStringLiteral("afile")), "x");
        hearth::app::ModelManagerOptions o;
        o.budget = gpuBudget(kGiB);
        ModelManager broken(file, o);
        QVERIFY(!broken.available());
        QVERIFY(!broken.lastError().isEmpty());
        QCOMPARE(broken.installed()->rowCount(), 0);
        QCOMPARE(broken.downloads()->rowCount(), 0);
        QVERIFY(broken.catalog()->rowCount() > 0);
        QCOMPARE(broken.download(QStringLiteral("gemma-2-2b-it")), qint64(-1));
    }
};

QTEST_GUILESS_MAIN(TestModelViewModels)
#include "test_modelviewmodels.moc"
