// The roff writer behind the manual pages: escaping, syntax typesetting, page structure, and
// reading QCommandLineParser's help back into options and arguments.
#include "testsupport.h"

#include "common/manpage.h"

#include <QCommandLineParser>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace greenlight;

class TestManPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escaping_data();
    void escaping();
    void syntax_data();
    void syntax();
    void pageStructure();
    void paragraphsAndTables();
    void helpTextReadBack();
    void pageFromParser();
    void groffAcceptsAwkwardText();
};

void TestManPage::escaping_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("roff");
    QTest::newRow("plain") << QStringLiteral("plain words") << QStringLiteral("plain words");
    QTest::newRow("minus") << QStringLiteral("--json and a-b") << QStringLiteral("\\-\\-json and a\\-b");
    QTest::newRow("backslash") << QStringLiteral("C:\\dir\\fB") << QStringLiteral("C:\\edir\\efB");
    QTest::newRow("leading dot") << QStringLiteral(".SH not a macro") << QStringLiteral("\\&.SH not a macro");
    QTest::newRow("leading quote") << QStringLiteral("'br not a request") << QStringLiteral("\\&'br not a request");
    QTest::newRow("inner dot and quote") << QStringLiteral("a.b 'c'") << QStringLiteral("a.b 'c'");
    QTest::newRow("leading spaces") << QStringLiteral("   .x") << QStringLiteral("\\&.x");
    QTest::newRow("backquote") << QStringLiteral("`make run`") << QStringLiteral("\\(gamake run\\(ga");
    QTest::newRow("non-ASCII") << QString::fromUtf8("caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x8e\xac")
                               << QStringLiteral("caf\\[u00E9] \\[u2014] \\[u1F3AC]");
    QTest::newRow("control characters") << QStringLiteral("a\tb\x01") << QStringLiteral("a b");
}

void TestManPage::escaping()
{
    QFETCH(QString, text);
    QFETCH(QString, roff);
    QCOMPARE(roffEscape(text), roff);
}

void TestManPage::syntax_data()
{
    QTest::addColumn<QString>("syntax");
    QTest::addColumn<QString>("roff");
    QTest::newRow("option with value") << QStringLiteral("-o, --output <file>")
                                       << QStringLiteral("\\fB\\-o\\fR, \\fB\\-\\-output\\fR \\fIfile\\fR");
    QTest::newRow("usage") << QStringLiteral("greenlight-cli qa [options] <video-or-run-folder>")
                           << QStringLiteral("\\fBgreenlight\\-cli\\fR \\fBqa\\fR [\\fIoptions\\fR] "
                                             "\\fIvideo\\-or\\-run\\-folder\\fR");
    QTest::newRow("placeholders") << QStringLiteral("--fps N/D [JOB]")
                                  << QStringLiteral("\\fB\\-\\-fps\\fR \\fIN/D\\fR [\\fIJOB\\fR]");
    QTest::newRow("alternatives") << QStringLiteral("<action> [ID|FILE]")
                                  << QStringLiteral("\\fIaction\\fR [\\fIID\\fR|\\fIFILE\\fR]");
    QTest::newRow("variable") << QStringLiteral("GREENLIGHT_ROLE") << QStringLiteral("\\fBGREENLIGHT_ROLE\\fR");
}

void TestManPage::syntax()
{
    QFETCH(QString, syntax);
    QFETCH(QString, roff);
    QCOMPARE(roffSyntax(syntax), roff);
}

void TestManPage::pageStructure()
{
    ManPage page;
    page.name = QStringLiteral("tool");
    page.date = QStringLiteral("2024-05-01");
    page.source = QStringLiteral("Tool 1.0");
    page.manual = QStringLiteral("User Commands");
    page.summary = QStringLiteral("does \"things\"");
    page.synopsis = {QStringLiteral("tool [options] <file>"), QStringLiteral("tool --version")};
    page.description = QStringLiteral("First paragraph.\nSecond one.");
    page.sections.append({QStringLiteral("OPTIONS"),
                          {{{}, {}, {{QStringLiteral("--json"), QStringLiteral("Print JSON.")}}}}});
    page.seeAlso = {QStringLiteral("other(1)"), QStringLiteral("more(5)")};
    const QString roff = toRoff(page);
    QCOMPARE(roff,
             QStringLiteral(".TH \"TOOL\" \"1\" \"2024\\-05\\-01\" \"Tool 1.0\" \"User Commands\"\n"
                            ".nh\n"
                            ".SH NAME\ntool \\- does \"things\"\n"
                            ".SH SYNOPSIS\n\\fBtool\\fR [\\fIoptions\\fR] \\fIfile\\fR\n.br\n\\fBtool\\fR \\fB\\-\\-version\\fR\n"
                            ".SH DESCRIPTION\nFirst paragraph.\n.PP\nSecond one.\n"
                            ".SH \"OPTIONS\"\n.TP\n\\fB\\-\\-json\\fR\nPrint JSON.\n"
                            ".SH \"SEE ALSO\"\n.BR \"other\" \"(1),\"\n.BR \"more\" \"(5)\"\n"));
    // A quote in a macro argument cannot end it early.
    page.sections = {{QStringLiteral("SAY \"HI\""), {}}};
    QVERIFY(toRoff(page).contains(QStringLiteral(".SH \"SAY \\(dqHI\\(dq\"\n")));
}

