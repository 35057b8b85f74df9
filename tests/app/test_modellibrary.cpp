// SPDX-License-Identifier: GPL-3.0-or-later
// The model library: importing a local GGUF (copied or linked), refusing files Hearth cannot
// run with a clear message, details from the header, deleting (the file and its row, the space
// freed), and the memory a file needs for "fits your GPU".

#include "app/services/fitestimate.h"
#include "app/services/modelfile.h"
#include "app/services/modellibrary.h"
#include "engine/core/error.h"
#include "storage/database.h"
#include "tests/common/testmodels.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace hearth::services;

namespace {

QString writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) {
        return {};
    }
    return path;
}

QString sha256(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestModelLibrary : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<hearth::storage::Database> db_;
    std::unique_ptr<ModelLibrary> library_;
    QByteArray model_;
    QString source_;

    QString modelsDir() const { return dir_->filePath(QStringLiteral("data/models")); }

    void expectImportError(const QString& path, const QString& fragment) {
        try {
            library_->importFile(path, ImportMode::Copy);
            QFAIL("an unusable file was imported");
        } catch (const hearth::Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(fragment), e.what());
        }
        QVERIFY(library_->list().isEmpty());
        QVERIFY(QDir(modelsDir()).entryList(QDir::Files).isEmpty());
    }

