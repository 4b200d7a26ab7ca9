// greenlight-cli's own documentation: the verb list, every verb's --help (and help VERB), usage
// errors, the manual page made from the same parsers, and --version naming the commit built.
#include "testsupport.h"

#include "common/buildinfo.h"
#include "common/manpage.h"

#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace greenlight;
using test::ProcessResult;
using test::runCli;

namespace {

QString text(const QByteArray &bytes) { return QString::fromUtf8(bytes); }

// The names in a help's "Verbs:" or "Sub-verbs:" list.
QStringList listedNames(const QString &help, const QString &heading)
{
    QStringList names;
    bool inList = false;
    for (const QString &line : help.split(QLatin1Char('\n'))) {
        if (line == heading) {
            inList = true;
            continue;
        }
        if (inList && !line.startsWith(QStringLiteral("  ")))
            break;
        if (inList)
            names << line.trimmed().section(QLatin1Char(' '), 0, 0);
    }
    return names;
}

// The long options a help's "Options:" list declares ("--json", "--output").
QStringList declaredOptions(const QString &help)
{
    QStringList options;
    for (const ManEntry &e : parseHelpText(help).options) {
        static const QRegularExpression longName(QStringLiteral("--([a-z0-9-]+)"));
        for (const QRegularExpressionMatch &m : longName.globalMatch(e.term))
            if (m.captured(1) != QLatin1String("help"))
                options << m.captured(1);
    }
    return options;
}

// greenlight-cli verbs and their sub-verbs ("ledger list"), as the usage and the helps list them.
QStringList allVerbs()
{
    QStringList all;
    for (const QString &verb : listedNames(text(runCli({QStringLiteral("--help")}).out), QStringLiteral("Verbs:"))) {
        all << verb;
        const QString help = text(runCli({verb, QStringLiteral("--help")}).out);
        for (const QString &sub : listedNames(help, QStringLiteral("Sub-verbs:")))
            all << verb + QLatin1Char(' ') + sub;
    }
    return all;
}

QStringList words(const QString &verb) { return verb.split(QLatin1Char(' ')); }

} // namespace

class TestCliHelp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void usageListsEveryVerb();
    void everyVerbAnswersHelp_data();
    void everyVerbAnswersHelp();
    void unknownOptionIsAUsageError_data();
    void unknownOptionIsAUsageError();
    void unknownVerbs();
    void manPageCoversEveryVerb();
    void manPagePassesGroff();
    void manPageToFile();
    void versionNamesTheCommit();

private:
    QStringList m_verbs;
    QString m_roff;
};

void TestCliHelp::initTestCase()
{
    m_verbs = allVerbs();
    QVERIFY(!m_verbs.isEmpty());
    const ProcessResult r = runCli({QStringLiteral("manpage")});
    QCOMPARE(r.exitCode, 0);
    m_roff = text(r.out);
}

