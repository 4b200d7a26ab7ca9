#include "runs/runinspector.h"

#include "runs/runhistorymodel.h"

#include "displayformat.h"

#include "common/jsonio.h"
#include "run/runrecord.h"

#include <QBrush>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace greenlight {

namespace {

constexpr qint64 kMaxTextFile_bytes = 4 * 1024 * 1024;

QString readText(const QString &path, const QString &missing)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return missing;
    QString text = QString::fromUtf8(f.read(kMaxTextFile_bytes));
    if (!f.atEnd())
        text += QStringLiteral("\n\u2026 (%1 more bytes not shown)").arg(f.size() - kMaxTextFile_bytes);
    return text;
}

QPlainTextEdit *makeTextView(QWidget *parent, const QString &objectName)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(objectName);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFont(QStringLiteral("monospace")));
    return view;
}

QTableWidget *makeTable(QWidget *parent, const QString &objectName, const QStringList &headers)
{
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setObjectName(objectName);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideMiddle);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    return table;
}

QTableWidgetItem *cell(const QString &text, const QString &tip = {})
{
    auto *item = new QTableWidgetItem(text);
    item->setToolTip(tip.isEmpty() ? text : tip);
    return item;
}

} // namespace

RunInspector::RunInspector(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("runInspector"));
    setWindowTitle(tr("Run Inspector"));
    resize(960, 600);
    m_title = new QLabel(this);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(makeSummaryTab(), tr("Summary"));
    m_tabs->addTab(makeAttemptsTab(), tr("Attempts"));
    m_tabs->addTab(makeArtifactsTab(), tr("Artifacts"));
    m_props = addTextTab(tr("Props"), QStringLiteral("propsView"));
    m_plan = addTextTab(tr("Plan"), QStringLiteral("planView"));
    m_warnings = addTextTab(tr("Warnings"), QStringLiteral("warningsView"));
    m_tabs->addTab(makeLogsTab(), tr("Logs"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_reviewButton = buttons->addButton(tr("Open in &Review Desk"), QDialogButtonBox::ActionRole);
    m_reviewButton->setObjectName(QStringLiteral("openInReviewButton"));
    m_revealButton = buttons->addButton(tr("Reveal &Folder"), QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    connect(m_reviewButton, &QPushButton::clicked, this, [this] { Q_EMIT reviewRequested(m_runDir); });
    connect(m_revealButton, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(m_runDir)); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
    connect(&m_verify, &QFutureWatcherBase::finished, this, [this] { showVerification(m_verify.result()); });
}

RunInspector::~RunInspector()
{
    m_verify.waitForFinished(); // hashing only reads the folder; it ends by itself
}

QWidget *RunInspector::makeSummaryTab()
{
    auto *split = new QSplitter(Qt::Horizontal);
    auto *form = new QWidget(split);
    m_summary = new QFormLayout(form);
    m_summary->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_rawRun = makeTextView(split, QStringLiteral("runJsonView"));
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    return split;
}

QWidget *RunInspector::makeAttemptsTab()
{
    m_attempts = makeTable(nullptr, QStringLiteral("attemptsTable"),
                           {tr("#"), tr("Runtime class"), tr("Engine"), tr("Status"), tr("Error code"), tr("Error"),
                            tr("Retry reason"), tr("Started"), tr("Ended"), tr("Host")});
    return m_attempts;
}

QWidget *RunInspector::makeArtifactsTab()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *row = new QHBoxLayout;
    m_verifyLabel = new QLabel(tr("Not verified yet."), page);
    m_verifyLabel->setObjectName(QStringLiteral("verifyLabel"));
    m_verifyButton = new QPushButton(tr("&Verify Now"), page);
    m_verifyButton->setObjectName(QStringLiteral("verifyButton"));
    m_verifyButton->setToolTip(tr("Hash every file of the run folder and compare with manifest.json"));
    row->addWidget(m_verifyLabel, 1);
    row->addWidget(m_verifyButton);
    m_artifacts = makeTable(page, QStringLiteral("artifactsTable"),
                            {tr("Path"), tr("Check"), tr("Role"), tr("Media type"), tr("Size"), tr("sha256")});
    m_artifacts->horizontalHeader()->setStretchLastSection(false);
    m_artifacts->horizontalHeader()->setSectionResizeMode(ShaColumn, QHeaderView::Stretch);
    layout->addLayout(row);
    layout->addWidget(m_artifacts, 1);
    connect(m_verifyButton, &QPushButton::clicked, this, &RunInspector::verifyNow);
    return page;
}

QWidget *RunInspector::makeLogsTab()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    m_logChoice = new QComboBox(page);
    m_logChoice->setObjectName(QStringLiteral("logChoice"));
    m_logText = makeTextView(page, QStringLiteral("logView"));
    layout->addWidget(m_logChoice);
    layout->addWidget(m_logText, 1);
    connect(m_logChoice, &QComboBox::currentIndexChanged, this,
            [this] { showLog(m_logChoice->currentData().toString()); });
    return page;
}

