// Preferences as a user meets them: open the dialog from the main window, change every page,
// OK stores it all (and a new dialog shows it), Cancel changes nothing, a bad engine URL is
// flagged at its field and OK refused, rebinds reach the actions, the engine endpoint set here
// reaches a narration run against a loopback Kokoro server, and the theme follows a fake
// desktop portal on a private session bus. Screenshots of every page, light and dark, and of
// the review desk in dark land in test-output/preferences/ for a person to look at.
#include "testsupport.h"

#include "fakespeechservers.h"
#include "loopbackserver.h"

#include "mainwindow.h"
#include "preferences/enginespage.h"
#include "preferences/preferencesdialog.h"
#include "preferences/shortcuteditor.h"
#include "preferences/sshhostseditor.h"
#include "preferences/theme.h"
#include "review/reviewwindow.h"
#include "runs/runjob.h"
#include "runs/runlaunchdialog.h"
#include "runs/runqueue.h"
#include "runs/runspanel.h"
#include "runs/sshhostsdialog.h"
#include "settings.h"

#include "run/runrecord.h"

#include <QAction>
#include <QComboBox>
#include <QDBusConnection>
#include <QDBusVariant>
#include <QDialogButtonBox>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace greenlight;

namespace {

constexpr int kRunTimeout_ms = 180000;

// org.freedesktop.portal.Settings as xdg-desktop-portal serves it, for color-scheme only.
class FakePortal : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.portal.Settings")
public:
    QAtomicInt scheme = 0;

    // On the portal's own thread, so D-Bus delivers calls and relays signals there.
    Q_INVOKABLE bool registerOn(const QString &connectionName)
    {
        QDBusConnection bus(connectionName);
        return bus.registerObject(QStringLiteral("/org/freedesktop/portal/desktop"), this,
                                  QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllSignals)
               && bus.registerService(QStringLiteral("org.freedesktop.portal.Desktop"));
    }
    Q_INVOKABLE void change(uint newScheme)
    {
        scheme = int(newScheme);
        Q_EMIT SettingChanged(QStringLiteral("org.freedesktop.appearance"), QStringLiteral("color-scheme"),
                              QDBusVariant(QVariant::fromValue(newScheme)));
    }

public Q_SLOTS:
    QDBusVariant ReadOne(const QString &ns, const QString &key) { return QDBusVariant(value(ns, key)); }
    // The old method wraps the value in a second variant.
    QDBusVariant Read(const QString &ns, const QString &key)
    {
        return QDBusVariant(QVariant::fromValue(QDBusVariant(value(ns, key))));
    }

Q_SIGNALS:
    void SettingChanged(const QString &ns, const QString &key, const QDBusVariant &value);

private:
    QVariant value(const QString &ns, const QString &key) const
    {
        if (ns == QLatin1String("org.freedesktop.appearance") && key == QLatin1String("color-scheme"))
            return QVariant::fromValue(uint(scheme.loadRelaxed()));
        return QVariant::fromValue(QString());
    }
};

int lightness(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness();
}

void selectData(QComboBox *combo, const QString &value)
{
    const int i = combo->findData(value);
    QVERIFY2(i >= 0, qPrintable(value));
    combo->setCurrentIndex(i);
}

} // namespace

class TestPreferences : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void okStoresEveryPage();
    void cancelChangesNothing();
    void badUrlIsRefusedAtTheField();
    void resetEngineToDefaults();
    void mainWindowRebindReachesAction();
    void conflictsAreFlagged();
    void sshHostsDialogStillWorks();
    void engineEndpointReachesNarrationRun();
    void themeFollowsPortal();
    void explicitThemeIgnoresPortal();
    void fallbacksWithoutPortalPreference();
    void screenshots();

private:
    QString copyDemo();
    PreferencesDialog *openPreferences(MainWindow &window);
    void setPortalScheme(uint scheme);
    void shoot(QWidget *widget, const QString &name);

    QTemporaryDir m_tmp;
    QProcess m_bus;
    QThread m_portalThread;
    FakePortal *m_portal = nullptr;
    std::unique_ptr<MainWindow> m_window;
};

