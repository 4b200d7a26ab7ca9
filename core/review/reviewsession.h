#pragma once

#include "common/result.h"
#include "cues/cuetimeline.h"
#include "gate/gate.h"
#include "media/framespan.h"
#include "media/signalseries.h"
#include "qa/finding.h"
#include "run/runrecord.h"
#include "spec/videospec.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace greenlight {

// A scene of the resolved spec on the video timeline: frames [startFrame, endFrame).
struct ReviewScene
{
    QString id;
    QString role; // hook | body | proof | cta | ...; empty when only the cues name the scene
    qint64 startFrame = 0;
    qint64 endFrame = 0;
};

// One caption as viewers see it: frames [startFrame, endFrame), lines joined by "\n".
struct ReviewCaption
{
    qint64 startFrame = 0;
    qint64 endFrame = 0;
    QString text;
};

// The audio's envelope on the frame grid: the lowest and highest sample (mono, -1..1) of
// each video frame. Index i is frame i; frames past the audio hold 0.
struct WaveformPeaks
{
    std::vector<float> minimum;
    std::vector<float> maximum;
    int sampleRate = 0;
    QString sourcePath; // the file the audio was decoded from

    bool isEmpty() const { return maximum.empty(); }
    qint64 frameCount() const { return qint64(maximum.size()); }
};

// The QA signals a timeline graphs, all on the frame grid.
struct ReviewSignals
{
    std::optional<SignalSeries> series; // per-frame series, when the run stored them
    std::vector<float> loudnessLufs;    // momentary loudness per frame (NaN: none)
    QString loudnessSource;             // "signals.json" | "measured" | empty
    std::vector<float> ssim;            // SSIM to the baseline per frame (NaN: none); empty without one
    FrameSpans blackSpans;
    FrameSpans frozenSpans;
    FrameSpans silentSpans;
    FrameSpans changedSpans;            // SSIM below the threshold
    double loudnessTargetLufs = -14.0;  // the runbook's QA thresholds, for reference lines
    double loudnessToleranceLu = 1.0;
    double ssimThreshold = 0.98;

    bool isEmpty() const
    {
        return loudnessLufs.empty() && ssim.empty() && blackSpans.isEmpty() && frozenSpans.isEmpty()
               && silentSpans.isEmpty() && changedSpans.isEmpty();
    }
};

struct ReviewSessionOptions
{
    bool decodeAudio = true; // waveform peaks (and loudness when no series is stored)
    QString workload;        // gate workload; empty = the runbook's default for the run's kind
};

// Everything a reviewer sees of one run folder (runs/<id> of a project), loaded once as plain
// data: no widgets, safe to build on a worker thread and hand to the GUI. Only a missing or
// unreadable run.json fails open(); every optional part that cannot be read leaves a line in
// warnings() and stays empty.
//  - scenes: props.json (else the scenes the cue segments name);
//  - cues: the render's narration-cues input, the cues.json beside its narration-audio input,
//    or the run's own cues.json (a TTS run);
//  - captions: props.json burnedCaptions, else captions.vtt/.srt in the run, else the sidecar
//    captions of the narration run;
//  - findings: evaluateGate() under Runbook::forProject() (else findings.json and
//    observations.json of the run as they are);
//  - signals: signals.json (spans, and per-frame series when stored);
//  - waveform: the video's audio, else the narration audio, decoded in-process.
class ReviewSession
{
public:
    // Errors: review.run.missing (no run.json), run.json.invalid, io.read, json.parse.
    static Result<ReviewSession> open(const QString &runDir, const ReviewSessionOptions &options = {});

    QString runDir() const { return m_runDir; }
    QString projectRoot() const { return m_projectRoot; }
    const RunRecord &run() const { return m_run; }
    Rational fps() const { return m_fps; }
    qint64 frameCount() const { return m_frameCount; }
    QString videoPath() const { return m_videoPath; } // absolute; empty for a run without video

    const QList<ReviewScene> &scenes() const { return m_scenes; }
    const std::optional<CueTimeline> &cues() const { return m_cues; }
    QString cuesPath() const { return m_cuesPath; }
    const QList<ReviewCaption> &captions() const { return m_captions; }
    QString captionsSource() const { return m_captionsSource; }
    const Findings &findings() const { return m_findings; }
    const std::optional<GateEvaluation> &gate() const { return m_gate; }
    const ReviewSignals &qaSignals() const { return m_signals; }
    const WaveformPeaks &waveform() const { return m_waveform; }
    QStringList warnings() const { return m_warnings; }

    // The scene that frame `frame` lies in, or nullptr.
    const ReviewScene *sceneAt(qint64 frame) const;

    // HH:MM:SS:FF at this session's frame rate.
    QString timecode(qint64 frame) const { return timecode(frame, m_fps); }
    // HH:MM:SS:FF, non-drop-frame: frames are counted at the nominal integer rate (30000/1001
    // counts 30 frames per timecode second), so the label names the frame exactly. Negative
    // frames get a leading "-".
    static QString timecode(qint64 frame, const Rational &fps);
    // The nominal integer rate timecode counts at: round(fps), at least 1.
    static int timecodeBase(const Rational &fps);

    // Per-frame min/max peaks of a decoded mono signal starting at frame 0.
    static WaveformPeaks peaksFromSamples(const std::vector<float> &samples, int sampleRate, const Rational &fps,
                                          qint64 frameCount);
    // Decodes the first audio stream of a media file (any container libavformat reads) to
    // peaks on the frame grid; `momentaryLufs`, when given, receives the EBU R128 momentary
    // loudness per frame. Errors: media.unreadable, review.audio.none.
    static Result<WaveformPeaks> decodePeaks(const QString &mediaPath, const Rational &fps, qint64 frameCount,
                                             std::vector<float> *momentaryLufs = nullptr);

private:
    ReviewSession() = default;

    void loadProps(const Json &props);
    void loadCues();
    void loadCaptions(const Json *props);
    void loadFindings(const ReviewSessionOptions &options);
    void loadSignals();
    void loadAudio();
    QString resolvePath(const QString &path) const;

    QString m_runDir;
    QString m_projectRoot;
    RunRecord m_run;
    Rational m_fps{0, 1};
    qint64 m_frameCount = 0;
    QString m_videoPath;
    QString m_narrationAudioPath;
    QList<ReviewScene> m_scenes;
    std::optional<CueTimeline> m_cues;
    QString m_cuesPath;
    QList<ReviewCaption> m_captions;
    QString m_captionsSource;
    Findings m_findings;
    std::optional<GateEvaluation> m_gate;
    ReviewSignals m_signals;
    WaveformPeaks m_waveform;
    QStringList m_warnings;
};

} // namespace greenlight