QPlainTextEdit *RunInspector::addTextTab(const QString &title, const QString &objectName)
{
    QPlainTextEdit *view = makeTextView(m_tabs, objectName);
    m_tabs->addTab(view, title);
    return view;
}

void RunInspector::openRun(const QString &runDir)
{
    m_runDir = QDir(runDir).absolutePath();
    setWindowTitle(tr("Run %1 \u2014 Inspector").arg(QFileInfo(m_runDir).fileName()));
    const auto file = [this](const QString &name) -> QString { return m_runDir + QLatin1Char('/') + name; };
    fillSummary(readText(file(QStringLiteral("run.json")), QString()));
    m_props->setPlainText(readText(file(QStringLiteral("props.json")), tr("(this run has no props.json)")));
    m_plan->setPlainText(readText(file(QStringLiteral("plan.json")), tr("(this run has no plan.json)")));
    m_warnings->setPlainText(readText(file(QStringLiteral("warnings.json")), tr("(this run has no warnings.json)")));
    fillArtifacts();
    const QSignalBlocker block(m_logChoice);
    m_logChoice->clear();
    const QDir logs(file(QStringLiteral("logs")));
    for (const QString &name : logs.entryList(QDir::Files, QDir::Name)) {
        const QString rel = QStringLiteral("logs/") + name;
        m_logChoice->addItem(rel, rel);
    }
    showLog(m_logChoice->currentData().toString());
}

