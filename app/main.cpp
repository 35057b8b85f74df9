// SPDX-License-Identifier: GPL-3.0-or-later
// The Hearth desktop app. All code lives in the libraries; see app/viewmodels/application.cpp.

#include "app/viewmodels/application.h"

#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(HearthAppPlugin)
Q_IMPORT_QML_PLUGIN(HearthUiPlugin)

int main(int argc, char* argv[]) {
    return hearth::app::runApplication(argc, argv);
}
