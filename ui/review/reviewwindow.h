#pragma once

#include "qa/finding.h"
#include "review/viewerwidget.h"

#include <QHash>
#include <QMainWindow>

#include <memory>
#include <optional>

class QAction;
class QLabel;

namespace greenlight {

class AudioPlayer;
class FrameServer;
class FrameIndex;
class GatePanel;
class LedgerBrowser;
class ReviewFindingsPanel;
class ReviewSession;
class TimelineWidget;
class Transport;
struct GateEvaluation;

// The review desk for one run: the exact frame under the playhead, transport from the
// keyboard (J/K/L, frame steps, marks, loops, finding to finding), overlays, A/B compare
// against another run or a baseline locked to the same frame, and the timeline, findings and
// gate beside it. Decoding and loading never block the window.
class ReviewWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit ReviewWindow(QWidget *parent = nullptr);
    ~ReviewWindow() override;

    // Loads a run folder in the background; loaded() or loadFailed() follows.
    void openRun(const QString &runDir);
    // Compares with another run folder or a video file (B), locked to A's frame.
    void openCompare(const QString &runDirOrVideo);

    const ReviewSession *session() const { return m_session.get(); }
    Transport *transport() const { return m_transport; }
    ViewerWidget *viewer() const { return m_viewer; }
    FrameServer *frameServer() const { return m_serverA.get(); }
    QAction *action(const QString &id) const { return m_actions.value(id); }
    QList<QAction *> reviewActions() const { return m_actions.values(); }
    TimelineWidget *timeline() const { return m_timeline; }
    ReviewFindingsPanel *findingsPanel() const { return m_findingsPanel; }
    GatePanel *gatePanel() const { return m_gatePanel; }
    LedgerBrowser *ledgerBrowser() const { return m_ledgerBrowser; }
    // The frame the viewer shows (what a person sees), -1 before the first frame arrives.
    qint64 shownFrame() const { return m_viewer->frameA(); }

    // Frame numbers where findings start, sorted and unique (for , and .).
    QList<qint64> findingStarts() const { return m_findingStarts; }
    // Timeline thumbnails made so far.
    int thumbnailCount() const { return int(m_thumbnails.size()); }

    // Parses "120" (frame), "00:00:04:00" (timecode at the run's rate) or "4.5s".
    std::optional<qint64> parsePosition(const QString &text) const;

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString &message);
    void compareLoaded();

protected:
    void closeEvent(QCloseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;

private:
    void createActions();
    void createDocks();
    void sessionReady(std::shared_ptr<ReviewSession> session);
    void showFrame(qint64 frame);
    void updateOverlays(qint64 frame);
    void updateStatus();
    void jumpToFinding(int direction);
    void goToDialog();
    void chooseCompare();
    void editShortcuts();
    void toggleHelp();
    void setPlaying(bool playing, int rate);
    void reevaluate(); // after an observation or a decision changed what the gate sees
    void setFindings(const GateEvaluation &evaluation);
    void setFindingList(const Findings &findings); // and the sorted starts , and . jump between

    std::shared_ptr<ReviewSession> m_session;
    std::unique_ptr<FrameServer> m_serverA;
    std::unique_ptr<FrameServer> m_serverB;
    Transport *m_transport = nullptr;
    ViewerWidget *m_viewer = nullptr;
    AudioPlayer *m_audio = nullptr;
    TimelineWidget *m_timeline = nullptr;
    ReviewFindingsPanel *m_findingsPanel = nullptr;
    GatePanel *m_gatePanel = nullptr;
    LedgerBrowser *m_ledgerBrowser = nullptr;
    // Timeline thumbnails: made by a decoder of their own on a pool thread, one batch at a time.
    QHash<qint64, QImage> m_thumbnails;
    QList<qint64> m_thumbnailQueue;
    bool m_thumbnailJob = false;
    std::shared_ptr<const FrameIndex> m_index;
    void requestThumbnails(const QList<qint64> &frames);
    void runThumbnailJob();
    Findings m_findings; // every stage, as last evaluated (the session's until something changes)
    QLabel *m_positionLabel = nullptr;
    QLabel *m_stateLabel = nullptr;
    QHash<QString, QAction *> m_actions;
    QList<qint64> m_findingStarts;
    QString m_compareLabel;
    qint64 m_compareFrames = 0;
};

} // namespace greenlight