void RunInspector::fillSummary(const QString &runJsonText)
{
    while (m_summary->rowCount() > 0)
        m_summary->removeRow(0);
    m_rawRun->setPlainText(runJsonText.isEmpty() ? tr("(no run.json)") : runJsonText);
    m_attempts->setRowCount(0);
    Result<RunRecord> loaded = loadRunRecord(m_runDir + QStringLiteral("/run.json"));
    if (!loaded) {
        m_title->setText(tr("<b>%1</b> \u2014 run.json cannot be read").arg(QFileInfo(m_runDir).fileName().toHtmlEscaped()));
        m_summary->addRow(tr("Problem:"), new QLabel(loaded.error().toString()));
        m_reviewButton->setEnabled(false);
        return;
    }
    const RunRecord &r = *loaded;
    const QString kind = r.kind == RunKind::Render ? tr("render") : tr("narration");
    m_title->setText(QStringLiteral("<b>%1</b> \u2014 %2 \u00b7 %3 \u00b7 %4 \u00b7 %5")
                         .arg(r.id.toHtmlEscaped(), kind, toString(r.status), toString(r.runtimeClass), r.engineName.toHtmlEscaped()));
    const auto row = [this](const QString &label, const QString &value) {
        auto *l = new QLabel(value);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setWordWrap(true);
        m_summary->addRow(label, l);
    };
    row(tr("Run:"), r.id);
    row(tr("Kind:"), kind);
    row(tr("Status:"), toString(r.status));
    row(tr("Spec:"), QStringLiteral("%1 [%2]").arg(r.spec.path, r.spec.variant.isEmpty() ? QStringLiteral("base") : r.spec.variant));
    row(tr("Runtime class:"), toString(r.runtimeClass));
    row(tr("Engine:"), r.engineVersion.isEmpty() ? r.engineName : QStringLiteral("%1 %2").arg(r.engineName, r.engineVersion));
    row(tr("Started:"), r.startedAt.isEmpty() ? r.createdAt : r.startedAt);
    row(tr("Ended:"), r.endedAt.isEmpty() ? tr("(not ended)") : r.endedAt);
    if (!r.startedAt.isEmpty() && !r.endedAt.isEmpty())
        row(tr("Duration:"), RunHistoryModel::durationText(RunSummary::fromRecord(m_runDir, r).duration_ms));
    if (r.media)
        row(tr("Media:"), tr("%1\u00d7%2, %3 frames at %4 fps")
                              .arg(r.media->width).arg(r.media->height).arg(r.media->durationFrames)
                              .arg(DisplayFormat::frameRate(r.media->fps)));
    for (const RunInput &input : r.inputs)
        if (input.role == QLatin1String("narration-audio"))
            row(tr("Narration:"), input.path);
    row(tr("Attempts:"), QString::number(r.attempts.size()));
    RunSummary summary = RunSummary::fromRecord(m_runDir, r);
    row(tr("QA:"), RunHistoryModel::qaText(summary));
    if (const std::optional<Error> e = r.lastError(); e && r.status != RunStatus::Succeeded)
        row(tr("Error:"), e->code.isEmpty() ? e->message : QStringLiteral("%1 (%2)").arg(e->message, e->code));
    row(tr("Host:"), r.provenance.host);
    row(tr("App:"), QStringLiteral("%1 %2").arg(r.provenance.appVersion, r.provenance.appCommit));
    m_reviewButton->setEnabled(summary.hasOutputVideo());
    m_reviewButton->setToolTip(summary.hasOutputVideo() ? tr("Open output.mp4 in the review desk")
                                                        : tr("Only a succeeded render with its output can be reviewed"));

    // Narration attempts name their class and engine in the reason: "segment x [class/engine]: ...".
    static const QRegularExpression servedBy(QStringLiteral("\\[([a-z-]+)/([^\\]]+)\\]"));
    m_attempts->setRowCount(int(r.attempts.size()));
    for (qsizetype i = 0; i < r.attempts.size(); ++i) {
        const RunAttempt &a = r.attempts.at(i);
        const QRegularExpressionMatch m = servedBy.match(a.retryReason);
        const int rowIndex = int(i);
        m_attempts->setItem(rowIndex, 0, cell(QString::number(a.number)));
        m_attempts->setItem(rowIndex, 1, cell(m.hasMatch() ? m.captured(1) : toString(r.runtimeClass)));
        m_attempts->setItem(rowIndex, 2, cell(m.hasMatch() ? m.captured(2) : r.engineName));
        auto *status = cell(toString(a.outcome));
        if (a.outcome == RunStatus::Failed)
            status->setForeground(QBrush(QColor(0xc0, 0x39, 0x2b)));
        m_attempts->setItem(rowIndex, 3, status);
        m_attempts->setItem(rowIndex, 4, cell(a.error ? a.error->code : QString()));
        m_attempts->setItem(rowIndex, 5, cell(a.error ? a.error->message : QString()));
        m_attempts->setItem(rowIndex, 6, cell(a.retryReason));
        m_attempts->setItem(rowIndex, 7, cell(a.startedAt));
        m_attempts->setItem(rowIndex, 8, cell(a.endedAt));
        m_attempts->setItem(rowIndex, 9, cell(a.host));
    }
    m_attempts->resizeColumnsToContents();
}

void RunInspector::fillArtifacts()
{
    m_artifacts->setRowCount(0);
    m_verifyLabel->setText(tr("Not verified yet."));
    Result<Json> json = readJsonFile(m_runDir + QLatin1Char('/') + QLatin1String(Manifest::fileName));
    Result<Manifest> manifest = json ? Manifest::fromJson(*json) : Result<Manifest>(json.error());
    if (!manifest) {
        m_verifyLabel->setText(tr("No readable manifest.json: %1").arg(manifest.error().toString()));
        m_verifyButton->setEnabled(QFileInfo::exists(m_runDir + QStringLiteral("/run.json")));
        return;
    }
    m_verifyButton->setEnabled(true);
    const QLocale locale;
    m_artifacts->setRowCount(int(manifest->files.size()));
    for (qsizetype i = 0; i < manifest->files.size(); ++i) {
        const ManifestEntry &e = manifest->files.at(i);
        const int row = int(i);
        m_artifacts->setItem(row, PathColumn, cell(e.path));
        m_artifacts->setItem(row, RoleColumn, cell(e.role));
        m_artifacts->setItem(row, TypeColumn, cell(e.mediaType));
        auto *size = cell(locale.formattedDataSize(e.bytes), tr("%1 bytes").arg(e.bytes));
        size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_artifacts->setItem(row, BytesColumn, size);
        auto *sha = cell(e.sha256);
        sha->setFont(QFont(QStringLiteral("monospace")));
        m_artifacts->setItem(row, ShaColumn, sha);
        m_artifacts->setItem(row, CheckColumn, cell(QString()));
    }
    m_artifacts->resizeColumnsToContents();
}

