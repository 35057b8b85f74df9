// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/model/config.h"

#include <QJsonObject>
#include <QString>

#include <atomic>
#include <functional>

namespace hearth::services {

/// What Hearth reads from a model file's header for the library and the details page. Only the
/// header is read (the file is memory-mapped; no weight is touched).
struct ModelSummary {
    QString path;
    qint64 fileSize = 0;
    QString name;         ///< general.name, else the file name without .gguf
    QString architecture; ///< general.architecture
    qint64 parameters = 0;
    QString quantization; ///< "Q4_K_M" ... from general.file_type or the type mix
    QJsonObject typeMix;  ///< tensor type -> tensor count, most bytes first in typeMixText
    QString typeMixText;  ///< "Q4_K ×193, Q6_K ×25, F32 ×65"
    int contextLength = 0;
    bool hasChatTemplate = false;
    QString chatTemplate; ///< tokenizer.chat_template (Jinja), empty when the file has none
    qint64 weightBytes = 0; ///< bytes of all tensors
    ModelConfig config;
};

/// Reads and checks a GGUF file: a valid header, an architecture Hearth runs, and only tensor
/// types it computes with. Throws hearth::Error saying what is wrong. Safe on any thread.
ModelSummary inspectModelFile(const QString& path);

/// How an imported file gets into the models folder.
enum class ImportMode {
    Copy, ///< an independent copy (the original may be deleted or moved afterwards)
    Link, ///< a link to the original: a hard link where possible, else a symbolic link, else a
          ///< copy (when neither link works, e.g. across drives on Windows)
};

/// How a file actually got into the models folder.
enum class Placement { Copied, HardLinked, SymLinked, InPlace };

/// A model file in the models folder and its checksum.
struct PlacedFile {
    QString path;
    Placement placement = Placement::Copied;
    QString sha256; ///< lower-case hex
};

/// Reports bytes processed so far and the total.
using ProgressFn = std::function<void(qint64 done, qint64 total)>;

/// Puts `source` into `modelsDir` (copied or linked, under a name not used yet; a file already
/// in that folder stays where it is) and computes its SHA-256. A copy is written to a temporary
/// name first, so a failed or cancelled copy leaves nothing behind. Throws hearth::Error;
/// setting `*cancel` stops it with the message "import cancelled". Safe on any thread.
PlacedFile placeModelFile(const QString& source, const QString& modelsDir, ImportMode mode,
                          const ProgressFn& progress = {},
                          const std::atomic<bool>* cancel = nullptr);

/// SHA-256 of a file in lower-case hex. Throws hearth::Error when it cannot be read.
QString sha256OfFile(const QString& path, const ProgressFn& progress = {},
                     const std::atomic<bool>* cancel = nullptr);

/// `fileName` when `dir` has no such file, else "stem-2.gguf", "stem-3.gguf" ...
QString unusedFileName(const QString& dir, const QString& fileName);

/// Whether `path` is a link (symbolic, or a hard link with other names), so that deleting it
/// frees no space.
bool isLinkedFile(const QString& path);

} // namespace hearth::services
