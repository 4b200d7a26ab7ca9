#include "review/reviewwindow.h"

#include "review/audioplayer.h"
#include "review/gatepanel.h"
#include "review/ledgerbrowser.h"
#include "review/reviewfindingspanel.h"
#include "review/timelinecontent.h"
#include "review/timelinewidget.h"
#include "review/reviewshortcuts.h"
#include "review/transport.h"
#include "settings.h"

#include "review/reviewsession.h"
#include "gate/gate.h"
#include "ledger/ledger.h"
#include "media/framedecoder.h"
#include "media/frameindex.h"
#include "media/frameserver.h"
#include "run/runrecord.h"
#include "runbook/runbook.h"

#include <QAction>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>

namespace greenlight {

namespace {

struct Loaded
{
    std::shared_ptr<ReviewSession> session;
    std::shared_ptr<const FrameIndex> index;
    QString error;
};

// Session and frame index, built off the GUI thread.
Loaded loadRun(const QString &runDir)
{
    Loaded out;
    auto session = ReviewSession::open(runDir);
    if (!session) {
        out.error = session.error().toString();
        return out;
    }
    out.session = std::make_shared<ReviewSession>(std::move(*session));
    if (!out.session->videoPath().isEmpty()) {
        auto index = FrameIndex::load(out.session->videoPath());
        if (!index)
            out.error = index.error().toString();
        else
            out.index = std::make_shared<const FrameIndex>(std::move(*index));
    } else {
        out.error = QObject::tr("run %1 has no video to review").arg(out.session->run().id);
    }
    return out;
}

QColor severityColor(Severity s)
{
    switch (s) {
    case Severity::Blocker: return QColor(0xd6, 0x3b, 0x3b);
    case Severity::Warning: return QColor(0xd9, 0x8a, 0x1c);
    case Severity::Info: return QColor(0x2f, 0x7f, 0xc1);
    }
    return Qt::gray;
}

// Index of the UTF-16 code unit where code point `cp` starts in `text`.
int codeUnitOf(const QString &text, int cp)
{
    int units = 0;
    for (int i = 0; i < cp && units < text.size(); ++i)
        units += text.at(units).isHighSurrogate() ? 2 : 1;
    return std::min(units, int(text.size()));
}

QString videoOfRun(const QString &runDir)
{
    auto record = loadRunRecord(runDir + QStringLiteral("/run.json"));
    if (!record)
        return {};
    for (const RunArtifact &a : record->artifacts)
        if (a.role == QLatin1String("video"))
            return QDir(runDir).filePath(a.path);
    return {};
}

} // namespace

ReviewWindow::ReviewWindow(QWidget *parent)
    : QMainWindow(parent), m_serverA(std::make_unique<FrameServer>()), m_serverB(std::make_unique<FrameServer>())
{
    setObjectName(QStringLiteral("ReviewWindow"));
    setWindowTitle(tr("Review"));
    m_transport = new Transport(this);
    m_viewer = new ViewerWidget(this);
    m_viewer->setObjectName(QStringLiteral("viewer"));
    m_audio = new AudioPlayer(this);

    auto *central = new QSplitter(Qt::Vertical, this);
    central->setObjectName(QStringLiteral("reviewSplitter"));
    central->addWidget(m_viewer);
    setCentralWidget(central);

    m_positionLabel = new QLabel(this);
    m_positionLabel->setObjectName(QStringLiteral("positionLabel"));
    m_stateLabel = new QLabel(this);
    statusBar()->addWidget(m_positionLabel, 1);
    statusBar()->addPermanentWidget(m_stateLabel);

    const AppSettings settings;
    m_serverA->setMemoryBudget(qint64(settings.frameCacheMiB()) * 1024 * 1024);
    m_serverB->setMemoryBudget(qint64(settings.frameCacheMiB()) * 1024 * 1024 / 2);

    createActions();

    connect(m_transport, &Transport::frameChanged, this, &ReviewWindow::showFrame);
    connect(m_transport, &Transport::playingChanged, this, &ReviewWindow::setPlaying);
    // The sound starts again wherever playback jumps to, so picture and sound stay together.
    connect(m_transport, &Transport::jumped, this, [this] { setPlaying(m_transport->isPlaying(), m_transport->rate()); });
    connect(m_transport, &Transport::marksChanged, this, &ReviewWindow::updateStatus);
    connect(m_serverA.get(), &FrameServer::frameReady, this, [this](qint64 n, const QImage &image) {
        m_viewer->setStatusText(QString());
        m_viewer->setFrameA(n, image);
        updateOverlays(n);
    });
    connect(m_serverA.get(), &FrameServer::frameFailed, this, [this](qint64 n, const QString &message) {
        m_viewer->setStatusText(tr("Frame %1 cannot be shown: %2").arg(n).arg(message));
    });
    connect(m_serverB.get(), &FrameServer::frameReady, m_viewer, &ViewerWidget::setFrameB);

    if (const QByteArray g = settings.reviewWindowGeometry(); !g.isEmpty())
        restoreGeometry(g);
    else
        resize(1400, 900);
}

ReviewWindow::~ReviewWindow()
{
    m_audio->stop();
}

void ReviewWindow::createActions()
{
    QHash<QString, std::function<void()>> slots = {
        {QStringLiteral("play"), [this] { m_transport->togglePlay(); }},
        {QStringLiteral("shuttle-back"), [this] { m_transport->shuttleBackward(); }},
        {QStringLiteral("stop"), [this] { m_transport->setHoldStop(true); }},
        {QStringLiteral("shuttle-forward"), [this] { m_transport->shuttleForward(); }},
        {QStringLiteral("step-back"), [this] { m_transport->step(-1); }},
        {QStringLiteral("step-forward"), [this] { m_transport->step(1); }},
        {QStringLiteral("step-back-10"), [this] { m_transport->step(-10); }},
        {QStringLiteral("step-forward-10"), [this] { m_transport->step(10); }},
        {QStringLiteral("start"), [this] { m_transport->goToStart(); }},
        {QStringLiteral("end"), [this] { m_transport->goToEnd(); }},
        {QStringLiteral("go-to"), [this] { goToDialog(); }},
        {QStringLiteral("mark-in"), [this] { m_transport->markIn(); }},
        {QStringLiteral("mark-out"), [this] { m_transport->markOut(); }},
        {QStringLiteral("clear-marks"), [this] { m_transport->clearMarks(); }},
        {QStringLiteral("loop"), [this] { m_transport->setLoop(!m_transport->loop()); }},
        {QStringLiteral("prev-finding"), [this] { jumpToFinding(-1); }},
        {QStringLiteral("next-finding"), [this] { jumpToFinding(1); }},
        {QStringLiteral("compare"), [this] { chooseCompare(); }},
        {QStringLiteral("compare-off"), [this] { m_viewer->setCompareMode(ViewerWidget::CompareMode::Off); }},
        {QStringLiteral("compare-side"), [this] { m_viewer->setCompareMode(ViewerWidget::CompareMode::SideBySide); }},
        {QStringLiteral("compare-wipe"), [this] { m_viewer->setCompareMode(ViewerWidget::CompareMode::Wipe); }},
        {QStringLiteral("compare-diff"), [this] { m_viewer->setCompareMode(ViewerWidget::CompareMode::Difference); }},
        {QStringLiteral("safe-areas"), [this] { m_viewer->setSafeAreasVisible(!m_viewer->safeAreasVisible()); }},
        {QStringLiteral("help"), [this] { toggleHelp(); }},
        {QStringLiteral("shortcuts"), [this] { editShortcuts(); }},
    };
    QMenu *menus[] = {menuBar()->addMenu(tr("&Transport")), menuBar()->addMenu(tr("&Marks")),
                      menuBar()->addMenu(tr("&Findings")), menuBar()->addMenu(tr("&Compare")),
                      menuBar()->addMenu(tr("&View")), menuBar()->addMenu(tr("&Help"))};
    const QStringList groups = {QStringLiteral("Transport"), QStringLiteral("Marks"), QStringLiteral("Findings"),
                                QStringLiteral("Compare"), QStringLiteral("View"), QStringLiteral("Help")};
    for (const ReviewShortcut &s : reviewShortcutTable()) {
        auto *a = new QAction(QString::fromUtf8(s.text), this);
        a->setObjectName(QString::fromLatin1(s.id));
        if (auto fn = slots.value(a->objectName()))
            connect(a, &QAction::triggered, this, fn);
        const qsizetype g = groups.indexOf(QString::fromLatin1(s.group));
        if (g >= 0)
            menus[g]->addAction(a);
        addAction(a);
        m_actions.insert(a->objectName(), a);
    }
    m_actions.value(QStringLiteral("loop"))->setCheckable(true);
    m_actions.value(QStringLiteral("safe-areas"))->setCheckable(true);
    applyReviewShortcuts(m_actions.values(), AppSettings().reviewShortcuts());

    // Toolbar faces: transport icons from the style, short words for the rest.
    const QHash<QString, QStyle::StandardPixmap> icons = {
        {QStringLiteral("start"), QStyle::SP_MediaSkipBackward}, {QStringLiteral("step-back"), QStyle::SP_MediaSeekBackward},
        {QStringLiteral("play"), QStyle::SP_MediaPlay},          {QStringLiteral("step-forward"), QStyle::SP_MediaSeekForward},
        {QStringLiteral("end"), QStyle::SP_MediaSkipForward}};
    for (auto it = icons.cbegin(); it != icons.cend(); ++it)
        m_actions.value(it.key())->setIcon(style()->standardIcon(it.value()));
    const QHash<QString, QString> words = {
        {QStringLiteral("mark-in"), tr("In")},           {QStringLiteral("mark-out"), tr("Out")},
        {QStringLiteral("loop"), tr("Loop")},            {QStringLiteral("prev-finding"), tr("◀ Finding")},
        {QStringLiteral("next-finding"), tr("Finding ▶")}, {QStringLiteral("compare"), tr("Compare…")},
        {QStringLiteral("safe-areas"), tr("Safe areas")}, {QStringLiteral("help"), tr("Keys")}};
    for (auto it = words.cbegin(); it != words.cend(); ++it)
        m_actions.value(it.key())->setIconText(it.value());
    for (QAction *a : m_actions)
        a->setToolTip(QStringLiteral("%1 (%2)").arg(a->text(), a->shortcut().toString(QKeySequence::NativeText)));

    auto *bar = addToolBar(tr("Transport"));
    bar->setObjectName(QStringLiteral("transportBar"));
    for (const char *id : {"start", "step-back", "play", "step-forward", "end"})
        bar->addAction(m_actions.value(QString::fromLatin1(id)));
    bar->addSeparator();
    for (const char *id : {"mark-in", "mark-out", "loop", "prev-finding", "next-finding"})
        bar->addAction(m_actions.value(QString::fromLatin1(id)));
    bar->addSeparator();
    for (const char *id : {"compare", "safe-areas", "help"})
        bar->addAction(m_actions.value(QString::fromLatin1(id)));
}

void ReviewWindow::createDocks()
{
    const QString project = m_session->projectRoot();
    const AppSettings settings;

    if (!m_timeline) {
        m_timeline = new TimelineWidget(this);
        m_timeline->setObjectName(QStringLiteral("timeline"));
        static_cast<QSplitter *>(centralWidget())->addWidget(m_timeline);
        static_cast<QSplitter *>(centralWidget())->setSizes({620, 280});
        connect(m_timeline, &TimelineWidget::seekRequested, this, [this](qint64 frame) {
            m_transport->pause();
            m_transport->seek(frame);
        });
        connect(m_timeline, &TimelineWidget::findingActivated, this, [this](int index) {
            const Findings &findings = m_timeline->content().findings;
            if (index >= 0 && index < findings.size() && findings[index].frames) {
                m_transport->pause();
                m_transport->seek(findings[index].frames->start);
            }
        });
        connect(m_transport, &Transport::frameChanged, m_timeline, [this](qint64 frame) {
            m_timeline->setPlayhead(frame);
            m_timeline->ensureFrameVisible(frame);
        });
        connect(m_transport, &Transport::marksChanged, m_timeline, [this] {
            if (m_transport->inPoint() || m_transport->outPoint())
                m_timeline->setInOut(m_transport->inPoint().value_or(0),
                                     m_transport->outPoint().value_or(m_transport->frameCount() - 1) + 1);
            else
                m_timeline->clearInOut();
        });
        m_timeline->setThumbnailProvider([this](qint64 frame) { return m_thumbnails.value(frame); });
        connect(m_timeline, &TimelineWidget::thumbnailsRequested, this, &ReviewWindow::requestThumbnails);
        connect(m_actions.value(QStringLiteral("zoom-in")), &QAction::triggered, m_timeline, &TimelineWidget::zoomIn);
        connect(m_actions.value(QStringLiteral("zoom-out")), &QAction::triggered, m_timeline, &TimelineWidget::zoomOut);
        connect(m_actions.value(QStringLiteral("zoom-fit")), &QAction::triggered, m_timeline, &TimelineWidget::zoomToFit);
    }
    m_timeline->setSession(*m_session);
    m_timeline->setPlayhead(m_transport->frame());

    auto dock = [this](const QString &name, const QString &title, QWidget *widget) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(widget);
        addDockWidget(Qt::RightDockWidgetArea, d);
        return d;
    };
    if (!m_findingsPanel) {
        m_findingsPanel = new ReviewFindingsPanel(this);
        m_findingsPanel->setObjectName(QStringLiteral("reviewFindingsPanel"));
        m_gatePanel = new GatePanel(this);
        m_gatePanel->setObjectName(QStringLiteral("gatePanel"));
        m_ledgerBrowser = new LedgerBrowser(this);
        m_ledgerBrowser->setObjectName(QStringLiteral("ledgerBrowser"));
        QDockWidget *findings = dock(QStringLiteral("findingsDock"), tr("Findings"), m_findingsPanel);
        QDockWidget *gate = dock(QStringLiteral("gateDock"), tr("Gate"), m_gatePanel);
        QDockWidget *ledger = dock(QStringLiteral("ledgerDock"), tr("Ledger"), m_ledgerBrowser);
        tabifyDockWidget(findings, gate);
        tabifyDockWidget(gate, ledger);
        findings->raise();
        resizeDocks({findings}, {std::max(360, width() * 9 / 25)}, Qt::Horizontal);
        QMenu *view = nullptr;
        for (QAction *a : menuBar()->actions())
            if (a->menu() && a->text() == tr("&View"))
                view = a->menu();
        if (view) {
            view->addSeparator();
            for (QDockWidget *d : {findings, gate, ledger})
                view->addAction(d->toggleViewAction());
        }
        connect(m_findingsPanel, &ReviewFindingsPanel::jumpToFrame, this, [this](qint64 frame) {
            m_transport->pause();
            m_transport->seek(frame);
        });
        connect(m_findingsPanel, &ReviewFindingsPanel::findingsChanged, this, &ReviewWindow::reevaluate);
        connect(m_gatePanel, &GatePanel::decisionRecorded, this, [this] {
            reevaluate();
            m_ledgerBrowser->reload();
        });
        connect(m_transport, &Transport::frameChanged, m_findingsPanel, &ReviewFindingsPanel::setCurrentFrame);
        connect(m_transport, &Transport::marksChanged, m_findingsPanel,
                [this] { m_findingsPanel->setInOut(m_transport->inPoint(), m_transport->outPoint()); });
        connect(m_actions.value(QStringLiteral("add-observation")), &QAction::triggered, m_findingsPanel, [this] {
            m_transport->pause();
            m_findingsPanel->addObservationInteractive();
        });
        if (const QByteArray state = settings.reviewWindowState(); !state.isEmpty())
            restoreState(state);
    }
    m_findingsPanel->setReviewerName(settings.reviewerName());
    m_gatePanel->setReviewerName(settings.reviewerName());
    if (auto runbook = Runbook::forProject(project))
        m_gatePanel->setRunbook(*runbook);
    if (m_session->gate())
        setFindings(*m_session->gate());
    m_findingsPanel->setCurrentFrame(m_transport->frame());
    m_ledgerBrowser->setLedgerPath(QDir(project).filePath(Ledger::fileName()));
}