void TestPreferences::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_tmp.filePath(QStringLiteral("settings")));
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_tmp.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("GreenlightTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_preferences"));
    QLocale::setDefault(QLocale::c());
    QApplication::setQuitOnLastWindowClosed(false);
    qunsetenv("GTK_THEME");
    qRegisterMetaType<QDBusVariant>();
    qputenv("GREENLIGHT_FRAME_INDEX_CACHE", m_tmp.filePath(QStringLiteral("index-cache")).toUtf8());

    // A private session bus with a fake portal on it, before anything asks the bus.
    m_bus.start(QStringLiteral("dbus-daemon"), {QStringLiteral("--session"), QStringLiteral("--nofork"),
                                                 QStringLiteral("--print-address")});
    QVERIFY2(m_bus.waitForStarted(), "dbus-daemon (package dbus) is needed");
    QVERIFY(QTest::qWaitFor([this] { return m_bus.canReadLine(); }, 10000) || m_bus.waitForReadyRead(10000));
    const QByteArray address = m_bus.readLine().trimmed();
    QVERIFY(!address.isEmpty());
    qputenv("DBUS_SESSION_BUS_ADDRESS", address);
    QVERIFY(QDBusConnection::sessionBus().isConnected());

    QDBusConnection portalBus = QDBusConnection::connectToBus(QString::fromUtf8(address), QStringLiteral("fakePortal"));
    QVERIFY(portalBus.isConnected());
    m_portal = new FakePortal;
    m_portal->moveToThread(&m_portalThread); // sync calls from the test thread must not wait on it
    m_portalThread.start();
    bool registered = false;
    QMetaObject::invokeMethod(m_portal, "registerOn", Qt::BlockingQueuedConnection, Q_RETURN_ARG(bool, registered),
                              Q_ARG(QString, QStringLiteral("fakePortal")));
    QVERIFY(registered);
}

void TestPreferences::cleanupTestCase()
{
    m_window.reset();
    QMetaObject::invokeMethod(m_portal, [portal = m_portal] { delete portal; }, Qt::BlockingQueuedConnection);
    QDBusConnection::disconnectFromBus(QStringLiteral("fakePortal"));
    m_portalThread.quit();
    m_portalThread.wait();
    m_bus.terminate();
    m_bus.waitForFinished(5000);
}

void TestPreferences::init()
{
    QSettings settings;
    settings.clear();
    settings.sync();
    setPortalScheme(0);
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1000, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestPreferences::cleanup()
{
    m_window.reset();
}

QString TestPreferences::copyDemo()
{
    const QString root = m_tmp.filePath(QStringLiteral("demo-%1").arg(QDateTime::currentMSecsSinceEpoch()));
    if (!test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), root))
        return {};
    return QFileInfo(root).canonicalFilePath();
}

PreferencesDialog *TestPreferences::openPreferences(MainWindow &window)
{
    auto *action = window.findChild<QAction *>(QStringLiteral("preferencesAction"));
    if (!action)
        return nullptr;
    action->trigger();
    auto *dialog = window.findChild<PreferencesDialog *>();
    // A dialog that never shows is as good as none: the caller's QVERIFY(dialog) fails.
    return dialog && QTest::qWaitForWindowExposed(dialog) ? dialog : nullptr;
}

void TestPreferences::setPortalScheme(uint scheme)
{
    QMetaObject::invokeMethod(m_portal, "change", Qt::BlockingQueuedConnection, Q_ARG(uint, scheme));
}

