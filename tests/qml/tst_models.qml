// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Hearth.App
import Hearth.Testing
import Hearth.Ui

/// The model manager page: catalog search and filters, a download paused, resumed and installed
/// from the Downloads tab, a download cancelled, and an installed model deleted after confirming.
Item {
    id: root
    width: 1200
    height: 800

    Component {
        id: shellComponent
        AppShell {
            anchors.fill: parent
        }
    }

    TestCase {
        name: "Models"
        when: windowShown

        function init() {
            TestBackend.reset(false)
        }

        // Opens the model manager on a tab ("discover", "installed", "downloads") by clicking it.
        function openModels(shell, tab) {
            shell.page = "models"
            const page = findChild(shell, "modelsPage")
            tryVerify(() => page.visible, 20000)
            mouseClick(findChild(page, tab + "TabButton"))
            const content = findChild(page, tab + "Tab")
            tryVerify(() => content.visible, 20000)
            return content
        }

        function test_catalogSearchAndFilters() {
            const shell = createTemporaryObject(shellComponent, root)
            const page = openModels(shell, "discover")
            const grid = findChild(page, "catalogGrid")
            tryVerify(() => grid.count > 3, 20000, "the catalog is shown")
            const all = grid.count
            const search = findChild(page, "catalogSearch")
            search.text = "qwen"
            tryVerify(() => grid.count > 0 && grid.count < all, 20000, "search narrows the list")
            search.text = ""
            tryCompare(grid, "count", all, 20000)
            const fits = findChild(page, "fitsFilter")
            mouseClick(fits)
            verify(ModelManager.catalog.fitsOnly)
            tryVerify(() => grid.count <= all, 20000)
            mouseClick(fits)
            verify(!ModelManager.catalog.fitsOnly)
            tryCompare(grid, "count", all, 20000)
        }

        function test_pauseResumeInstall() {
            const shell = createTemporaryObject(shellComponent, root)
            const id = ModelManager.download(TestBackend.serveTestModel(true))
            verify(id >= 0, ModelManager.lastError)
            const page = openModels(shell, "downloads")
            tryVerify(() => findChild(page, "download_0") !== null, 20000)
            const row = findChild(page, "download_0")
            const pause = findChild(row, "pauseDownloadButton")
            tryVerify(() => pause.visible, 20000, "a running download can be paused")
            mouseClick(pause)
            const resume = findChild(row, "resumeDownloadButton")
            tryVerify(() => resume.visible, 20000, "and then resumed")
            verify(!ModelController.hasModels)
            mouseClick(resume)
            tryVerify(() => ModelController.hasModels, 20000, "it finishes and is installed")
        }

        function test_cancel() {
            const shell = createTemporaryObject(shellComponent, root)
            const id = ModelManager.download(TestBackend.serveTestModel(true))
            verify(id >= 0, ModelManager.lastError)
            const page = openModels(shell, "downloads")
            tryVerify(() => findChild(page, "download_0") !== null, 20000)
            const cancel = findChild(findChild(page, "download_0"), "cancelDownloadButton")
            tryVerify(() => cancel.visible, 20000)
            mouseClick(cancel)
            tryVerify(() => findChild(page, "download_0") === null
                      || !findChild(findChild(page, "download_0"), "cancelDownloadButton").visible,
                      5000, "the download stops")
            wait(300)
            verify(!ModelController.hasModels, "nothing is installed")
        }

        function test_chatTemplateShown() {
            verify(ModelManager.importFile(TestBackend.placeTemplatedModel("templated.gguf"), false))
            tryVerify(() => ModelController.hasModels, 10000)
            const shell = createTemporaryObject(shellComponent, root)
            tryVerify(() => ModelController.ready, 10000) // it loads by itself, then shows the chat
            const page = openModels(shell, "installed")
            tryVerify(() => findChild(page, "installedModel_0") !== null, 20000)
            waitForRendering(page)
            const button = findChild(findChild(page, "installedModel_0"), "showTemplateButton")
            tryVerify(() => button.visible, 20000, "the file has its own template")
            mouseClick(button)
            const dialog = findChild(page, "templateDialog")
            tryVerify(() => dialog.opened, 20000)
            verify(findChild(dialog.contentItem, "templateText").text.indexOf("{% for m in messages %}") === 0)
            mouseClick(findChild(dialog.contentItem, "dialogCancelButton"))
            tryVerify(() => !dialog.visible, 20000)
        }

        function test_deleteAfterConfirming() {
            TestBackend.reset(true)
            const shell = createTemporaryObject(shellComponent, root)
            verify(ModelController.hasModels)
            const page = openModels(shell, "installed")
            tryVerify(() => findChild(page, "installedModel_0") !== null, 20000)
            waitForRendering(page)
            mouseClick(findChild(findChild(page, "installedModel_0"), "deleteModelButton"))
            const dialog = findChild(page, "deleteModelDialog")
            tryVerify(() => dialog.opened, 20000)
            // Cancel keeps it.
            mouseClick(findChild(dialog.contentItem, "dialogCancelButton"))
            tryVerify(() => !dialog.visible, 20000)
            verify(ModelController.hasModels)
            mouseClick(findChild(findChild(page, "installedModel_0"), "deleteModelButton"))
            tryVerify(() => dialog.opened, 20000)
            mouseClick(findChild(dialog.contentItem, "dialogAcceptButton"))
            tryVerify(() => !ModelController.hasModels, 20000, "deleted")
            compare(TestBackend.installedPaths().length, 0)
        }
    }
}
