#pragma once

#include "common/result.h"
#include "media/mediainfo.h"
#include "media/signalanalysis.h"

#include <QString>

#include <functional>

namespace greenlight {

// Detection settings of one analysis pass. The defaults follow FFmpeg's own detectors.
struct AnalysisOptions
{
    QString baselinePath;             // compare frame N with the baseline's frame N (SSIM)
    bool analyzeVideo = true;
    bool analyzeAudio = true;
    double blackPixelThreshold = 0.10; // blackdetect pix_th: luma <= 16 + 0.10 * 219 (limited range)
    double blackPictureRatio = 0.98;   // blackdetect pic_th: share of such pixels for a black frame
    double freezeNoise = 0.001;        // freezedetect noise (-60 dB): mean |difference| / 255
    double silenceThresholdDbfs = -60.0;
    int minSilenceMs = 100;            // shorter dips (zero crossings, pauses) are not spans
    double ssimThreshold = 0.98;       // frames below it form changed spans
    int decoderThreads = 0;            // 0 = libavcodec picks
};

// Reports progress 0..1; return false to cancel (the analysis then fails with code
// "cancelled"). Called on the analyzing thread; safe to use from a QPromise-driven job.
using ProgressFn = std::function<bool(double fraction)>;

// One demux + decode pass over a file (and, frame-locked by index, its baseline) that
// measures what the deterministic QA stage needs:
//   video, per frame on a downscaled luma plane (see LumaPlane): mean luma, dark-pixel share
//   (black frames), difference to the previous frame, freeze against the first frame of a
//   still run (as freezedetect does), and SSIM against the baseline's frame of the same index;
//   audio: digital-silence runs in samples and EBU R128 loudness (LoudnessMeter).
// Frame index = round((pts - stream start) * fps) in the stream's time base; for variable
// frame rate the frames are numbered in presentation order instead.
class SignalAnalyzer
{
public:
    explicit SignalAnalyzer(AnalysisOptions options = {});

    const AnalysisOptions &options() const { return m_options; }

    // Probes the file first (errors: media.unreadable), then analyzes it.
    Result<SignalAnalysis> analyze(const QString &path, const ProgressFn &progress = {}) const;
    // With the probe already at hand.
    Result<SignalAnalysis> analyze(const QString &path, const MediaInfo &info,
                                   const ProgressFn &progress = {}) const;

private:
    AnalysisOptions m_options;
};

} // namespace greenlight