void TestPreferences::shoot(QWidget *widget, const QString &name)
{
    const QString path = test::outputDir(QStringLiteral("preferences")) + QLatin1Char('/') + name;
    QVERIFY2(widget->grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

void TestPreferences::okStoresEveryPage()
{
    PreferencesDialog *dialog = openPreferences(*m_window);
    QVERIFY(dialog);
    QCOMPARE(dialog->pageList()->count(), 5);
    QVERIFY(dialog->settingsFileLabel()->text().contains(AppSettings().fileName()));
    QVERIFY(AppSettings().fileName().endsWith(QStringLiteral("GreenlightTest/tst_preferences.conf")));

    dialog->showPage(PreferencesDialog::Page::Appearance);
    selectData(dialog->themeCombo(), QStringLiteral("dark"));

    dialog->showPage(PreferencesDialog::Page::SpeechEngines);
    EnginesPage *engines = dialog->enginesPage();
    QCOMPARE(engines->urlEdit(QStringLiteral("kokoro"))->text(), QStringLiteral("http://127.0.0.1:8880"));
    engines->urlEdit(QStringLiteral("kokoro"))->setText(QStringLiteral("http://gpu-box:8880"));
    engines->voiceEdit(QStringLiteral("kokoro"))->setText(QStringLiteral("bf_emma"));
    engines->modelEdit(QStringLiteral("elevenlabs"))->setText(QStringLiteral("eleven_turbo_v2_5"));
    // Where each key comes from, never the key.
    QVERIFY(engines->keyStatus(QStringLiteral("elevenlabs"))->text().contains(QStringLiteral("GREENLIGHT_ELEVENLABS_API_KEY")));

    dialog->showPage(PreferencesDialog::Page::RemoteHosts);
    SshHostProfile host;
    host.host = QStringLiteral("render@farm-1");
    host.remoteProjectRoot = QStringLiteral("greenlight");
    dialog->sshHostsEditor()->addHost(host);

    dialog->showPage(PreferencesDialog::Page::Shortcuts);
    QKeySequenceEdit *play = dialog->shortcutEditor()->editFor(QStringLiteral("review"), QStringLiteral("play"));
    QVERIFY(play);
    play->setKeySequence(QKeySequence(QStringLiteral("P")));

    dialog->showPage(PreferencesDialog::Page::Cache);
    dialog->frameCacheSpin()->setValue(2048);

    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(!m_window->findChild<PreferencesDialog *>());

    AppSettings settings;
    QCOMPARE(settings.theme(), QStringLiteral("dark"));
    QVERIFY(Theme::instance()->isDark());
    QVERIFY(lightness(QApplication::palette()) < 128);
    const Json expected = Json::parse(R"({"kokoro": {"baseUrl": "http://gpu-box:8880", "voice": "bf_emma"},
                                          "elevenlabs": {"model": "eleven_turbo_v2_5"}})");
    QCOMPARE(settings.engineSettings()["kokoro"], expected["kokoro"]);
    QCOMPARE(settings.engineSettings()["elevenlabs"], expected["elevenlabs"]);
    QCOMPARE(settings.engineSettings().size(), size_t(2));
    QCOMPARE(settings.sshHosts().size(), 1);
    QCOMPARE(settings.sshHosts().first().host, QStringLiteral("render@farm-1"));
    QCOMPARE(settings.reviewShortcuts().value(QStringLiteral("play")), QStringLiteral("P"));
    QCOMPARE(settings.frameCacheMiB(), 2048);

    // A new dialog shows what was stored.
    dialog = openPreferences(*m_window);
    QVERIFY(dialog);
    QCOMPARE(dialog->themeCombo()->currentData().toString(), QStringLiteral("dark"));
    QCOMPARE(dialog->enginesPage()->urlEdit(QStringLiteral("kokoro"))->text(), QStringLiteral("http://gpu-box:8880"));
    QCOMPARE(dialog->enginesPage()->voiceEdit(QStringLiteral("kokoro"))->text(), QStringLiteral("bf_emma"));
    QCOMPARE(dialog->enginesPage()->modelEdit(QStringLiteral("elevenlabs"))->text(), QStringLiteral("eleven_turbo_v2_5"));
    QCOMPARE(dialog->sshHostsEditor()->hostList()->count(), 1);
    QCOMPARE(dialog->shortcutEditor()->editFor(QStringLiteral("review"), QStringLiteral("play"))->keySequence(),
             QKeySequence(QStringLiteral("P")));
    QCOMPARE(dialog->frameCacheSpin()->value(), 2048);
    dialog->reject();
    Theme::instance()->setMode(Theme::Mode::Light);
}

void TestPreferences::cancelChangesNothing()
{
    {
        AppSettings settings;
        settings.setTheme(QStringLiteral("light"));
        settings.setFrameCacheMiB(1024);
        settings.sync();
    }
    Theme::applyFromSettings(*qApp);
    QFile file(AppSettings().fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray stored = file.readAll();
    file.close();

    PreferencesDialog *dialog = openPreferences(*m_window);
    QVERIFY(dialog);
    selectData(dialog->themeCombo(), QStringLiteral("dark"));
    dialog->enginesPage()->urlEdit(QStringLiteral("kokoro"))->setText(QStringLiteral("http://elsewhere:1"));
    dialog->frameCacheSpin()->setValue(4096);
    dialog->shortcutEditor()->editFor(QStringLiteral("main"), QStringLiteral("openProjectAction"))
        ->setKeySequence(QKeySequence(QStringLiteral("Ctrl+Alt+O")));
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!m_window->findChild<PreferencesDialog *>());

    AppSettings settings;
    QCOMPARE(settings.theme(), QStringLiteral("light"));
    QCOMPARE(settings.frameCacheMiB(), 1024);
    QVERIFY(settings.engineSettings().empty());
    QVERIFY(settings.mainWindowShortcuts().isEmpty());
    QVERIFY(!Theme::instance()->isDark());
    QCOMPARE(m_window->findChild<QAction *>(QStringLiteral("openProjectAction"))->shortcut(),
             QKeySequence(QKeySequence::Open));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), stored);
}

