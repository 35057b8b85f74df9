// SPDX-License-Identifier: GPL-3.0-or-later
// The model catalog compiled into Hearth, what users may type to download, the HTTP header
// helpers of the downloader, the "fits your GPU" rules and the size/time formatting.

#include "app/services/catalog.h"
#include "app/services/fitestimate.h"
#include "app/services/httpheaders.h"
#include "app/services/modelsource.h"
#include "app/services/units.h"
#include "engine/core/error.h"

#include <QRegularExpression>
#include <QSet>
#include <QtTest>

using namespace hearth::services;

namespace {

constexpr qint64 kGB = 1000LL * 1000 * 1000;
constexpr qint64 kGiB = 1024LL * 1024 * 1024;

/// A GPU of `bytes` device-local memory.
hearth::vk::DeviceInfo gpu(hearth::vk::DeviceType type, qint64 bytes, bool unified = false) {
    hearth::vk::DeviceInfo d;
    d.name = "Test GPU";
    d.type = type;
    d.deviceLocalBytes = static_cast<uint64_t>(bytes);
    d.unifiedMemory = unified;
    return d;
}

QByteArray minimalCatalog(const QByteArray& modelFields) {
    return R"({"format": 1, "models": [{"id": "m", "name": "M", "family": "F",
        "architecture": "llama", "parameters": 1000, "context_length": 4096,
        "license": "MIT", "description": "d", "languages": ["en"],
        "shape": {"layers": 2, "embedding": 64, "feed_forward": 128, "heads": 4,
                  "kv_heads": 2, "head_dim": 16, "vocab": 256},
        "repo": "o/r", )" +
           modelFields + "}]}";
}

} // namespace

class TestModelCatalog : public QObject {
    Q_OBJECT

private slots:
    void builtInCatalogIsComplete() {
        const Catalog& c = Catalog::builtIn();
        QVERIFY(c.entries().size() >= 10);
        QSet<QString> ids;
        static const QRegularExpression url(QStringLiteral(
            "^https://huggingface\\.co/[\\w.-]+/[\\w.-]+/resolve/[\\w.-]+/[\\w.-]+\\.gguf$"));
        for (const CatalogEntry& e : c.entries()) {
            QVERIFY(!ids.contains(e.id));
            ids.insert(e.id);
            QVERIFY(!e.description.isEmpty());
            QVERIFY(!e.license.isEmpty());
            QVERIFY(e.parameters > 100'000'000);
            QVERIFY(e.contextLength >= 2048);
            QVERIFY(e.shape.layers > 0 && e.shape.heads % e.shape.kvHeads == 0);
            QVERIFY(!e.files.isEmpty());
            QCOMPARE(std::count_if(e.files.begin(), e.files.end(),
                                   [](const CatalogFile& f) { return f.isDefault; }),
                     1);
            for (const CatalogFile& f : e.files) {
                QVERIFY2(url.match(f.url.toString()).hasMatch(), qPrintable(f.url.toString()));
                QVERIFY(f.url.toString().endsWith(f.fileName));
                QVERIFY(f.sizeBytes > 100'000'000);
                QVERIFY(f.sha256.isEmpty() || f.sha256.size() == 64);
            }
            // The default (4-bit) file: fewer than 9 and more than 2 bits per weight.
            const CatalogFile& q4 = e.defaultFile();
            QVERIFY2(q4.sizeBytes < e.parameters * 9 / 8 && q4.sizeBytes > e.parameters / 4,
                     qPrintable(e.id));
        }
        // The families the issue asks for, and Korean.
        for (const char* family :
             {"Qwen2.5", "Llama 3.2", "Phi-3", "Gemma 2", "Mistral", "Llama 3.1"}) {
            QVERIFY2(c.families().contains(QLatin1String(family)), family);
        }
        QVERIFY(std::any_of(c.entries().begin(), c.entries().end(), [](const CatalogEntry& e) {
            return e.speaks(QStringLiteral("ko")) && e.family != QLatin1String("Qwen2.5");
        }));
        QVERIFY(c.find(QStringLiteral("qwen2.5-1.5b-instruct")).file != nullptr);
    }

    void findByIdAndUrl() {
        const Catalog& c = Catalog::builtIn();
        const CatalogMatch m = c.find(QStringLiteral("llama-3.2-1b-instruct-q8_0"));
        QVERIFY(m.file != nullptr);
        QCOMPARE(m.file->quantization, QStringLiteral("Q8_0"));
        QCOMPARE(m.entry->id, QStringLiteral("llama-3.2-1b-instruct"));
        const CatalogMatch byModel = c.find(QStringLiteral("LLAMA-3.2-1B-INSTRUCT"));
        QCOMPARE(byModel.file->quantization, QStringLiteral("Q4_K_M"));
        QCOMPARE(c.findByUrl(m.file->url).file, m.file);
        QVERIFY(c.find(QStringLiteral("no-such-model")).file == nullptr);
    }