void ReviewWindow::requestThumbnails(const QList<qint64> &frames)
{
    for (qint64 f : frames)
        if (!m_thumbnails.contains(f) && !m_thumbnailQueue.contains(f))
            m_thumbnailQueue.append(f);
    // The newest wishes first: they are what the view shows now.
    if (m_thumbnailQueue.size() > 64)
        m_thumbnailQueue = m_thumbnailQueue.mid(m_thumbnailQueue.size() - 64);
    runThumbnailJob();
}

void ReviewWindow::runThumbnailJob()
{
    if (m_thumbnailJob || m_thumbnailQueue.isEmpty() || !m_session || !m_index)
        return;
    m_thumbnailJob = true;
    const QList<qint64> batch = m_thumbnailQueue;
    m_thumbnailQueue.clear();
    const QString path = m_session->videoPath();
    auto *watcher = new QFutureWatcher<QHash<qint64, QImage>>(this);
    connect(watcher, &QFutureWatcher<QHash<qint64, QImage>>::finished, this, [this, watcher, path] {
        const QHash<qint64, QImage> made = watcher->result();
        watcher->deleteLater();
        m_thumbnailJob = false;
        if (!m_session || m_session->videoPath() != path)
            return;
        for (auto it = made.cbegin(); it != made.cend(); ++it) {
            m_thumbnails.insert(it.key(), it.value());
            if (m_timeline)
                m_timeline->setThumbnail(it.key(), it.value());
        }
        runThumbnailJob();
    });
    std::shared_ptr<const FrameIndex> index = m_index;
    watcher->setFuture(QtConcurrent::run([path, index, batch] {
        QHash<qint64, QImage> out;
        FrameDecoder decoder;
        decoder.setOutputSize(QSize(192, 108));
        decoder.setThreads(1);
        if (!decoder.open(path, index))
            return out;
        QList<qint64> sorted = batch;
        std::sort(sorted.begin(), sorted.end()); // forward decoding reuses work between neighbours
        for (qint64 f : sorted)
            if (auto frame = decoder.frame(f))
                out.insert(f, frame->image);
        return out;
    }));
}