void TestPreferences::badUrlIsRefusedAtTheField()
{
    PreferencesDialog *dialog = openPreferences(*m_window);
    QVERIFY(dialog);
    dialog->frameCacheSpin()->setValue(128);
    EnginesPage *engines = dialog->enginesPage();
    QLineEdit *url = engines->urlEdit(QStringLiteral("kokoro"));
    for (const QString &bad : {QStringLiteral("ftp://gpu-box"), QStringLiteral("gpu-box:8880"),
                               QStringLiteral("http://"), QStringLiteral("http://user:secret@gpu-box"),
                               QStringLiteral("http://gpu-box:8880/v1")}) {
        url->setText(bad);
        QVERIFY2(!engines->urlError(QStringLiteral("kokoro"))->isHidden(), qPrintable(bad));
        QVERIFY2(!engines->urlError(QStringLiteral("kokoro"))->text().isEmpty(), qPrintable(bad));
    }
    url->setText(QStringLiteral("ftp://gpu-box"));
    QVERIFY(engines->urlError(QStringLiteral("kokoro"))->text().contains(QStringLiteral("http://")));
    dialog->showPage(PreferencesDialog::Page::Cache);
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    // Refused: still open, on the engines page, with the reason in the footer; nothing stored.
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->currentPage(), PreferencesDialog::Page::SpeechEngines);
    QVERIFY(!dialog->problemLabel()->isHidden());
    QVERIFY(dialog->problemLabel()->text().contains(QStringLiteral("Nothing was saved")));
    QCOMPARE(AppSettings().frameCacheMiB(), 512);
    shoot(dialog, QStringLiteral("engines-bad-url.png"));

    url->setText(QStringLiteral("https://tts.example.org/kokoro"));
    QVERIFY(engines->urlError(QStringLiteral("kokoro"))->isHidden());
    QVERIFY(dialog->problemLabel()->isHidden());
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(!m_window->findChild<PreferencesDialog *>());
    QCOMPARE(AppSettings().frameCacheMiB(), 128);
    QCOMPARE(AppSettings().engineSettings()["kokoro"]["baseUrl"], "https://tts.example.org/kokoro");
}