void TestManPage::paragraphsAndTables()
{
    ManPage page;
    page.name = QStringLiteral("tool");
    // A hand-wrapped sentence stays one paragraph; an indented table keeps its lines.
    page.description = QStringLiteral("A sentence wrapped\nby hand. Next.\n  add   --x A\n  list  [--json]\nAfter.");
    const QString roff = toRoff(page);
    QVERIFY2(roff.contains(QStringLiteral(".SH DESCRIPTION\nA sentence wrapped\nby hand. Next.\n.PP\n.RS 2\n.nf\n"
                                          "add   \\-\\-x A\nlist  [\\-\\-json]\n.fi\n.RE\n.PP\nAfter.\n")),
             qPrintable(roff));
}

void TestManPage::helpTextReadBack()
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("What it does.\nExit 0 ok."));
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Output file."), QStringLiteral("file")});
    const QString longText = QStringLiteral("A description long enough to be wrapped by QCommandLineParser onto "
                                            "several lines of its help, which must come back as one text.");
    parser.addOption({QStringLiteral("long-description"), longText});
    parser.addOption({QStringLiteral("bare"), QString()});
    parser.addPositionalArgument(QStringLiteral("spec"), QStringLiteral("The spec."), QStringLiteral("<spec>"));
    parser.addPositionalArgument(QStringLiteral("more"), QStringLiteral("More files."), QStringLiteral("[more...]"));
    QVERIFY(parser.helpText().count(QLatin1Char('\n')) > 10); // the long text was wrapped

    const CommandLineHelp help = commandLineHelp(parser);
    QCOMPARE(help.usage, QStringLiteral("[options] <spec> [more...]"));
    QCOMPARE(help.description, QStringLiteral("What it does.\nExit 0 ok."));
    QCOMPARE(help.options.size(), 3);
    QCOMPARE(help.options.at(0).term, QStringLiteral("-o, --output <file>"));
    QCOMPARE(help.options.at(0).text, QStringLiteral("Output file."));
    QCOMPARE(help.options.at(1).term, QStringLiteral("--long-description"));
    QCOMPARE(help.options.at(1).text, longText);
    QCOMPARE(help.options.at(2).term, QStringLiteral("--bare"));
    QCOMPARE(help.options.at(2).text, QString());
    QCOMPARE(help.arguments.size(), 2);
    QCOMPARE(help.arguments.at(0).term, QStringLiteral("<spec>"));
    QCOMPARE(help.arguments.at(1).text, QStringLiteral("More files."));
}

void TestManPage::pageFromParser()
{
    // The desk's command line, as its main() declares it.
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Greenlight review desk"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("Project folder or spec file to open."),
                                 QStringLiteral("[project]"));
    parser.addOption({QStringLiteral("review"), QStringLiteral("Open this run folder."), QStringLiteral("run")});
    QCommandLineOption hidden(QStringLiteral("man-page"), QStringLiteral("Write the manual page."));
    hidden.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(hidden);

    const ManPage page = manPageFromParser(parser, QStringLiteral("greenlight"), QStringLiteral("review desk"));
    QCOMPARE(page.synopsis, QStringList{QStringLiteral("greenlight [options] [project]")});
    QCOMPARE(page.description, QStringLiteral("Greenlight review desk"));
    QVERIFY(page.source.startsWith(QStringLiteral("Greenlight ")));
    const QString roff = toRoff(page);
    QVERIFY(roff.contains(QStringLiteral(".SH \"OPTIONS\"\n")));
    QVERIFY(roff.contains(QStringLiteral(".TP\n\\fB\\-\\-review\\fR \\fIrun\\fR\nOpen this run folder.\n")));
    QVERIFY(roff.contains(QStringLiteral(".TP\n\\fB\\-v\\fR, \\fB\\-\\-version\\fR\n")));
    QVERIFY(roff.contains(QStringLiteral(".SH \"ARGUMENTS\"\n.TP\n\\fIproject\\fR\n")));
    QVERIFY(!roff.contains(QStringLiteral("man\\-page")));
}

void TestManPage::groffAcceptsAwkwardText()
{
    if (QStandardPaths::findExecutable(QStringLiteral("groff")).isEmpty())
        QSKIP("groff is not installed (package groff-base)");
    ManPage page;
    page.name = QStringLiteral("tool");
    page.section = QStringLiteral("1");
    page.summary = QStringLiteral("test page");
    page.synopsis = {QStringLiteral("tool [options] <file>")};
    page.description = QString::fromUtf8(".starts with a dot\n'starts with a quote\nback\\slash \\fB and "
                                         "\"quotes\" \xe2\x80\x94 caf\xc3\xa9\n  an inset line");
    page.sections.append({QStringLiteral("OPTIONS"),
                          {{QStringLiteral("tool sub <x>"), QStringLiteral(".TP"),
                            {{QStringLiteral("-o, --output <file>"), QStringLiteral(".br\n'quote")},
                             {QStringLiteral("--empty"), QString()}}}}});
    page.seeAlso = {QStringLiteral("other(1)")};
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("tool.1")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(toRoff(page).toUtf8());
    file.close();
    const test::ProcessResult r = test::run(QStringLiteral("groff"), {QStringLiteral("-man"), QStringLiteral("-Tutf8"),
                                                                      QStringLiteral("-ww"), file.fileName()});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QString shown = QString::fromUtf8(r.out).simplified(); // filled and adjusted: compare words
    QVERIFY(shown.contains(QStringLiteral(".starts with a dot")));
    QVERIFY(shown.contains(QStringLiteral("back\\slash \\fB")));
    QVERIFY(shown.contains(QString::fromUtf8("caf\xc3\xa9")));
}

QTEST_GUILESS_MAIN(TestManPage)
#include "tst_manpage.moc"