void RunInspector::verifyNow()
{
    if (m_runDir.isEmpty() || m_verify.isRunning())
        return;
    m_verifyButton->setEnabled(false);
    m_verifyLabel->setText(tr("Verifying every file against manifest.json\u2026"));
    const QString dir = m_runDir;
    m_verify.setFuture(QtConcurrent::run([dir] { return verifyManifest(dir); }));
}

QString RunInspector::artifactCheck(const QString &path) const
{
    for (int row = 0; row < m_artifacts->rowCount(); ++row)
        if (m_artifacts->item(row, PathColumn) && m_artifacts->item(row, PathColumn)->text() == path)
            return m_artifacts->item(row, CheckColumn) ? m_artifacts->item(row, CheckColumn)->text() : QString();
    return {};
}

void RunInspector::showVerification(const QList<ManifestProblem> &problems)
{
    m_verifyButton->setEnabled(true);
    QHash<QString, ManifestProblem::Kind> byPath;
    QString unreadableManifest;
    for (const ManifestProblem &p : problems) {
        if (p.kind == ManifestProblem::Kind::ManifestUnreadable)
            unreadableManifest = p.message;
        else
            byPath.insert(p.path, p.kind);
    }
    const QColor good(0x2e, 0x7d, 0x32);
    const QColor bad(0xc0, 0x39, 0x2b);
    const auto mark = [&](int row, const QString &text, const QColor &color, const QString &tip) {
        auto *item = cell(text, tip);
        item->setForeground(QBrush(color));
        m_artifacts->setItem(row, CheckColumn, item);
    };
    for (int row = 0; row < m_artifacts->rowCount(); ++row) {
        const QString path = m_artifacts->item(row, PathColumn)->text();
        const auto it = byPath.constFind(path);
        if (it == byPath.constEnd()) {
            mark(row, tr("ok"), good, tr("size and sha256 match the manifest"));
            continue;
        }
        const ManifestProblem &p = *std::find_if(problems.begin(), problems.end(),
                                                  [&](const ManifestProblem &q) { return q.path == path; });
        switch (it.value()) {
        case ManifestProblem::Kind::Missing: mark(row, tr("missing"), bad, p.message); break;
        case ManifestProblem::Kind::Unreadable: mark(row, tr("unreadable"), bad, p.message); break;
        default: mark(row, tr("mismatch"), bad, p.message); break;
        }
    }
    for (const ManifestProblem &p : problems) {
        if (p.kind != ManifestProblem::Kind::Unlisted)
            continue;
        const int row = m_artifacts->rowCount();
        m_artifacts->insertRow(row);
        m_artifacts->setItem(row, PathColumn, cell(p.path));
        for (int c = RoleColumn; c < ArtifactColumnCount; ++c)
            m_artifacts->setItem(row, c, cell(QString()));
        mark(row, tr("unlisted"), bad, p.message);
    }
    m_artifacts->resizeColumnToContents(CheckColumn);
    for (int row = 0; row < m_artifacts->rowCount(); ++row) {
        if (m_artifacts->item(row, CheckColumn)->text() != tr("ok")) {
            m_artifacts->scrollToItem(m_artifacts->item(row, PathColumn));
            break;
        }
    }
    if (!unreadableManifest.isEmpty())
        m_verifyLabel->setText(tr("The manifest cannot be read: %1").arg(unreadableManifest));
    else if (problems.isEmpty())
        m_verifyLabel->setText(tr("Verified: every file matches manifest.json."));
    else
        m_verifyLabel->setText(tr("%n problem(s): the folder does not match manifest.json.", nullptr, int(problems.size())));
    Q_EMIT verified(int(problems.size()));
}

void RunInspector::showLog(const QString &relativePath)
{
    m_logText->setPlainText(relativePath.isEmpty() ? tr("(this run has no logs)")
                                                   : readText(m_runDir + QLatin1Char('/') + relativePath, QString()));
}

} // namespace greenlight