void TestPreferences::resetEngineToDefaults()
{
    AppSettings().setEngineSettings(Json::parse(R"({"kokoro": {"baseUrl": "http://gpu-box:8880", "timeout_ms": 90000}})"));
    PreferencesDialog *dialog = openPreferences(*m_window);
    QVERIFY(dialog);
    EnginesPage *engines = dialog->enginesPage();
    QCOMPARE(engines->urlEdit(QStringLiteral("kokoro"))->text(), QStringLiteral("http://gpu-box:8880"));
    QTest::mouseClick(engines->resetButton(QStringLiteral("kokoro")), Qt::LeftButton);
    QCOMPARE(engines->urlEdit(QStringLiteral("kokoro"))->text(), QStringLiteral("http://127.0.0.1:8880"));
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Apply), Qt::LeftButton);
    QVERIFY(dialog->isVisible()); // Apply keeps the dialog open
    // What the page does not show (a hand-written timeout) stays.
    QCOMPARE(toQString(AppSettings().engineSettings().dump()), QStringLiteral(R"({"kokoro":{"timeout_ms":90000}})"));
    dialog->reject();
}

void TestPreferences::mainWindowRebindReachesAction()
{
    auto *open = m_window->findChild<QAction *>(QStringLiteral("openProjectAction"));
    auto *preferences = m_window->findChild<QAction *>(QStringLiteral("preferencesAction"));
    QVERIFY(open && preferences);
    QVERIFY(!preferences->shortcut().isEmpty()); // the platform's key, or Ctrl+,
    QCOMPARE(open->shortcut(), QKeySequence(QKeySequence::Open));

    PreferencesDialog *dialog = openPreferences(*m_window);
    QVERIFY(dialog);
    dialog->showPage(PreferencesDialog::Page::Shortcuts);
    QKeySequenceEdit *edit = dialog->shortcutEditor()->editFor(QStringLiteral("main"), QStringLiteral("openProjectAction"));
    QVERIFY(edit);
    QCOMPARE(edit->keySequence(), QKeySequence(QKeySequence::Open));
    edit->setKeySequence(QKeySequence(QStringLiteral("Ctrl+Alt+O")));
    dialog->shortcutEditor()->editFor(QStringLiteral("main"), QStringLiteral("revalidateAction"))->clear();
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(!m_window->findChild<PreferencesDialog *>());

    QCOMPARE(open->shortcut(), QKeySequence(QStringLiteral("Ctrl+Alt+O")));
    QVERIFY(open->toolTip().contains(QKeySequence(QStringLiteral("Ctrl+Alt+O")).toString(QKeySequence::NativeText)));
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("revalidateAction"))->shortcut().isEmpty());
    const QHash<QString, QString> stored = AppSettings().mainWindowShortcuts();
    QCOMPARE(stored.value(QStringLiteral("openProjectAction")), QStringLiteral("Ctrl+Alt+O"));
    QVERIFY(stored.contains(QStringLiteral("revalidateAction")));
    QCOMPARE(stored.value(QStringLiteral("revalidateAction")), QString());
    QCOMPARE(stored.size(), 2);

    // The keys work: the new one opens the folder chooser's action, the old one no longer.
    QSignalSpy triggered(open, &QAction::triggered);
    open->setEnabled(true);
    open->disconnect(m_window.get()); // no file dialog in a test
    QApplication::setActiveWindow(m_window.get());
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_O, Qt::ControlModifier | Qt::AltModifier);
    QCOMPARE(triggered.count(), 1);
    QTest::keyClick(m_window.get(), Qt::Key_O, Qt::ControlModifier);
    QCOMPARE(triggered.count(), 1);

    // A new main window starts with the user's keys; Restore Defaults brings the old ones back.
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QCOMPARE(m_window->findChild<QAction *>(QStringLiteral("openProjectAction"))->shortcut(),
             QKeySequence(QStringLiteral("Ctrl+Alt+O")));
    dialog = openPreferences(*m_window);
    QVERIFY(dialog);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("restoreShortcutsButton")), Qt::LeftButton);
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(!m_window->findChild<PreferencesDialog *>());
    QCOMPARE(m_window->findChild<QAction *>(QStringLiteral("openProjectAction"))->shortcut(), QKeySequence(QKeySequence::Open));
    QCOMPARE(m_window->findChild<QAction *>(QStringLiteral("revalidateAction"))->shortcut(), QKeySequence(Qt::Key_F5));
    QVERIFY(AppSettings().mainWindowShortcuts().isEmpty());
    QVERIFY(AppSettings().reviewShortcuts().isEmpty());
}