void ReviewWindow::setFindings(const GateEvaluation &evaluation)
{
    setFindingList(evaluation.findings);
    m_findingsPanel->setEvaluation(evaluation);
    m_gatePanel->setEvaluation(evaluation);
    if (m_timeline) {
        TimelineContent content = m_timeline->content();
        content.findings = evaluation.findings;
        m_timeline->setContent(std::move(content));
    }
    updateOverlays(m_viewer->frameA() >= 0 ? m_viewer->frameA() : m_transport->frame());
}

void ReviewWindow::setFindingList(const Findings &findings)
{
    m_findings = findings;
    m_findingStarts.clear();
    for (const Finding &f : m_findings)
        if (f.frames)
            m_findingStarts.append(f.frames->start);
    std::sort(m_findingStarts.begin(), m_findingStarts.end());
    m_findingStarts.erase(std::unique(m_findingStarts.begin(), m_findingStarts.end()), m_findingStarts.end());
}

void ReviewWindow::reevaluate()
{
    if (!m_session)
        return;
    auto runbook = Runbook::forProject(m_session->projectRoot());
    if (!runbook)
        return;
    auto evaluation = evaluateGate(m_session->runDir(), *runbook, m_session->gate() ? m_session->gate()->workload : QString());
    if (!evaluation) {
        statusBar()->showMessage(evaluation.error().toString(), 8000);
        return;
    }
    setFindings(*evaluation);
}

