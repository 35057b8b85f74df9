// SPDX-License-Identifier: GPL-3.0-or-later
// The model library, resumable downloads and key/value settings.

#include "storage/database.h"
#include "storage/downloadstore.h"
#include "storage/modelstore.h"
#include "storage/settingsstore.h"

#include <QJsonArray>
#include <QtTest>

using namespace hearth::storage;

class TestRegistry : public QObject {
    Q_OBJECT

    std::unique_ptr<Database> db_;
    qint64 now_ = 1'700'000'000'000;

    static ModelRecord qwen() {
        ModelRecord m;
        m.filePath = "/data/models/qwen2.5-1.5b-instruct-q4_k_m.gguf";
        m.displayName = "Qwen2.5 1.5B Instruct";
        m.sha256 = "6A1A2EB6D15622BF3C96857206351BA97E1AF16C30D7A74EE38970E434E9407E";
        m.sizeBytes = 1'117'320'736;
        m.architecture = "qwen2";
        m.parameterCount = 1'543'714'304;
        m.quantization = "Q4_K_M";
        m.typeMix = QJsonObject{{"Q4_K", 168}, {"Q6_K", 28}, {"F32", 141}};
        m.contextLength = 32768;
        m.sourceUrl = "https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF";
        m.catalogId = "qwen2.5-1.5b-q4_k_m";
        return m;
    }

private slots:
    void init() {
        db_ = Database::openInMemory();
        db_->setClock([this] { return now_; });
    }
    void cleanup() { db_.reset(); }

    void modelsAreRegisteredOncePerFile() {
        ModelStore models(*db_);
        const ModelRecord saved = models.add(qwen());
        QVERIFY(saved.id > 0);
        QCOMPARE(saved.addedAt, now_);
        QCOMPARE(saved.lastUsedAt, qint64(0));
        QCOMPARE(saved.sha256, qwen().sha256.toLower());
        QCOMPARE(saved.typeMix, qwen().typeMix);
        QCOMPARE(saved.parameterCount, qwen().parameterCount);
        QCOMPARE(saved.contextLength, 32768);
        QCOMPARE(saved.sourceUrl, qwen().sourceUrl);

        // The same file again updates the record, keeping its id and time added.
        now_ += 1000;
        ModelRecord again = qwen();
        again.displayName = "Qwen (renamed)";
        const ModelRecord updated = models.add(again);
        QCOMPARE(updated.id, saved.id);
        QCOMPARE(updated.displayName, QStringLiteral("Qwen (renamed)"));
        QCOMPARE(updated.addedAt, saved.addedAt);
        QCOMPARE(models.list().size(), 1);

        QCOMPARE(models.findByPath(qwen().filePath)->id, saved.id);
        QCOMPARE(models.findBySha256(qwen().sha256)->id, saved.id); // upper case finds it
        QVERIFY(!models.findBySha256("").has_value());
        QVERIFY(!models.findByPath("/nope.gguf").has_value());
    }

    void modelsListMostRecentlyUsedFirst() {
        ModelStore models(*db_);
        const ModelRecord a = models.add(qwen());
        now_ += 10;
        ModelRecord other;
        other.filePath = "/data/models/llama-3.2-1b-q8_0.gguf";
        other.architecture = "llama";
        const ModelRecord b = models.add(other);
        QCOMPARE(models.list().first().id, b.id); // newer first while neither was used
        now_ += 10;
        models.markUsed(a.id);
        QCOMPARE(models.list().first().id, a.id);
        QCOMPARE(models.get(a.id)->lastUsedAt, now_);

        ModelRecord changed = *models.get(b.id);
        changed.contextLength = 131072;
        models.update(changed);
        QCOMPARE(models.get(b.id)->contextLength, 131072);
        models.remove(b.id);
        QVERIFY(!models.get(b.id).has_value());
        ModelRecord ghost;
        ghost.id = 9999;
        QVERIFY_THROWS_EXCEPTION(StorageError, models.update(ghost));
    }