void TestPreferences::conflictsAreFlagged()
{
    PreferencesDialog *dialog = openPreferences(*m_window);
    QVERIFY(dialog);
    ShortcutEditor *editor = dialog->shortcutEditor();
    QVERIFY2(editor->conflicts().isEmpty(), qPrintable(editor->conflictLabel()->text()));
    // Same keys in two windows are fine; twice in one window is a conflict.
    editor->editFor(QStringLiteral("review"), QStringLiteral("compare-side"))->setKeySequence(QKeySequence(QStringLiteral("Ctrl+1")));
    QVERIFY(editor->conflicts().isEmpty());
    editor->editFor(QStringLiteral("main"), QStringLiteral("focusSpecsAction"))->setKeySequence(QKeySequence(QStringLiteral("Ctrl+2")));
    QCOMPARE(editor->conflicts(), QStringList({QStringLiteral("main/focusSpecsAction"), QStringLiteral("main/focusFindingsAction")}));
    QVERIFY(!editor->conflictLabel()->isHidden());
    QVERIFY(editor->conflictLabel()->text().contains(QStringLiteral("Ctrl+2")));
    dialog->showPage(PreferencesDialog::Page::Shortcuts);
    shoot(dialog, QStringLiteral("shortcuts-conflict.png"));
    editor->editFor(QStringLiteral("main"), QStringLiteral("focusSpecsAction"))->setKeySequence(QKeySequence(QStringLiteral("Ctrl+1")));
    QVERIFY(editor->conflicts().isEmpty());
    QVERIFY(editor->conflictLabel()->isHidden());
    dialog->reject();
}

void TestPreferences::sshHostsDialogStillWorks()
{
    auto *action = m_window->findChild<QAction *>(QStringLiteral("sshHostsAction"));
    QVERIFY(action);
    AppSettings settings;
    SshHostsDialog *found = nullptr;
    QTimer::singleShot(0, this, [&] {
        found = qobject_cast<SshHostsDialog *>(QApplication::activeModalWidget());
        if (!found)
            return;
        SshHostProfile p;
        p.host = QStringLiteral("render-box");
        p.remoteProjectRoot = QStringLiteral("greenlight");
        found->addHost(p);
        found->accept();
    });
    action->trigger();
    QVERIFY(found);
    QCOMPARE(settings.sshHosts().size(), 1);
    // A host without a name is refused on the Preferences page too.
    PreferencesDialog *dialog = openPreferences(*m_window);
    QVERIFY(dialog);
    QCOMPARE(dialog->sshHostsEditor()->hostList()->count(), 1);
    dialog->sshHostsEditor()->hostEdit()->setText(QString());
    QVERIFY(!dialog->apply());
    QCOMPARE(dialog->currentPage(), PreferencesDialog::Page::RemoteHosts);
    QCOMPARE(AppSettings().sshHosts().first().host, QStringLiteral("render-box"));
    dialog->reject();
}