void ReviewWindow::openRun(const QString &runDir)
{
    m_viewer->setStatusText(tr("Opening %1…").arg(QDir::toNativeSeparators(runDir)));
    auto *watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcher<Loaded>::finished, this, [this, watcher] {
        const Loaded loaded = watcher->result();
        watcher->deleteLater();
        if (!loaded.session || !loaded.index) {
            m_viewer->setStatusText(loaded.error);
            Q_EMIT loadFailed(loaded.error);
            return;
        }
        m_index = loaded.index;
        m_thumbnails.clear();
        m_thumbnailQueue.clear();
        if (Status s = m_serverA->open(loaded.session->videoPath(), loaded.index); !s) {
            m_viewer->setStatusText(s.error().toString());
            Q_EMIT loadFailed(s.error().toString());
            return;
        }
        sessionReady(loaded.session);
    });
    watcher->setFuture(QtConcurrent::run(loadRun, runDir));
}

void ReviewWindow::sessionReady(std::shared_ptr<ReviewSession> session)
{
    m_session = std::move(session);
    const RunRecord &run = m_session->run();
    const QString variant = run.spec.variant.isEmpty() ? QStringLiteral("base") : run.spec.variant;
    setWindowTitle(tr("%1 [%2] · %3 · Review").arg(run.spec.specId, variant, run.id));
    m_transport->setFps(m_session->fps().toDouble());
    m_transport->setFrameCount(m_serverA->frameCount());
    m_viewer->setLabels(QStringLiteral("A  %1").arg(variant), QStringLiteral("B"));

    setFindingList(m_session->findings());

    m_audio->load(m_session->videoPath());
    createDocks();
    m_serverA->request(m_transport->frame());
    updateStatus();
    Q_EMIT loaded();
}