private slots:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        auto opened =
            hearth::storage::Database::openInDataDir(dir_->filePath(QStringLiteral("data")));
        QVERIFY(opened.ok());
        db_ = std::move(opened.db);
        QVERIFY(QDir().mkpath(modelsDir()));
        library_ = std::make_unique<ModelLibrary>(*db_, modelsDir());
        model_ = hearth::test::makeTestModel(7);
        QVERIFY(QDir().mkpath(dir_->filePath(QStringLiteral("elsewhere"))));
        source_ = writeFile(dir_->filePath(QStringLiteral("elsewhere/tiny.gguf")), model_);
        QVERIFY(!source_.isEmpty());
    }

    void cleanup() {
        library_.reset();
        db_.reset();
        dir_.reset();
    }

    void importCopies() {
        qint64 lastDone = 0;
        qint64 lastTotal = 0;
        const auto m = library_->importFile(source_, ImportMode::Copy, [&](qint64 d, qint64 t) {
            lastDone = d;
            lastTotal = t;
        });
        QCOMPARE(lastDone, qint64(model_.size()));
        QCOMPARE(lastTotal, qint64(model_.size()));
        QCOMPARE(QFileInfo(m.filePath).absolutePath(), QFileInfo(modelsDir()).absoluteFilePath());
        QVERIFY(!isLinkedFile(m.filePath));
        QCOMPARE(m.sha256, sha256(model_));
        QCOMPARE(m.sizeBytes, qint64(model_.size()));
        QCOMPARE(m.architecture, QStringLiteral("llama"));
        QCOMPARE(m.displayName, QStringLiteral("Hearth Test Model 7"));
        QCOMPARE(m.contextLength, 2048);
        QCOMPARE(m.quantization, QStringLiteral("F32"));
        QCOMPARE(m.typeMix.value(QStringLiteral("F32")).toInt(), 2 * 9 + 3);
        QVERIFY(m.parameterCount > 0);
        QVERIFY(m.sourceUrl.isEmpty());
        // The copy is independent of the original.
        QVERIFY(QFile::remove(source_));
        QVERIFY(QFileInfo::exists(m.filePath));
        QCOMPARE(library_->spaceFreedByRemoving(m.id), qint64(model_.size()));
        QCOMPARE(library_->remove(m.id), qint64(model_.size()));
        QVERIFY(!QFileInfo::exists(m.filePath));
        QVERIFY(library_->list().isEmpty());
    }

    void importLinks() {
        const auto m = library_->importFile(source_, ImportMode::Link);
        QVERIFY(isLinkedFile(m.filePath));
        QCOMPARE(m.sha256, sha256(model_));
        QCOMPARE(library_->spaceFreedByRemoving(m.id), qint64(0));
        QCOMPARE(library_->remove(m.id), qint64(0));
        QVERIFY(!QFileInfo::exists(m.filePath));
        QVERIFY(QFileInfo::exists(source_)); // the user's own file stays
    }

    void importTwiceIsRefused() {
        library_->importFile(source_, ImportMode::Copy);
        try {
            library_->importFile(source_, ImportMode::Copy);
            QFAIL("the same model was imported twice");
        } catch (const hearth::Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("already installed")),
                     e.what());
        }
        QCOMPARE(library_->list().size(), 1);
        QCOMPARE(QDir(modelsDir()).entryList(QDir::Files).size(), 1);
    }

    void nameClashesGetANewName() {
        const QString other =
            writeFile(dir_->filePath(QStringLiteral("tiny.gguf")), hearth::test::makeTestModel(8));
        const auto a = library_->importFile(source_, ImportMode::Copy);
        const auto b = library_->importFile(other, ImportMode::Copy);
        QCOMPARE(QFileInfo(a.filePath).fileName(), QStringLiteral("tiny.gguf"));
        QCOMPARE(QFileInfo(b.filePath).fileName(), QStringLiteral("tiny-2.gguf"));
    }

    void unusableFilesAreRefused() {
        expectImportError(
            writeFile(dir_->filePath(QStringLiteral("junk.gguf")), QByteArray(5000, 'j')),
            QStringLiteral("not a GGUF model file"));
        hearth::test::TestModelShape exaone;
        exaone.architecture = "exaone";
        expectImportError(writeFile(dir_->filePath(QStringLiteral("exaone.gguf")),
                                    hearth::test::makeTestModel(1, exaone)),
                          QStringLiteral("unsupported model architecture \"exaone\""));
        expectImportError(writeFile(dir_->filePath(QStringLiteral("cut.gguf")), model_.left(2000)),
                          QStringLiteral("not a GGUF model file"));
        expectImportError(dir_->filePath(QStringLiteral("missing.gguf")),
                          QStringLiteral("no such file"));
    }

    void detailsFromTheHeader() {
        const ModelSummary s = inspectModelFile(source_);
        QVERIFY(s.hasChatTemplate);
        QCOMPARE(s.config.nLayer, 2u);
        QCOMPARE(s.config.nHeadKv, 2u);
        QVERIFY(s.typeMixText.startsWith(QStringLiteral("F32 \u00d7")));
        hearth::test::TestModelShape plain;
        plain.chatTemplate = false;
        const QString noTemplate = writeFile(dir_->filePath(QStringLiteral("plain.gguf")),
                                             hearth::test::makeTestModel(3, plain));
        QVERIFY(!inspectModelFile(noTemplate).hasChatTemplate);
    }

    void registerInPlace() {
        const QString inside =
            writeFile(QDir(modelsDir()).filePath(QStringLiteral("dropped.gguf")), model_);
        ModelOrigin origin;
        origin.displayName = QStringLiteral("Dropped");
        origin.catalogId = QStringLiteral("some-model-q4_k_m");
        const auto m = library_->registerFile(inside, origin);
        QCOMPARE(m.displayName, QStringLiteral("Dropped"));
        QCOMPARE(m.sha256, sha256(model_));
        QVERIFY(library_->findInstalled(QStringLiteral("some-model-q4_k_m"), {}));
        QVERIFY(!library_->findInstalled(QStringLiteral("other"), {}));
        // Importing a file already in the models folder registers it where it is.
        QCOMPARE(library_->importFile(inside, ImportMode::Copy).filePath, m.filePath);
        QCOMPARE(library_->list().size(), 1);
    }

    void fileEstimate() {
        const hearth::MemoryEstimate e = estimateModelFile(source_, 1024);
        const ModelSummary s = inspectModelFile(source_);
        QCOMPARE(e.weights, uint64_t(s.weightBytes));
        // 2 layers x 2 KV heads x (16 + 16) x 2 bytes per position.
        QCOMPARE(e.kvCache, uint64_t(2 * 2 * 32 * 2) * 1024);
        // More than the model's 2048 positions are not allocated.
        QCOMPARE(estimateModelFile(source_, 100000).kvCache,
                 estimateModelFile(source_, 2048).kvCache);
        QVERIFY_THROWS_EXCEPTION(
            hearth::Error, estimateModelFile(dir_->filePath(QStringLiteral("none.gguf")), 1024));
    }

    void removeUnknownModel() { QVERIFY_THROWS_EXCEPTION(hearth::Error, library_->remove(42)); }
};

QTEST_GUILESS_MAIN(TestModelLibrary)
#include "test_modellibrary.moc"
