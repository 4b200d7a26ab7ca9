#include "windowsnapshot.h"

#include "mainwindow.h"
#include "projectsession.h"
#include "speclistmodel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QObject>
#include <QPixmap>
#include <QTimer>

namespace greenlight {

namespace {

QString describe(const MainWindow *window)
{
    const ProjectSession *session = window->session();
    if (!session)
        return QStringLiteral("no project open");
    const int specs = session->specs()->rowCount();
    return QStringLiteral("%1: %2 %3 (%4)")
        .arg(session->project().name())
        .arg(specs)
        .arg(specs == 1 ? QStringLiteral("spec") : QStringLiteral("specs"),
             QDir::toNativeSeparators(session->project().root()));
}

} // namespace

void saveWindowWhenSettled(MainWindow *window, const QString &file,
                           std::function<void(bool saved, const QString &summary)> done, int timeout_ms)
{
    auto *timer = new QTimer(window);
    timer->setInterval(100);
    QElapsedTimer clock;
    clock.start();
    // The timer is the window's child: it never outlives the window it looks at.
    QObject::connect(timer, &QTimer::timeout, window,
                     [window, timer, clock, quietTicks = 0, file, done, timeout_ms]() mutable {
        const bool busy = window->session() && window->session()->isValidating();
        // Two quiet ticks in a row: validation finished and the views have repainted.
        quietTicks = busy ? 0 : quietTicks + 1;
        if (quietTicks < 2 && clock.elapsed() < timeout_ms)
            return;
        timer->stop();
        timer->deleteLater();
        done(window->grab().save(file, "PNG"), describe(window));
    });
    timer->start();
}

} // namespace greenlight