void TestCliHelp::usageListsEveryVerb()
{
    const ProcessResult r = runCli({QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("Usage: greenlight-cli <verb>"));
    const QStringList listed = listedNames(text(r.out), QStringLiteral("Verbs:"));
    for (const char *verb : {"cancel", "codes", "cues", "demo", "gate", "help", "job-run", "ledger", "logs", "manpage",
                             "new-spec", "observe", "probe", "qa", "render", "render-job", "review-export", "runs",
                             "speak", "status", "submit", "tts", "validate"})
        QVERIFY2(listed.contains(QLatin1String(verb)), verb);
    QVERIFY(m_verbs.contains(QStringLiteral("ledger list")));
    QVERIFY(m_verbs.contains(QStringLiteral("cues export")));
    QVERIFY(m_verbs.contains(QStringLiteral("runs prune")));
    // No arguments: the usage, as a usage error.
    const ProcessResult bare = runCli({});
    QCOMPARE(bare.exitCode, 2);
    QCOMPARE(bare.out, r.out);
    QCOMPARE(runCli({QStringLiteral("help")}).out, r.out);
}

void TestCliHelp::everyVerbAnswersHelp_data()
{
    QTest::addColumn<QString>("verb");
    for (const QString &verb : allVerbs())
        QTest::newRow(qPrintable(verb)) << verb;
}

void TestCliHelp::everyVerbAnswersHelp()
{
    QFETCH(QString, verb);
    const ProcessResult r = runCli(words(verb) << QStringLiteral("--help"));
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QString help = text(r.out);
    QVERIFY2(help.startsWith(QStringLiteral("Usage: greenlight-cli ") + verb + QLatin1Char(' '))
                 || help.startsWith(QStringLiteral("Usage: greenlight-cli ") + verb + QLatin1Char('\n')),
             qPrintable(help));
    // A description paragraph, then the options (every verb has at least -h, --help).
    const CommandLineHelp parsed = parseHelpText(help);
    QVERIFY2(!parsed.description.isEmpty(), qPrintable(verb));
    QVERIFY(help.contains(QStringLiteral("\nOptions:\n  -h, --help")));
    for (const ManEntry &argument : parsed.arguments)
        QVERIFY2(!argument.text.isEmpty(), qPrintable(argument.term));

    const ProcessResult shortForm = runCli(words(verb) << QStringLiteral("-h"));
    QCOMPARE(shortForm.exitCode, 0);
    QCOMPARE(shortForm.out, r.out);
    const ProcessResult helpVerb = runCli(QStringList{QStringLiteral("help")} + words(verb));
    QCOMPARE(helpVerb.exitCode, 0);
    QCOMPARE(helpVerb.out, r.out);
}

void TestCliHelp::unknownOptionIsAUsageError_data() { everyVerbAnswersHelp_data(); }

void TestCliHelp::unknownOptionIsAUsageError()
{
    QFETCH(QString, verb);
    const ProcessResult r = runCli(words(verb) << QStringLiteral("--no-such-option"));
    QCOMPARE(r.exitCode, 2);
    const QByteArray prefix = "greenlight-cli " + verb.section(QLatin1Char(' '), 0, 0).toUtf8();
    QVERIFY2(r.err.startsWith(prefix), r.err.constData());
    // ledger append refuses any arguments alike: decisions go through the gate.
    if (verb != QLatin1String("ledger append"))
        QVERIFY2(r.err.contains("no-such-option"), r.err.constData());
}

void TestCliHelp::unknownVerbs()
{
    ProcessResult r = runCli({QStringLiteral("no-such-verb")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("unknown verb 'no-such-verb'"));
    r = runCli({QStringLiteral("help"), QStringLiteral("no-such-verb")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith("greenlight-cli help: "), r.err.constData());
    r = runCli({QStringLiteral("ledger"), QStringLiteral("no-such-sub-verb")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith("greenlight-cli ledger: unknown sub-verb 'no-such-sub-verb'"), r.err.constData());
    // A sub-verb is not a verb of its own.
    QCOMPARE(runCli({QStringLiteral("ledger list")}).exitCode, 2);
}

void TestCliHelp::manPageCoversEveryVerb()
{
    QVERIFY(m_roff.startsWith(QStringLiteral(".TH \"GREENLIGHT\\-CLI\" \"1\" ")));
    for (const char *section : {".SH NAME\n", ".SH SYNOPSIS\n", ".SH DESCRIPTION\n", ".SH \"VERBS\"\n",
                                ".SH \"EXIT STATUS\"\n", ".SH \"ENVIRONMENT\"\n", ".SH \"FILES\"\n", ".SH \"SEE ALSO\"\n"})
        QVERIFY2(m_roff.contains(QLatin1String(section)), section);
    for (const QString &verb : std::as_const(m_verbs)) {
        const QString heading = QStringLiteral(".SS \"") + roffSyntax(QStringLiteral("greenlight-cli ") + verb);
        QVERIFY2(m_roff.contains(heading + QLatin1Char(' ')) || m_roff.contains(heading + QLatin1Char('"')),
                 qPrintable(verb));
    }
    // Each option a verb declares is an entry of its part of the page.
    for (const QString &verb : {QStringLiteral("qa"), QStringLiteral("ledger list"), QStringLiteral("cues export"),
                                QStringLiteral("render")}) {
        const QStringList options = declaredOptions(text(runCli(words(verb) << QStringLiteral("--help")).out));
        QVERIFY2(options.size() >= 3, qPrintable(verb));
        const qsizetype start = m_roff.indexOf(QStringLiteral(".SS \"") + roffSyntax(QStringLiteral("greenlight-cli ") + verb));
        QVERIFY(start >= 0);
        const QString part = m_roff.mid(start, m_roff.indexOf(QStringLiteral("\n.SS "), start + 1) - start);
        for (const QString &option : options)
            QVERIFY2(part.contains(QStringLiteral(".TP\n\\fB\\-\\-") + QString(option).replace(QLatin1Char('-'), QStringLiteral("\\-")))
                         || part.contains(QStringLiteral(", \\fB\\-\\-") + QString(option).replace(QLatin1Char('-'), QStringLiteral("\\-"))),
                     qPrintable(verb + QStringLiteral(" --") + option));
    }
    for (const char *code : {"0", "1", "2", "3", "4"})
        QVERIFY(m_roff.contains(QStringLiteral(".TP\n\\fB") + QLatin1String(code) + QStringLiteral("\\fR\n")));
    QVERIFY(m_roff.contains(QStringLiteral("GREENLIGHT_REVIEWER_API_KEY")));
    QVERIFY(m_roff.contains(QStringLiteral(".BR \"greenlight\" \"(1),\"")));
}

void TestCliHelp::manPagePassesGroff()
{
    if (QStandardPaths::findExecutable(QStringLiteral("groff")).isEmpty())
        QSKIP("groff is not installed (package groff-base)");
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("greenlight-cli.1"));
    QCOMPARE(runCli({QStringLiteral("manpage"), QStringLiteral("--output"), file}).exitCode, 0);
    ProcessResult r = test::run(QStringLiteral("groff"), {QStringLiteral("-man"), QStringLiteral("-Tutf8"),
                                                          QStringLiteral("-ww"), QStringLiteral("-z"), file});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    if (QStandardPaths::findExecutable(QStringLiteral("man")).isEmpty())
        return;
    // lintian's check: man-db's own formatting with every warning on.
    QProcess man;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    env.insert(QStringLiteral("MANROFFSEQ"), QString());
    env.insert(QStringLiteral("MANWIDTH"), QStringLiteral("80"));
    man.setProcessEnvironment(env);
    man.start(QStringLiteral("man"), {QStringLiteral("--warnings"), QStringLiteral("-E"), QStringLiteral("UTF-8"),
                                      QStringLiteral("-l"), QStringLiteral("-Tutf8"), QStringLiteral("-Z"), file});
    QVERIFY(man.waitForFinished(60000));
    QCOMPARE(man.exitCode(), 0);
    const QByteArray warnings = man.readAllStandardError();
    QVERIFY2(warnings.isEmpty(), warnings.constData());
}

void TestCliHelp::manPageToFile()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("page.1"));
    QCOMPARE(runCli({QStringLiteral("manpage"), QStringLiteral("-o"), file}).exitCode, 0);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(f.readAll()), m_roff);
    // Made twice, the same page: nothing in it depends on when or where it is made.
    QCOMPARE(text(runCli({QStringLiteral("manpage")}).out), m_roff);
}

