// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace hearth::app {

/// Whether the desktop uses a dark colour scheme, derived from the system palette (Qt 6.4 has
/// no colour-scheme API) and updated when the palette changes.
class SystemTheme : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool dark READ dark NOTIFY darkChanged)

public:
    explicit SystemTheme(QObject* parent = nullptr);
    bool dark() const { return dark_; }

signals:
    void darkChanged();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void update();
    bool dark_ = false;
};

} // namespace hearth::app
