// edit_to_findings_ms: from a keystroke in the spec editor's title field (the demo's
// feature-explainer spec open in the forms) to the editor's findings list updated with the
// validation of the edited document. Median of many keystrokes, alternating a typed letter
// and Backspace, so the document stays the demo spec. Runs offscreen on a copy of the demo.
#include "testsupport.h"

#include "spec/specdocument.h"
#include "spec/speceditor.h"
#include "spec/specvalidator.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace greenlight;

namespace {

constexpr int kKeystrokes = 40;
constexpr int kTimeout_ms = 10000;

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir tmp;
    const QString project = tmp.filePath(QStringLiteral("demo"));
    if (!test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), project)) {
        std::fprintf(stderr, "bench_edit: cannot copy the demo project\n");
        return 1;
    }
    SpecEditor editor(std::make_shared<const SpecValidator>(), project);
    if (Status s = editor.open(project + QStringLiteral("/specs/feature-explainer.greenlight.json")); !s) {
        std::fprintf(stderr, "bench_edit: %s\n", qPrintable(s.error().toString()));
        return 1;
    }
    editor.resize(1280, 800);
    editor.show();
    SpecDocument *doc = editor.document();
    const QString title = toQString(doc->value(QStringLiteral("/title")));
    QLineEdit *field = nullptr;
    for (QLineEdit *edit : editor.findChildren<QLineEdit *>())
        if (edit->text() == title)
            field = edit;
    if (!field) {
        std::fprintf(stderr, "bench_edit: no title field in the editor's forms\n");
        return 1;
    }
    editor.showPage(QStringLiteral("Canvas & format"));
    field->setFocus();
    field->end(false);
    doc->validateNow();

    std::vector<double> ms;
    QEventLoop loop;
    QObject::connect(doc, &SpecDocument::findingsChanged, &loop, [&] {
        // The editor has refreshed its list (it listens first); done.
        loop.quit();
    });
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    for (int i = 0; i < kKeystrokes; ++i) {
        QElapsedTimer t;
        t.start();
        if (i % 2 == 0)
            QTest::keyClick(field, Qt::Key_X);
        else
            QTest::keyClick(field, Qt::Key_Backspace);
        timeout.start(kTimeout_ms);
        loop.exec();
        timeout.stop();
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    if (doc->value(QStringLiteral("/title")) != Json(toStd(title)))
        std::fprintf(stderr, "bench_edit: the title did not come back (%s)\n", qPrintable(toQString(doc->value(QStringLiteral("/title")))));
    std::fprintf(stderr, "bench_edit: %d keystrokes, validation delay %d ms, min %.1f ms, max %.1f ms\n", kKeystrokes,
                 doc->validationDelay_ms(), *std::min_element(ms.begin(), ms.end()), *std::max_element(ms.begin(), ms.end()));
    std::printf("edit_to_findings_ms %.1f ms\n", median(ms));
    return 0;
}