void TestPreferences::engineEndpointReachesNarrationRun()
{
    using namespace greenlight::test;
    FakeServerConfig config;
    config.audioByFormat.insert(QStringLiteral("wav"), makeAudio(m_tmp.path(), QStringLiteral("wav"), 1.0));
    QVERIFY(!config.audioByFormat.value(QStringLiteral("wav")).bytes.isEmpty());
    LoopbackServer server([config](const RecordedRequest &r, int) { return kokoroCaptionedSpeech(r, config); });

    const QString project = copyDemo();
    QVERIFY(!project.isEmpty());
    QVERIFY(m_window->openPath(project));

    PreferencesDialog *dialog = openPreferences(*m_window);
    QVERIFY(dialog);
    dialog->enginesPage()->urlEdit(QStringLiteral("kokoro"))->setText(server.url().toString());
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(!m_window->findChild<PreferencesDialog *>());

    m_window->launchRun({}, {}, QStringLiteral("tts")); // the spec selected in the list
    auto *launch = m_window->findChild<RunLaunchDialog *>();
    QVERIFY(launch);
    selectData(launch->workloadCombo(), QStringLiteral("final-narration"));
    selectData(launch->classCombo(), QStringLiteral("remote-self-hosted"));
    QTRY_VERIFY(launch->findChild<QLabel *>(QStringLiteral("launchStatus"))->text().contains(server.url().toString()));
    shoot(launch, QStringLiteral("launch-configured-engine.png"));
    QCOMPARE(launch->request().engineSettings["kokoro"]["baseUrl"], toStd(server.url().toString()));

    RunQueue *queue = m_window->runsPanel()->queue();
    QSignalSpy added(queue, &RunQueue::jobAdded);
    QVERIFY(launch->launchButton()->isEnabled());
    QTest::mouseClick(launch->launchButton(), Qt::LeftButton);
    QTRY_COMPARE(added.count(), 1);
    auto *job = added.first().first().value<RunJob *>();
    QVERIFY(job);
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), kRunTimeout_ms);
    QVERIFY2(job->state() == RunJob::State::Succeeded, qPrintable(job->errorText()));
    QVERIFY(server.requestCount() > 0);
    QCOMPARE(server.requests().first().path, QByteArray("/dev/captioned_speech"));
    Result<RunRecord> record = loadRunRecord(job->runDir() + QStringLiteral("/run.json"));
    QVERIFY(record);
    QCOMPARE(record->engineName, QStringLiteral("kokoro"));
    QCOMPARE(toString(record->runtimeClass), QStringLiteral("remote-self-hosted"));

    // A retry reads the engines again.
    QCOMPARE(RunQueue::requestForRun(project, *record).engineSettings["kokoro"]["baseUrl"], toStd(server.url().toString()));
}

void TestPreferences::themeFollowsPortal()
{
    setPortalScheme(1);
    AppSettings().setTheme(QStringLiteral("desktop"));
    Theme *theme = Theme::applyFromSettings(*qApp);
    QCOMPARE(Theme::portalColorScheme(), std::optional<uint>(1));
    QVERIFY(theme->isDark());
    QVERIFY(lightness(QApplication::palette()) < 128);
    QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));

    // The desktop switches to light while the app runs. (Portal signals from earlier steps
    // may still be on their way on a busy machine: what counts is the last one.)
    QSignalSpy changed(theme, &Theme::changed);
    setPortalScheme(2);
    QTRY_VERIFY(!changed.isEmpty() && !changed.last().constFirst().toBool());
    QVERIFY(!theme->isDark());
    QVERIFY(lightness(QApplication::palette()) >= 128);
    setPortalScheme(1);
    QTRY_VERIFY(theme->isDark());
    setPortalScheme(2);
    QTRY_VERIFY(!theme->isDark());
}

void TestPreferences::explicitThemeIgnoresPortal()
{
    setPortalScheme(1);
    PreferencesDialog *dialog = openPreferences(*m_window);
    QVERIFY(dialog);
    selectData(dialog->themeCombo(), QStringLiteral("light"));
    QVERIFY(dialog->apply());
    dialog->reject();
    Theme *theme = Theme::instance();
    QVERIFY(!theme->isDark());
    setPortalScheme(1);
    QTest::qWait(200);
    QVERIFY(!theme->isDark());

    theme->setMode(Theme::Mode::Dark);
    setPortalScheme(2);
    QTest::qWait(200);
    QVERIFY(theme->isDark());
    QVERIFY(lightness(QApplication::palette()) < 128);
    theme->setMode(Theme::Mode::FollowDesktop);
    QVERIFY(!theme->isDark());
    theme->setMode(Theme::Mode::Light);
}

