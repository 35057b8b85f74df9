// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace hearth::storage {

class Database;

/// Key/value settings of the app (theme, default model, generation defaults, privacy choices).
/// Values are text; the typed helpers store numbers and booleans as their decimal text and JSON
/// as compact JSON text. Keys are dotted names ("generation.temperature").
class SettingsStore {
public:
    explicit SettingsStore(Database& db) : db_(db) {}

    std::optional<QString> value(const QString& key) const;
    QString string(const QString& key, const QString& fallback = {}) const;
    qint64 integer(const QString& key, qint64 fallback = 0) const;
    double number(const QString& key, double fallback = 0) const;
    bool boolean(const QString& key, bool fallback = false) const;
    QJsonValue json(const QString& key) const;

    void set(const QString& key, const QString& value);
    void setInteger(const QString& key, qint64 value);
    void setNumber(const QString& key, double value);
    void setBoolean(const QString& key, bool value);
    void setJson(const QString& key, const QJsonValue& value);
    void remove(const QString& key);
    /// Every key, sorted.
    QList<QString> keys() const;

private:
    Database& db_;
};

} // namespace hearth::storage
