// The desktop integration files as the desktop reads them: the spec MIME type through the
// shared-mime-info database (what file managers use to pick Greenlight on double-click), the
// .desktop entry and the AppStream metadata through their validators. Needs no root.
#include "testsupport.h"

#include <QMimeDatabase>
#include <QStandardPaths>
#include <QTemporaryDir>

class TestDesktopFiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void specFilesHaveTheirOwnType();
    void desktopEntryIsValid();
    void desktopEntryOpensSpecsAndTheDemo();
    void appStreamMetadataIsValid();

private:
    QString desktopDir() const { return greenlight::test::sourceDir() + QStringLiteral("/packaging/desktop"); }
    QTemporaryDir m_data;
};

void TestDesktopFiles::initTestCase()
{
    // A private MIME database with the system's types plus ours, built by the same program the
    // package's dpkg trigger runs.
    QVERIFY(m_data.isValid());
    const QString packages = m_data.path() + QStringLiteral("/mime/packages");
    QVERIFY(QDir().mkpath(packages));
    QVERIFY(QFile::copy(desktopDir() + QStringLiteral("/io.greenlight.Greenlight.mime.xml"),
                        packages + QStringLiteral("/io.greenlight.Greenlight.xml")));
    if (QStandardPaths::findExecutable(QStringLiteral("update-mime-database")).isEmpty())
        QSKIP("update-mime-database (shared-mime-info) is not installed");
    const auto update = greenlight::test::run(QStringLiteral("update-mime-database"), {m_data.path() + QStringLiteral("/mime")});
    QVERIFY2(update.exitCode == 0, update.err.constData());
    // Read before the first QMimeDatabase use.
    qputenv("XDG_DATA_DIRS", QFile::encodeName(m_data.path()) + ":/usr/local/share:/usr/share");
}

void TestDesktopFiles::specFilesHaveTheirOwnType()
{
    const QMimeDatabase db;
    const QMimeType spec = db.mimeTypeForFile(QStringLiteral("feature-explainer.greenlight.json"),
                                              QMimeDatabase::MatchExtension);
    QCOMPARE(spec.name(), QStringLiteral("application/x-greenlight-spec"));
    QVERIFY(spec.inherits(QStringLiteral("application/json")));
    QCOMPARE(spec.comment(), QStringLiteral("Greenlight video spec"));
    // Plain JSON stays JSON: Greenlight does not claim every .json file.
    QCOMPARE(db.mimeTypeForFile(QStringLiteral("package.json"), QMimeDatabase::MatchExtension).name(),
             QStringLiteral("application/json"));
    // The demo's specs, by name and content, are specs.
    const QDir specs(greenlight::test::sourceDir() + QStringLiteral("/resources/demo/specs"));
    const QStringList files = specs.entryList({QStringLiteral("*.json")}, QDir::Files);
    QVERIFY(!files.isEmpty());
    for (const QString &file : files)
        QCOMPARE(db.mimeTypeForFile(specs.filePath(file)).name(), QStringLiteral("application/x-greenlight-spec"));
    // Content alone (a spec saved without the extension) is recognised too.
    QFile demo(specs.filePath(files.constFirst()));
    QVERIFY(demo.open(QIODevice::ReadOnly));
    QCOMPARE(db.mimeTypeForData(demo.readAll()).name(), QStringLiteral("application/x-greenlight-spec"));
    QCOMPARE(db.mimeTypeForData(QByteArray("{\"name\": \"x\", \"version\": 1}")).name() ==
                 QStringLiteral("application/x-greenlight-spec"),
             false);
}

void TestDesktopFiles::desktopEntryIsValid()
{
    if (QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate")).isEmpty())
        QSKIP("desktop-file-validate (desktop-file-utils) is not installed");
    const auto result = greenlight::test::run(QStringLiteral("desktop-file-validate"),
                                              {desktopDir() + QStringLiteral("/io.greenlight.Greenlight.desktop")});
    QVERIFY2(result.exitCode == 0 && result.out.trimmed().isEmpty(), result.out.constData());
}

void TestDesktopFiles::desktopEntryOpensSpecsAndTheDemo()
{
    QFile file(desktopDir() + QStringLiteral("/io.greenlight.Greenlight.desktop"));
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QString text = QString::fromUtf8(file.readAll());
    // Double-click passes one file; the MIME type is the one the database above defines.
    QVERIFY(text.contains(QStringLiteral("\nExec=greenlight %f\n")));
    QVERIFY(text.contains(QStringLiteral("\nMimeType=application/x-greenlight-spec;\n")));
    QVERIFY(text.contains(QStringLiteral("\nIcon=io.greenlight.Greenlight\n")));
    QVERIFY(text.contains(QStringLiteral("[Desktop Action open-demo]\nName=Open Demo Project\nExec=greenlight --demo\n")));
}

void TestDesktopFiles::appStreamMetadataIsValid()
{
    if (QStandardPaths::findExecutable(QStringLiteral("appstreamcli")).isEmpty())
        QSKIP("appstreamcli (appstream) is not installed");
    const auto result = greenlight::test::run(
        QStringLiteral("appstreamcli"),
        {QStringLiteral("validate"), QStringLiteral("--no-net"), desktopDir() + QStringLiteral("/io.greenlight.Greenlight.metainfo.xml")});
    QVERIFY2(result.exitCode == 0, result.out.constData());
    // The release listed first is this build's version.
    QFile file(desktopDir() + QStringLiteral("/io.greenlight.Greenlight.metainfo.xml"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("<release version=\"" GREENLIGHT_VERSION "\""));
}

QTEST_MAIN(TestDesktopFiles)
#include "tst_desktopfiles.moc"