void ReviewWindow::showFrame(qint64 frame)
{
    if (!m_serverA->isOpen())
        return;
    m_serverA->request(frame);
    if (m_serverB->isOpen())
        m_serverB->request(std::min(frame, m_compareFrames - 1));
    updateStatus();
}

void ReviewWindow::updateOverlays(qint64 frame)
{
    if (!m_session)
        return;
    m_viewer->setTimecode(m_session->timecode(frame));

    QList<ViewerWidget::Chip> chips;
    for (const Finding &f : m_findings)
        if (f.frames && f.status == FindingStatus::Open && frame >= f.frames->start && frame < f.frames->end)
            chips.append({QStringLiteral("%1  %2").arg(toString(f.severity), f.code), severityColor(f.severity)});
    m_viewer->setChips(chips);

    QString text;
    int wordStart = -1, wordEnd = -1;
    if (const auto &cues = m_session->cues()) {
        for (const CueSegment &seg : cues->segments) {
            if (frame < seg.startFrame || frame >= seg.endFrame)
                continue;
            text = seg.sourceText;
            const Rational fps = m_session->fps();
            const qint64 sample = fps.num > 0 ? frame * cues->sampleRate * fps.den / fps.num : 0;
            for (const CueWord &w : seg.words)
                if (sample >= w.startSample && sample < w.endSample) {
                    wordStart = codeUnitOf(text, w.charStart);
                    wordEnd = codeUnitOf(text, w.charEnd);
                }
            break;
        }
    }
    m_viewer->setNarration(text, wordStart, wordEnd);
}

