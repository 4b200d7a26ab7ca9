#pragma once

// The timeline's stress content, shared by its tests and its benchmark.
#include "review/timelinecontent.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace greenlight::test {

// A long programme: 10k narration cues of four words, 10k captions, 2k findings over the three
// stages, QA signals and a waveform for every frame.
inline TimelineContent syntheticTimelineContent(int cues = 10000, int findings = 2000)
{
    TimelineContent c;
    c.fps = Rational{30, 1};
    c.frameSize = QSize(1920, 1080);
    const qint64 framesPerCue = 21;
    c.frameCount = cues * framesPerCue + 30;
    std::mt19937 rng(7);
    CueTimeline timeline;
    timeline.fps = c.fps;
    timeline.sampleRate = 48000;
    const qint64 samplesPerFrame = 1600;
    for (int i = 0; i < cues; ++i) {
        CueSegment seg;
        seg.id = QStringLiteral("n-%1").arg(i);
        seg.scene = QStringLiteral("scene-%1").arg(i / 50);
        seg.sourceText = QStringLiteral("Cue %1 says four words").arg(i);
        seg.spokenText = seg.sourceText;
        seg.startFrame = i * framesPerCue;
        seg.endFrame = seg.startFrame + 18;
        seg.startSample = seg.startFrame * samplesPerFrame;
        seg.endSample = seg.endFrame * samplesPerFrame;
        const QStringList words = seg.sourceText.split(QLatin1Char(' '));
        qint64 at = seg.startSample;
        const qint64 step = (seg.endSample - seg.startSample) / words.size();
        for (const QString &w : words) {
            CueWord word;
            word.text = w;
            word.startSample = at;
            word.endSample = at + step;
            at += step;
            seg.words.append(word);
        }
        timeline.segments.append(seg);
        c.captions.append(ReviewCaption{seg.startFrame, seg.endFrame, seg.sourceText});
    }
    c.cues = timeline;
    const QStringList roles{QStringLiteral("hook"), QStringLiteral("body"), QStringLiteral("proof"),
                            QStringLiteral("cta")};
    for (int s = 0; s * 50 < cues; ++s)
        c.scenes.append(ReviewScene{QStringLiteral("scene-%1").arg(s), roles[s % roles.size()], s * 50 * framesPerCue,
                                    std::min<qint64>(c.frameCount, (s + 1) * 50 * framesPerCue)});
    std::uniform_int_distribution<qint64> frame(0, c.frameCount - 200);
    std::uniform_int_distribution<int> length(0, 150);
    for (int i = 0; i < findings; ++i) {
        Finding f;
        f.stage = Stage(i % 3);
        f.severity = Severity((i / 3) % 3);
        f.code = QStringLiteral("qa.synthetic.%1").arg(i % 17);
        f.message = QStringLiteral("Synthetic finding %1").arg(i);
        const qint64 start = frame(rng);
        const int len = length(rng);
        if (i % 97 != 0)
            f.frames = FrameRange{start, start + (len < 10 ? 0 : len)};
        if (i % 11 == 0)
            f.status = FindingStatus::Waived;
        c.findings.append(f);
    }
    std::uniform_real_distribution<float> noise(-1.0f, 1.0f);
    c.qaSignals.loudnessLufs.resize(size_t(c.frameCount));
    c.waveform.minimum.resize(size_t(c.frameCount));
    c.waveform.maximum.resize(size_t(c.frameCount));
    for (qint64 f = 0; f < c.frameCount; ++f) {
        const float env = 0.35f + 0.3f * std::sin(float(f) / 40.0f);
        c.qaSignals.loudnessLufs[size_t(f)] = -22.0f + 8.0f * std::sin(float(f) / 90.0f) + noise(rng);
        c.waveform.maximum[size_t(f)] = std::abs(env + 0.1f * noise(rng));
        c.waveform.minimum[size_t(f)] = -std::abs(env + 0.1f * noise(rng));
    }
    for (int i = 0; i < 500; ++i) {
        const qint64 s = frame(rng);
        c.qaSignals.frozenSpans.append(FrameSpan{s, s + 40});
        c.qaSignals.silentSpans.append(FrameSpan{s + 60, s + 80});
        c.qaSignals.blackSpans.append(FrameSpan{s + 100, s + 103});
    }
    std::sort(c.qaSignals.frozenSpans.begin(), c.qaSignals.frozenSpans.end(),
              [](const FrameSpan &a, const FrameSpan &b) { return a.start < b.start; });
    return c;
}

} // namespace greenlight::test
