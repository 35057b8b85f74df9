// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/settingsstore.h"

#include "storage/database.h"
#include "storage/statement.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

namespace hearth::storage {

std::optional<QString> SettingsStore::value(const QString& key) const {
    Statement s(db_, "SELECT value FROM settings WHERE key = ?1");
    s.bind(1, key);
    if (!s.step()) {
        return std::nullopt;
    }
    return s.text(0);
}

QString SettingsStore::string(const QString& key, const QString& fallback) const {
    return value(key).value_or(fallback);
}

qint64 SettingsStore::integer(const QString& key, qint64 fallback) const {
    const std::optional<QString> v = value(key);
    bool ok = false;
    const qint64 n = v ? v->toLongLong(&ok) : 0;
    return ok ? n : fallback;
}

double SettingsStore::number(const QString& key, double fallback) const {
    const std::optional<QString> v = value(key);
    bool ok = false;
    const double n = v ? v->toDouble(&ok) : 0;
    return ok ? n : fallback;
}

bool SettingsStore::boolean(const QString& key, bool fallback) const {
    const std::optional<QString> v = value(key);
    if (!v) {
        return fallback;
    }
    if (*v == QLatin1String("1") || *v == QLatin1String("true")) {
        return true;
    }
    if (*v == QLatin1String("0") || *v == QLatin1String("false")) {
        return false;
    }
    return fallback;
}

QJsonValue SettingsStore::json(const QString& key) const {
    const std::optional<QString> v = value(key);
    if (!v) {
        return QJsonValue(QJsonValue::Undefined);
    }
    // Wrapped in an array so that scalars ("1.5", "\"text\"") parse as well as objects.
    const QJsonDocument doc = QJsonDocument::fromJson("[" + v->toUtf8() + "]");
    return doc.isArray() && doc.array().size() == 1 ? doc.array().at(0)
                                                    : QJsonValue(QJsonValue::Undefined);
}

void SettingsStore::set(const QString& key, const QString& value) {
    Transaction tx(db_);
    Statement s(db_, "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    s.bind(1, key).bind(2, value);
    s.run();
    tx.commit();
}

void SettingsStore::setInteger(const QString& key, qint64 value) {
    set(key, QString::number(value));
}

void SettingsStore::setNumber(const QString& key, double value) {
    set(key, QString::number(value, 'g', std::numeric_limits<double>::max_digits10));
}

void SettingsStore::setBoolean(const QString& key, bool value) {
    set(key, value ? QStringLiteral("1") : QStringLiteral("0"));
}

void SettingsStore::setJson(const QString& key, const QJsonValue& value) {
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    // Strip the array brackets added to serialize a scalar.
    set(key, QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2)));
}

void SettingsStore::remove(const QString& key) {
    Transaction tx(db_);
    Statement s(db_, "DELETE FROM settings WHERE key = ?1");
    s.bind(1, key);
    s.run();
    tx.commit();
}

QList<QString> SettingsStore::keys() const {
    Statement s(db_, "SELECT key FROM settings ORDER BY key");
    QList<QString> out;
    while (s.step()) {
        out.append(s.text(0));
    }
    return out;
}

} // namespace hearth::storage