void ReviewWindow::updateStatus()
{
    const qint64 frame = m_transport->frame();
    QString text = tr("frame %1 / %2").arg(frame).arg(m_transport->frameCount());
    if (m_session)
        text += QStringLiteral("   ") + m_session->timecode(frame);
    if (m_transport->inPoint() || m_transport->outPoint())
        text += tr("   in %1  out %2")
                    .arg(m_transport->inPoint() ? QString::number(*m_transport->inPoint()) : QStringLiteral("–"),
                         m_transport->outPoint() ? QString::number(*m_transport->outPoint()) : QStringLiteral("–"));
    if (m_transport->loop())
        text += tr("   loop");
    m_positionLabel->setText(text);
    const int rate = m_transport->rate();
    QString state = rate == 0 ? tr("paused") : rate == 1 ? tr("playing") : tr("shuttle %1x").arg(rate);
    if (!m_compareLabel.isEmpty())
        state += tr("   B: %1").arg(m_compareLabel);
    m_stateLabel->setText(state);
}

void ReviewWindow::setPlaying(bool playing, int rate)
{
    m_audio->stop();
    m_transport->setExternalClock(nullptr);
    if (playing && rate == 1 && m_audio->isReady() && m_audio->start(m_transport->frame() / m_transport->fps())) {
        AudioPlayer *audio = m_audio;
        m_transport->setExternalClock([audio] { return audio->elapsed(); });
    }
    updateStatus();
}

