#include "icons.h"
#include "mainwindow.h"

#include "common/buildinfo.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Greenlight"));
    QApplication::setOrganizationName(QStringLiteral("Greenlight"));
    QApplication::setApplicationVersion(
        QString::fromLatin1(greenlight::buildinfo::version) + QStringLiteral(" (") +
        QString::fromLatin1(greenlight::buildinfo::commit) + QLatin1Char(')'));
    QGuiApplication::setDesktopFileName(QStringLiteral("greenlight"));
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
    parser.addOption(review);
    parser.process(app);

    greenlight::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty() && window.openPath(parser.positionalArguments().constFirst())
        && parser.isSet(review))
        window.reviewRun(parser.value(review));
    return app.exec();
}