    void badCatalogsAreNamed_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("{") << "not valid JSON";
        QTest::newRow("format") << QByteArray(R"({"format": 9, "models": []})") << "format";
        QTest::newRow("no files") << minimalCatalog(R"("files": [])") << "\"files\"";
        QTest::newRow("bad sha")
            << minimalCatalog(
                   R"("files": [{"quantization": "Q4_0", "file": "a.gguf", "size": 9, "sha256": "xyz"}])")
            << "\"sha256\"";
        QTest::newRow("not gguf")
            << minimalCatalog(R"("files": [{"quantization": "Q4_0", "file": "a.bin", "size": 9}])")
            << "\"file\"";
        QTest::newRow("path in name")
            << minimalCatalog(
                   R"("files": [{"quantization": "Q4_0", "file": "../a.gguf", "size": 9}])")
            << "\"file\"";
    }

    void badCatalogsAreNamed() {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        try {
            Catalog::fromJson(json);
            QFAIL("a bad catalog was accepted");
        } catch (const hearth::Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        }
    }

    void fileDefaultsComeFromTheModel() {
        const Catalog c = Catalog::fromJson(minimalCatalog(
            R"("revision": "abc", "files": [
                {"quantization": "Q4_0", "file": "a.gguf", "size": 9},
                {"quantization": "Q8_0", "file": "b.gguf", "size": 9, "repo": "x/y", "revision": "main", "default": true}])"));
        const CatalogEntry& e = c.entries()[0];
        QCOMPARE(e.files[0].url.toString(),
                 QStringLiteral("https://huggingface.co/o/r/resolve/abc/a.gguf"));
        QCOMPARE(e.files[1].url.toString(),
                 QStringLiteral("https://huggingface.co/x/y/resolve/main/b.gguf"));
        QCOMPARE(e.defaultFile().id, QStringLiteral("m-q8_0"));
        QCOMPARE(e.files[0].id, QStringLiteral("m-q4_0"));
    }

    void whatUsersType() {
        const Catalog& c = Catalog::builtIn();
        DownloadRequest r = resolveModelSource(QStringLiteral("gemma-2-2b-it"), c);
        QCOMPARE(r.catalogId, QStringLiteral("gemma-2-2b-it-q4_k_m"));
        QCOMPARE(r.sha256.size(), 64);
        QVERIFY(r.expectedSize > 0);

        r = resolveModelSource(QStringLiteral("bartowski/Some-Model-GGUF/Some-Model-Q4_K_M.gguf"),
                               c);
        QCOMPARE(r.url.toString(),
                 QStringLiteral("https://huggingface.co/bartowski/Some-Model-GGUF/resolve/main/"
                                "Some-Model-Q4_K_M.gguf"));
        QCOMPARE(r.fileName, QStringLiteral("Some-Model-Q4_K_M.gguf"));
        QVERIFY(r.sha256.isEmpty());
        QVERIFY(r.catalogId.isEmpty());

        // A catalog file typed as repo/file or pasted as its address keeps its checksum.
        const CatalogMatch known = c.find(QStringLiteral("llama-3.2-3b-instruct-q4_k_m"));
        r = resolveModelSource(known.file->url.toString(), c);
        QCOMPARE(r.catalogId, known.file->id);
        QCOMPARE(r.sha256, known.file->sha256);

        r = resolveModelSource(QStringLiteral("https://huggingface.co/a/b/blob/main/x.gguf"), c);
        QCOMPARE(r.url.toString(),
                 QStringLiteral("https://huggingface.co/a/b/resolve/main/x.gguf"));

        r = resolveModelSource(QStringLiteral("http://127.0.0.1:8080/dir/model.gguf"), c);
        QCOMPARE(r.fileName, QStringLiteral("model.gguf"));

        for (const char* bad : {"", "nonsense", "https://example.com/readme.txt", "a/b/notes.txt",
                                "http://", "owner/repo"}) {
            QVERIFY_THROWS_EXCEPTION(hearth::Error, resolveModelSource(QLatin1String(bad), c));
        }
        QVERIFY_THROWS_EXCEPTION(hearth::Error, requestForHuggingFace(QStringLiteral("no-slash"),
                                                                      QStringLiteral("a.gguf")));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, requestForHuggingFace(QStringLiteral("o/r"),
                                                                      QStringLiteral("../a.gguf")));
    }

    void httpHeaders() {
        const auto r = parseContentRange("bytes 100-999/1000");
        QVERIFY(r);
        QCOMPARE(r->first, qint64(100));
        QCOMPARE(r->last, qint64(999));
        QCOMPARE(r->total, qint64(1000));
        QCOMPARE(parseContentRange("bytes 0-9/*")->total, qint64(0));
        QVERIFY(!parseContentRange("bytes 10-5/100"));
        QVERIFY(!parseContentRange("bytes 0-100/100"));
        QVERIFY(!parseContentRange("items 0-1/2"));
        QCOMPARE(unquoteEtag("W/\"abc\""), QStringLiteral("abc"));
        QCOMPARE(unquoteEtag("plain"), QStringLiteral("plain"));
        const QByteArray sha(64, 'A');
        QCOMPARE(announcedSha256('"' + sha + '"'), QString(64, QLatin1Char('a')));
        QVERIFY(announcedSha256("\"0123456789abcdef0123456789abcdef01234567\"").isEmpty());
        QVERIFY(isTransientStatus(503));
        QVERIFY(isTransientStatus(429));
        QVERIFY(!isTransientStatus(404));
        QVERIFY(describeHttpStatus(403).contains(QLatin1String("licence")));
    }

    void fitVerdicts_data() {
        QTest::addColumn<int>("deviceType");
        QTest::addColumn<qint64>("deviceBytes");
        QTest::addColumn<bool>("unified");
        QTest::addColumn<qint64>("systemBytes");
        QTest::addColumn<qint64>("needBytes");
        QTest::addColumn<int>("verdict");
        QTest::addColumn<bool>("onCpu");
        QTest::addColumn<bool>("fitsOnCpu");
        const int discrete = int(hearth::vk::DeviceType::Discrete);
        const int integrated = int(hearth::vk::DeviceType::Integrated);
        const int cpu = int(hearth::vk::DeviceType::Cpu);
        const int fits = int(FitVerdict::Fits);
        const int tight = int(FitVerdict::Tight);
        const int big = int(FitVerdict::TooBig);
        QTest::newRow("8 GB card, 3 GB model")
            << discrete << 8 * kGiB << false << 32 * kGiB << 3 * kGB << fits << false << false;
        QTest::newRow("4 GB card, 3.8 GB model") << discrete << 4 * kGiB << false << 32 * kGiB
                                                 << 38 * kGB / 10 << tight << false << false;
        QTest::newRow("4 GB card, 6 GB model")
            << discrete << 4 * kGiB << false << 32 * kGiB << 6 * kGB << big << false << true;
        QTest::newRow("4 GB card, 30 GB model")
            << discrete << 4 * kGiB << false << 32 * kGiB << 30 * kGB << big << false << false;
        // Integrated: half of 16 GB is less than the 12 GB heap the driver reports.
        QTest::newRow("iGPU, 7.8 GB model") << integrated << 12 * kGiB << false << 16 * kGiB
                                            << 78 * kGB / 10 << tight << false << false;
        QTest::newRow("iGPU, 5 GB model")
            << integrated << 12 * kGiB << false << 16 * kGiB << 5 * kGB << fits << false << false;
        QTest::newRow("unified memory, 9 GB")
            << discrete << 24 * kGiB << true << 16 * kGiB << 9 * kGB << big << false << true;
        QTest::newRow("llvmpipe, 5 GB")
            << cpu << 16 * kGiB << false << 16 * kGiB << 5 * kGB << fits << true << false;
        QTest::newRow("llvmpipe, 20 GB")
            << cpu << 16 * kGiB << false << 16 * kGiB << 20 * kGB << big << true << false;
    }

    void fitVerdicts() {
        QFETCH(int, deviceType);
        QFETCH(qint64, deviceBytes);
        QFETCH(bool, unified);
        QFETCH(qint64, systemBytes);
        QFETCH(qint64, needBytes);
        QFETCH(int, verdict);
        QFETCH(bool, onCpu);
        QFETCH(bool, fitsOnCpu);
        const auto device =
            gpu(static_cast<hearth::vk::DeviceType>(deviceType), deviceBytes, unified);
        const MemoryBudget budget = budgetForDevice(&device, systemBytes);
        hearth::MemoryEstimate need;
        need.weights = static_cast<uint64_t>(needBytes);
        const FitEstimate fit = judgeFit(need, budget);
        QCOMPARE(int(fit.verdict), verdict);
        QCOMPARE(fit.onCpu, onCpu);
        QCOMPARE(fit.fitsOnCpu, fitsOnCpu);
        QVERIFY(!describeFit(fit, budget).isEmpty());
    }

    void budgetRules() {
        const auto card = gpu(hearth::vk::DeviceType::Discrete, 8 * kGiB);
        QCOMPARE(budgetForDevice(&card, 64 * kGiB).usableBytes, 8 * kGiB);
        const auto igpu = gpu(hearth::vk::DeviceType::Integrated, 12 * kGiB);
        const MemoryBudget shared = budgetForDevice(&igpu, 16 * kGiB);
        QCOMPARE(shared.kind, MemoryKind::IntegratedGpu);
        QCOMPARE(shared.usableBytes, 8 * kGiB);
        const MemoryBudget none = budgetForDevice(nullptr, 16 * kGiB);
        QCOMPARE(none.kind, MemoryKind::Cpu);
        QCOMPARE(none.usableBytes, 12 * kGiB);

        GpuInventory inv;
        inv.devices = {gpu(hearth::vk::DeviceType::Cpu, 4 * kGiB), card};
        inv.preferred = 1;
        QCOMPARE(budgetFromInventory(inv, -1, 16 * kGiB).kind, MemoryKind::DiscreteGpu);
        QCOMPARE(budgetFromInventory(inv, 0, 16 * kGiB).kind, MemoryKind::Cpu);
        QCOMPARE(budgetFromInventory(GpuInventory{}, -1, 16 * kGiB).kind, MemoryKind::Cpu);
    }

    void catalogEstimates() {
        const Catalog& c = Catalog::builtIn();
        const CatalogEntry& small = *c.entry(QStringLiteral("qwen2.5-0.5b-instruct"));
        const CatalogEntry& large = *c.entry(QStringLiteral("llama-3.1-8b-instruct"));
        const auto a = estimateCatalogFile(small, small.defaultFile(), 4096);
        const auto b = estimateCatalogFile(large, large.defaultFile(), 4096);
        QVERIFY(a.total() < b.total());
        // Llama 3.1 8B: 32 layers x 8 KV heads x (128 + 128) x 2 bytes per position.
        QCOMPARE(b.kvCache, uint64_t(32) * 8 * 256 * 2 * 4096);
        QCOMPARE(b.weights, uint64_t(large.defaultFile().sizeBytes));
        // The context asked for is capped at the model's (Phi-3 mini 4K).
        const CatalogEntry& phi = *c.entry(QStringLiteral("phi-3-mini-4k-instruct"));
        QCOMPARE(estimateCatalogFile(phi, phi.defaultFile(), 32768).kvCache,
                 estimateCatalogFile(phi, phi.defaultFile(), 4096).kvCache);
        // An 8 GB card runs the 8B model at Q4_K_M with a 4K context; a 4 GB card does not.
        const auto card8 = gpu(hearth::vk::DeviceType::Discrete, 8 * kGiB);
        const auto card4 = gpu(hearth::vk::DeviceType::Discrete, 4 * kGiB);
        QVERIFY(judgeFit(b, budgetForDevice(&card8, 32 * kGiB)).verdict != FitVerdict::TooBig);
        QCOMPARE(judgeFit(b, budgetForDevice(&card4, 32 * kGiB)).verdict, FitVerdict::TooBig);
    }

    void units() {
        QCOMPARE(formatBytes(812), QStringLiteral("812 B"));
        QCOMPARE(formatBytes(4200), QStringLiteral("4.2 KB"));
        QCOMPARE(formatBytes(808'000'000), QStringLiteral("808 MB"));
        QCOMPARE(formatBytes(1'320'000'000), QStringLiteral("1.3 GB"));
        QCOMPARE(formatRate(12'400'000), QStringLiteral("12 MB/s"));
        QCOMPARE(formatRate(4'240'000), QStringLiteral("4.2 MB/s"));
        QCOMPARE(formatDuration(8), QStringLiteral("8 s"));
        QCOMPARE(formatDuration(185), QStringLiteral("3 min"));
        QCOMPARE(formatDuration(4800), QStringLiteral("1 h 20 min"));
        QCOMPARE(formatParameterCount(494'032'768), QStringLiteral("494M"));
        QCOMPARE(formatParameterCount(1'543'714'304), QStringLiteral("1.5B"));
        QCOMPARE(formatParameterCount(8'030'261'248), QStringLiteral("8B"));
    }
};

QTEST_GUILESS_MAIN(TestModelCatalog)
#include "test_modelcatalog.moc"