    void downloadsResumeWithTheirState() {
        DownloadStore downloads(*db_);
        DownloadRecord d;
        d.url = "https://example.invalid/qwen.gguf";
        d.destination = "/data/models/qwen.gguf";
        d.sha256Expected = "ABCDEF";
        d.catalogId = "qwen";
        const DownloadRecord saved = downloads.add(d);
        QVERIFY(saved.id > 0);
        QCOMPARE(saved.state, DownloadState::Queued);
        QCOMPARE(saved.sha256Expected, QStringLiteral("abcdef"));
        QCOMPARE(saved.createdAt, now_);

        downloads.setState(saved.id, DownloadState::Running);
        downloads.setValidators(saved.id, "\"etag-1\"", "Wed, 01 May 2024 12:00:00 GMT");
        now_ += 100;
        downloads.setProgress(saved.id, 1 << 20, 1 << 30);
        DownloadRecord got = *downloads.get(saved.id);
        QCOMPARE(got.state, DownloadState::Running);
        QCOMPARE(got.etag, QStringLiteral("\"etag-1\""));
        QCOMPARE(got.lastModified, QStringLiteral("Wed, 01 May 2024 12:00:00 GMT"));
        QCOMPARE(got.bytesDone, qint64(1 << 20));
        QCOMPARE(got.bytesTotal, qint64(1 << 30));
        QCOMPARE(got.updatedAt, now_);

        downloads.setState(saved.id, DownloadState::Failed, "Connection lost");
        QCOMPARE(downloads.get(saved.id)->error, QStringLiteral("Connection lost"));
        QCOMPARE(downloads.unfinished().size(), 1);
        downloads.setState(saved.id, DownloadState::Running);
        QVERIFY(downloads.get(saved.id)->error.isEmpty());
        now_ += 100;
        downloads.setState(saved.id, DownloadState::Completed);
        QCOMPARE(downloads.get(saved.id)->completedAt, now_);
        QCOMPARE(downloads.unfinished().size(), 0);

        DownloadRecord second = downloads.add(d);
        second.destination = "/elsewhere.gguf";
        second.state = DownloadState::Paused;
        downloads.update(second);
        QCOMPARE(downloads.get(second.id)->destination, QStringLiteral("/elsewhere.gguf"));
        QCOMPARE(downloads.list().first().id, second.id);
        downloads.remove(second.id);
        QCOMPARE(downloads.list().size(), 1);
        QVERIFY_THROWS_EXCEPTION(StorageError, downloads.setProgress(second.id, 1, 2));
    }

    void settingsStoreTypedValues() {
        SettingsStore settings(*db_);
        QVERIFY(!settings.value("theme").has_value());
        QCOMPARE(settings.string("theme", "system"), QStringLiteral("system"));
        settings.set("theme", "dark");
        settings.set("theme", "light");
        QCOMPARE(settings.string("theme"), QStringLiteral("light"));
        settings.setInteger("generation.top_k", 40);
        QCOMPARE(settings.integer("generation.top_k"), qint64(40));
        settings.setNumber("generation.temperature", 0.8);
        QCOMPARE(settings.number("generation.temperature"), 0.8);
        settings.setBoolean("privacy.retention_includes_pinned", true);
        QVERIFY(settings.boolean("privacy.retention_includes_pinned"));
        QCOMPARE(settings.integer("theme", -1), qint64(-1)); // not a number: the fallback
        settings.setJson("window", QJsonObject{{"w", 1200}, {"h", 800}});
        QCOMPARE(settings.json("window").toObject().value("w").toInt(), 1200);
        settings.setJson("recent", QJsonArray{1, 2, 3});
        QCOMPARE(settings.json("recent").toArray().size(), 3);
        settings.setJson("name", QJsonValue(QStringLiteral("Ada")));
        QCOMPARE(settings.json("name").toString(), QStringLiteral("Ada"));
        QVERIFY(settings.json("missing").isUndefined());
        QCOMPARE(settings.keys(), QList<QString>({"generation.temperature", "generation.top_k",
                                                  "name", "privacy.retention_includes_pinned",
                                                  "recent", "theme", "window"}));
        settings.remove("theme");
        QVERIFY(!settings.value("theme").has_value());
    }
};

QTEST_GUILESS_MAIN(TestRegistry)
#include "test_registry.moc"