void ReviewWindow::jumpToFinding(int direction)
{
    const qint64 at = m_transport->frame();
    if (direction > 0) {
        for (qint64 s : m_findingStarts)
            if (s > at) {
                m_transport->pause();
                m_transport->seek(s);
                return;
            }
    } else {
        for (auto it = m_findingStarts.crbegin(); it != m_findingStarts.crend(); ++it)
            if (*it < at) {
                m_transport->pause();
                m_transport->seek(*it);
                return;
            }
    }
}

std::optional<qint64> ReviewWindow::parsePosition(const QString &input) const
{
    const QString text = input.trimmed();
    bool ok = false;
    if (const qint64 n = text.toLongLong(&ok); ok)
        return n;
    static const QRegularExpression seconds(QStringLiteral("^(\\d+(?:\\.\\d+)?)\\s*s$"));
    if (const auto m = seconds.match(text); m.hasMatch())
        return qint64(std::llround(m.captured(1).toDouble() * m_transport->fps()));
    static const QRegularExpression tc(QStringLiteral("^(?:(\\d+)[:;])?(\\d+)[:;](\\d+)[:;](\\d+)$"));
    if (const auto m = tc.match(text); m.hasMatch() && m_session) {
        const qint64 base = ReviewSession::timecodeBase(m_session->fps());
        const qint64 h = m.captured(1).toLongLong(), mi = m.captured(2).toLongLong(), s = m.captured(3).toLongLong(),
                     f = m.captured(4).toLongLong();
        if (f >= base)
            return std::nullopt;
        return ((h * 60 + mi) * 60 + s) * base + f;
    }
    return std::nullopt;
}

void ReviewWindow::goToDialog()
{
    m_transport->pause();
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Go to"), tr("Frame number, timecode (HH:MM:SS:FF) or seconds (4.5s):"),
                                               QLineEdit::Normal, QString::number(m_transport->frame()), &ok);
    if (!ok)
        return;
    if (const auto n = parsePosition(text))
        m_transport->seek(*n);
    else
        QMessageBox::warning(this, tr("Go to"), tr("'%1' is not a frame number, timecode or time in seconds.").arg(text));
}