void TestCliHelp::versionNamesTheCommit()
{
    // The commit the build read from the source tree's git, at build time: a commit made since
    // the last configure shows after a plain rebuild. Without git, the one the build was given.
    const QString prefix = QStringLiteral("greenlight-cli ") + QString::fromLatin1(buildinfo::version) + QStringLiteral(" (");
    const ProcessResult version = runCli({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    const QString line = text(version.out);
    QVERIFY2(line.startsWith(prefix) && line.endsWith(QStringLiteral(")\n")), qPrintable(line));
    QCOMPARE(runCli({QStringLiteral("-V")}).out, version.out);
    const QString reported = line.mid(prefix.size()).chopped(2);

    // The CLI and this test come from the same build, so they name the same commit.
    QCOMPARE(reported, QString::fromLatin1(buildinfo::commit));

    const auto git = [](const QStringList &args) {
        const ProcessResult r = test::run(QStringLiteral("git"), QStringList{QStringLiteral("-C"), test::sourceDir()} + args);
        return r.exitCode == 0 ? text(r.out).trimmed() : QString();
    };
    // What the build step writes now, from this source tree, and given a commit (no git).
    const auto buildInfoNow = [](const QStringList &extra) {
        QTemporaryDir dir;
        const QString header = dir.path() + QStringLiteral("/buildinfo.h");
        const ProcessResult r = test::run(
            QStringLiteral("cmake"),
            QStringList{QStringLiteral("-DSOURCE_DIR=") + test::sourceDir(),
                        QStringLiteral("-DINPUT=") + test::sourceDir() + QStringLiteral("/core/common/buildinfo.h.in"),
                        QStringLiteral("-DOUTPUT=") + header, QStringLiteral("-DPROJECT_VERSION=9.9.9")}
                + extra
                + QStringList{QStringLiteral("-P"), test::sourceDir() + QStringLiteral("/core/common/buildinfo.cmake")});
        QFile f(header);
        return r.exitCode == 0 && f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    };
    if (QStandardPaths::findExecutable(QStringLiteral("cmake")).isEmpty())
        QSKIP("cmake is not installed");
    QVERIFY(buildInfoNow({QStringLiteral("-DGREENLIGHT_GIT_COMMIT=0123456789ab")}).contains(QStringLiteral("\"0123456789ab\"")));

    const QString top = git({QStringLiteral("rev-parse"), QStringLiteral("--show-toplevel")});
    const QString head = git({QStringLiteral("rev-parse"), QStringLiteral("--short=12"), QStringLiteral("HEAD")});
    if (top.isEmpty() || head.isEmpty()
        || QFileInfo(top).canonicalFilePath() != QFileInfo(test::sourceDir()).canonicalFilePath())
        return; // not a checkout of its own: the commit is the one the build was given
    // A rebuild now reads the current HEAD, whatever was configured: --version never goes stale.
    QVERIFY(buildInfoNow({}).contains(QLatin1Char('"') + head + QLatin1Char('"')));
    // And the commit this build names is HEAD or one before it (the tree may have moved on
    // since the build started).
    const ProcessResult ancestor = test::run(QStringLiteral("git"),
                                             {QStringLiteral("-C"), test::sourceDir(), QStringLiteral("merge-base"),
                                              QStringLiteral("--is-ancestor"), reported, QStringLiteral("HEAD")});
    QVERIFY2(ancestor.exitCode == 0, qPrintable(QStringLiteral("--version names ") + reported +
                                                QStringLiteral(", not HEAD (") + head +
                                                QStringLiteral(") or an earlier commit")));
}

QTEST_GUILESS_MAIN(TestCliHelp)
#include "tst_clihelp.moc"