void TestPreferences::fallbacksWithoutPortalPreference()
{
    setPortalScheme(0); // no preference: GTK_THEME, then the platform palette
    qputenv("GTK_THEME", "Adwaita:dark");
    AppSettings().setTheme(QStringLiteral("desktop"));
    QVERIFY(Theme::applyFromSettings(*qApp)->isDark());
    qunsetenv("GTK_THEME");
    QVERIFY(!Theme::applyFromSettings(*qApp)->isDark()); // the offscreen platform is light
    Theme::instance()->setMode(Theme::Mode::Light);
}

void TestPreferences::screenshots()
{
    // A review window in dark, for the custom-painted timeline and viewer.
    const QString runDir = m_tmp.filePath(QStringLiteral("shots/runs/run-a"));
    QVERIFY(QDir().mkpath(runDir));
    QVERIFY(QDir().mkpath(m_tmp.filePath(QStringLiteral("shots/specs"))));
    QVERIFY(test::ffmpeg({QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                          QStringLiteral("testsrc2=s=320x180:r=30:d=3"), QStringLiteral("-c:v"), QStringLiteral("libx264"),
                          QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"), runDir + QStringLiteral("/output.mp4")}));
    RunRecord r;
    r.id = QStringLiteral("run-a");
    r.kind = RunKind::Render;
    r.status = RunStatus::Succeeded;
    r.project = QStringLiteral("project");
    r.spec = {QStringLiteral("specs/s.json"), QStringLiteral("s"), QString(), QString(64, QLatin1Char('0'))};
    r.media = RunMedia{320, 180, Rational{30, 1}, 90, 0, 0};
    r.artifacts = {{QStringLiteral("output.mp4"), QStringLiteral("video"), QString(64, QLatin1Char('1')), 1}};
    r.createdAt = r.startedAt = r.endedAt = utcNowIso();
    QVERIFY(saveRunRecord(runDir + QStringLiteral("/run.json"), r));

    for (const Theme::Mode mode : {Theme::Mode::Light, Theme::Mode::Dark}) {
        Theme::instance()->setMode(mode);
        const QString suffix = mode == Theme::Mode::Dark ? QStringLiteral("-dark.png") : QStringLiteral("-light.png");
        PreferencesDialog *dialog = openPreferences(*m_window);
        QVERIFY(dialog);
        const QStringList names = {QStringLiteral("appearance"), QStringLiteral("engines"), QStringLiteral("hosts"),
                                   QStringLiteral("shortcuts"), QStringLiteral("cache")};
        if (dialog->sshHostsEditor()->hostList()->count() == 0) {
            SshHostProfile p;
            p.host = QStringLiteral("render@farm-1");
            p.remoteProjectRoot = QStringLiteral("greenlight");
            dialog->sshHostsEditor()->addHost(p);
        }
        for (int i = 0; i < names.size(); ++i) {
            dialog->showPage(PreferencesDialog::Page(i));
            QTest::qWait(50);
            shoot(dialog, QStringLiteral("preferences-") + names.at(i) + suffix);
        }
        dialog->reject();

        ReviewWindow review;
        review.resize(1000, 700);
        review.show();
        QVERIFY(QTest::qWaitForWindowExposed(&review));
        QSignalSpy loaded(&review, &ReviewWindow::loaded);
        review.openRun(runDir);
        QVERIFY(loaded.wait(30000));
        QTest::qWait(200);
        shoot(&review, QStringLiteral("reviewwindow") + suffix);
        shoot(m_window.get(), QStringLiteral("mainwindow") + suffix);
    }
    Theme::instance()->setMode(Theme::Mode::Light);
}

QTEST_MAIN(TestPreferences)
#include "tst_preferences.moc"