void ReviewWindow::chooseCompare()
{
    if (!m_session)
        return;
    QStringList runs;
    const QDir dir(m_session->projectRoot() + QStringLiteral("/runs"));
    for (const QString &id : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::Reversed)) {
        if (id == m_session->run().id)
            continue;
        auto record = loadRunRecord(dir.filePath(id) + QStringLiteral("/run.json"));
        if (record && record->kind == RunKind::Render && record->status == RunStatus::Succeeded)
            runs.append(QStringLiteral("%1  [%2]  %3")
                            .arg(id, record->spec.variant.isEmpty() ? QStringLiteral("base") : record->spec.variant,
                                 record->spec.path));
    }
    const QString other = tr("Another video file…");
    runs.append(other);
    bool ok = false;
    const QString choice = QInputDialog::getItem(this, tr("Compare with"), tr("Run or baseline to show as B:"), runs, 0,
                                                 false, &ok);
    if (!ok)
        return;
    if (choice == other) {
        const QString file = QFileDialog::getOpenFileName(this, tr("Baseline video"), m_session->projectRoot(),
                                                          tr("Video (*.mp4 *.mov *.mkv *.webm);;All files (*)"));
        if (!file.isEmpty())
            openCompare(file);
    } else {
        openCompare(dir.filePath(choice.section(QLatin1Char(' '), 0, 0)));
    }
}

void ReviewWindow::openCompare(const QString &runDirOrVideo)
{
    const bool isRun = QFileInfo(runDirOrVideo + QStringLiteral("/run.json")).isFile();
    const QString video = isRun ? videoOfRun(runDirOrVideo) : runDirOrVideo;
    if (Status s = video.isEmpty() ? Status(makeError(QStringLiteral("review.compare"), tr("that run has no video")))
                                   : m_serverB->open(video);
        !s) {
        QMessageBox::warning(this, tr("Compare"), s.error().toString());
        return;
    }
    m_compareFrames = m_serverB->frameCount();
    m_compareLabel = QFileInfo(runDirOrVideo).fileName();
    if (isRun)
        if (auto record = loadRunRecord(runDirOrVideo + QStringLiteral("/run.json")))
            m_compareLabel = record->spec.variant.isEmpty() ? QStringLiteral("base") : record->spec.variant;
    m_viewer->setLabels(QStringLiteral("A  %1").arg(m_session && !m_session->run().spec.variant.isEmpty()
                                                        ? m_session->run().spec.variant
                                                        : QStringLiteral("base")),
                        QStringLiteral("B  %1").arg(m_compareLabel));
    if (m_viewer->compareMode() == ViewerWidget::CompareMode::Off)
        m_viewer->setCompareMode(ViewerWidget::CompareMode::SideBySide);
    m_serverB->request(std::min(m_transport->frame(), m_compareFrames - 1));
    updateStatus();
    Q_EMIT compareLoaded();
}

void ReviewWindow::editShortcuts()
{
    ShortcutsDialog dialog(m_actions.values(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    AppSettings settings;
    settings.setReviewShortcuts(dialog.overrides());
    applyReviewShortcuts(m_actions.values(), dialog.overrides());
    if (m_viewer->helpVisible())
        m_viewer->setHelpText(reviewShortcutHelp(m_actions.values()));
}

void ReviewWindow::toggleHelp()
{
    m_viewer->setHelpText(m_viewer->helpVisible() ? QString() : reviewShortcutHelp(m_actions.values()));
}

void ReviewWindow::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && m_viewer->helpVisible()) {
        m_viewer->setHelpText(QString());
        return;
    }
    QMainWindow::keyPressEvent(event);
}

void ReviewWindow::keyReleaseEvent(QKeyEvent *event)
{
    // K held down turns J and L into single steps; letting go ends that.
    const QAction *stop = m_actions.value(QStringLiteral("stop"));
    if (!event->isAutoRepeat() && stop && !stop->shortcut().isEmpty() && event->key() == stop->shortcut()[0].key())
        m_transport->setHoldStop(false);
    QMainWindow::keyReleaseEvent(event);
}

void ReviewWindow::closeEvent(QCloseEvent *event)
{
    m_transport->pause();
    m_audio->stop();
    AppSettings settings;
    settings.setReviewWindowGeometry(saveGeometry());
    settings.setReviewWindowState(saveState());
    QMainWindow::closeEvent(event);
}

} // namespace greenlight
