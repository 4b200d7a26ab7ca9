#include "demoproject.h"
#include "guimanpage.h"
#include "icons.h"
#include "mainwindow.h"
#include "preferences/theme.h"
#include "windowsnapshot.h"

#include "common/buildinfo.h"
#include "common/jsonio.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTextStream>

#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Greenlight"));
    QApplication::setOrganizationName(QStringLiteral("Greenlight"));
    QApplication::setApplicationVersion(
        QString::fromLatin1(greenlight::buildinfo::version) + QStringLiteral(" (") +
        QString::fromLatin1(greenlight::buildinfo::commit) + QLatin1Char(')'));
    // Matches the installed .desktop file, so docks and Wayland compositors find the icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.greenlight.Greenlight"));
    QApplication::setWindowIcon(greenlight::Icons::app());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Greenlight review desk"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"),
                                 QStringLiteral("Project folder or spec file to open."),
                                 QStringLiteral("[project]"));
    const QCommandLineOption review(QStringLiteral("review"),
                                    QStringLiteral("Open this run folder of the project in the review desk "
                                                   "(\"latest\": the newest finished render)."),
                                    QStringLiteral("run"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Open your copy of the bundled demo project (made in the "
                                                 "app-data folder on first use)."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Once the project has opened and validated, save a picture "
                                                       "of the window to this PNG file and quit."),
                                        QStringLiteral("file"));
    // Used by the build to write greenlight(1) from this parser; not for users.
    QCommandLineOption manPage(QStringLiteral("man-page"), QStringLiteral("Write the manual page to a file."),
                               QStringLiteral("file"));
    manPage.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({review, demo, screenshot, manPage});
    parser.process(app);

    if (parser.isSet(manPage)) {
        const greenlight::Status written = greenlight::writeFileAtomically(
            parser.value(manPage), greenlight::toRoff(greenlight::guiManPage(parser)).toUtf8());
        if (!written)
            QTextStream(stderr) << "greenlight: " << written.error().toString() << "\n";
        return written ? 0 : 1;
    }

    QString path = parser.positionalArguments().value(0);
    if (parser.isSet(demo)) {
        const greenlight::Result<QString> copy =
            greenlight::DemoProject::userCopy(QCoreApplication::applicationDirPath());
        if (!copy) {
            QTextStream(stderr) << "greenlight: " << copy.error().message << "\n";
            if (!parser.isSet(screenshot))
                QMessageBox::critical(nullptr, QStringLiteral("Greenlight"), copy.error().message);
            return 1;
        }
        path = *copy;
    }

    // Style and palette before the first widget exists, so nothing is polished twice.
    greenlight::Theme::applyFromSettings(app);
    greenlight::MainWindow window;
    window.show();
    const bool opened = !path.isEmpty() && window.openPath(path);
    if (opened && parser.isSet(review))
        window.reviewRun(parser.value(review));

    if (parser.isSet(screenshot)) {
        const bool wanted = !path.isEmpty();
        greenlight::saveWindowWhenSettled(&window, parser.value(screenshot),
                                          [&, wanted, opened](bool saved, const QString &summary) {
            QTextStream(stdout) << summary << "\n";
            if (!saved)
                QTextStream(stderr) << "greenlight: cannot write " << parser.value(screenshot) << "\n";
            QCoreApplication::exit(saved && (opened || !wanted) ? 0 : 1);
        });
    }
    return app.exec();
}
