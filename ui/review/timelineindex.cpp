#include "review/timelineindex.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace greenlight {

namespace {

std::vector<TimelineSpan> spansOf(const FrameSpans &spans, TimelineSignalSpan kind)
{
    std::vector<TimelineSpan> out;
    out.reserve(size_t(spans.size()));
    for (qsizetype i = 0; i < spans.size(); ++i)
        if (!spans[i].isEmpty())
            out.push_back(TimelineSpan{spans[i].start, spans[i].end, int(i), 0, quint8(kind)});
    return out;
}

bool isOpenFinding(const Finding &f)
{
    return f.status == FindingStatus::Open;
}

} // namespace

void TimelineRangePyramid::build(const std::vector<float> &minima, const std::vector<float> &maxima)
{
    clear();
    const size_t n = std::min(minima.size(), maxima.size());
    if (n == 0)
        return;
    constexpr float inf = std::numeric_limits<float>::infinity();
    std::vector<float> lo(n);
    std::vector<float> hi(n);
    for (size_t i = 0; i < n; ++i) {
        const bool ok = std::isfinite(minima[i]) && std::isfinite(maxima[i]);
        lo[i] = ok ? minima[i] : inf;
        hi[i] = ok ? maxima[i] : -inf;
    }
    m_lo.push_back(std::move(lo));
    m_hi.push_back(std::move(hi));
    while (m_lo.back().size() > 1) {
        const std::vector<float> &blo = m_lo.back();
        const std::vector<float> &bhi = m_hi.back();
        const size_t m = (blo.size() + 1) / 2;
        std::vector<float> ulo(m);
        std::vector<float> uhi(m);
        for (size_t i = 0; i < m; ++i) {
            const size_t a = 2 * i;
            const size_t b = std::min(a + 1, blo.size() - 1);
            ulo[i] = std::min(blo[a], blo[b]);
            uhi[i] = std::max(bhi[a], bhi[b]);
        }
        m_lo.push_back(std::move(ulo));
        m_hi.push_back(std::move(uhi));
    }
}

bool TimelineRangePyramid::range(qint64 a, qint64 b, float &lo, float &hi) const
{
    if (m_lo.empty())
        return false;
    a = std::max<qint64>(a, 0);
    b = std::min<qint64>(b, size());
    float l = std::numeric_limits<float>::infinity();
    float h = -std::numeric_limits<float>::infinity();
    for (size_t k = 0; a < b && k < m_lo.size(); ++k, a >>= 1, b >>= 1) {
        if (a & 1) {
            l = std::min(l, m_lo[k][size_t(a)]);
            h = std::max(h, m_hi[k][size_t(a)]);
            ++a;
        }
        if (b & 1) {
            --b;
            l = std::min(l, m_lo[k][size_t(b)]);
            h = std::max(h, m_hi[k][size_t(b)]);
        }
    }
    if (!(l <= h))
        return false;
    lo = l;
    hi = h;
    return true;
}

QString TimelineIndex::wordText(const TimelineContent &content, const TimelineWord &w)
{
    if (!content.cues || w.segment >= content.cues->segments.size())
        return {};
    const CueSegment &seg = content.cues->segments[w.segment];
    return w.word < seg.words.size() ? seg.words[w.word].text : QString();
}

void TimelineIndex::build(TimelineContent content)
{
    m_content = std::move(content);
    qint64 last = std::max<qint64>(0, m_content.frameCount);
    const Rational fps = m_content.fps.num > 0 && m_content.fps.den > 0 ? m_content.fps : Rational{30, 1};
    m_content.fps = fps;

    std::vector<TimelineSpan> scenes;
    for (qsizetype i = 0; i < m_content.scenes.size(); ++i) {
        const ReviewScene &s = m_content.scenes[i];
        scenes.push_back(TimelineSpan{s.startFrame, std::max(s.endFrame, s.startFrame), int(i), 0, 0});
        last = std::max(last, s.endFrame);
    }
    m_scenes.build(std::move(scenes));

    std::vector<TimelineSpan> segments;
    std::vector<TimelineSpan> words;
    m_wordList.clear();
    std::vector<double> wordLengths;
    if (m_content.cues) {
        const CueTimeline &cues = *m_content.cues;
        const int rate = cues.sampleRate > 0 ? cues.sampleRate : 48000;
        // Frames per sample at the content's frame rate (the timeline's grid).
        const double framesPerSample = double(fps.num) / (double(fps.den) * double(rate));
        segments.reserve(size_t(cues.segments.size()));
        for (qsizetype i = 0; i < cues.segments.size(); ++i) {
            const CueSegment &seg = cues.segments[i];
            qint64 start = seg.startFrame;
            qint64 end = seg.endFrame;
            if (end <= start && seg.endSample > seg.startSample) {
                start = qint64(double(seg.startSample) * framesPerSample);
                end = qint64(std::ceil(double(seg.endSample) * framesPerSample));
            }
            segments.push_back(TimelineSpan{start, std::max(end, start), int(i), 0, 0});
            last = std::max(last, end);
            for (qsizetype w = 0; w < seg.words.size(); ++w) {
                const CueWord &word = seg.words[w];
                TimelineWord tw;
                tw.segment = int(i);
                tw.word = int(w);
                tw.startFrame = double(word.startSample) * framesPerSample;
                tw.endFrame = std::max(tw.startFrame, double(word.endSample) * framesPerSample);
                const int ref = int(m_wordList.size());
                m_wordList.push_back(tw);
                words.push_back(TimelineSpan{qint64(std::floor(tw.startFrame)),
                                             std::max(qint64(std::ceil(tw.endFrame)), qint64(std::floor(tw.startFrame))),
                                             ref, 0, 0});
                wordLengths.push_back(tw.endFrame - tw.startFrame);
            }
        }
    }
    m_segments.build(std::move(segments));
    m_words.build(std::move(words));
    if (!wordLengths.empty()) {
        auto mid = wordLengths.begin() + qsizetype(wordLengths.size() / 2);
        std::nth_element(wordLengths.begin(), mid, wordLengths.end());
        m_typicalWordFrames = *mid;
    } else {
        m_typicalWordFrames = 0.0;
    }

    std::vector<TimelineSpan> captions;
    captions.reserve(size_t(m_content.captions.size()));
    for (qsizetype i = 0; i < m_content.captions.size(); ++i) {
        const ReviewCaption &c = m_content.captions[i];
        captions.push_back(TimelineSpan{c.startFrame, std::max(c.endFrame, c.startFrame), int(i), 0, 0});
        last = std::max(last, c.endFrame);
    }
    m_captions.build(std::move(captions));

    std::array<std::vector<TimelineSpan>, 3> findings;
    for (auto &w : m_wholeRun)
        w.clear();
    m_open = {};
    m_total = {};
    for (qsizetype i = 0; i < m_content.findings.size(); ++i) {
        const Finding &f = m_content.findings[i];
        const size_t stage = size_t(f.stage);
        ++m_total[stage];
        if (isOpenFinding(f))
            ++m_open[stage][size_t(f.severity)];
        if (!f.frames) {
            m_wholeRun[stage].push_back(int(i));
            continue;
        }
        findings[stage].push_back(
            TimelineSpan{f.frames->start, std::max(f.frames->end, f.frames->start), int(i), 0, quint8(f.severity)});
        last = std::max(last, f.frames->end);
    }
    for (size_t s = 0; s < 3; ++s) {
        m_findingRows[s] = packRows(findings[s], kMaxFindingRows);
        m_findings[s].build(std::move(findings[s]));
    }

    const ReviewSignals &sig = m_content.qaSignals;
    m_signalSpans[size_t(TimelineSignalSpan::Black)].build(spansOf(sig.blackSpans, TimelineSignalSpan::Black));
    m_signalSpans[size_t(TimelineSignalSpan::Frozen)].build(spansOf(sig.frozenSpans, TimelineSignalSpan::Frozen));
    m_signalSpans[size_t(TimelineSignalSpan::Silent)].build(spansOf(sig.silentSpans, TimelineSignalSpan::Silent));
    m_signalSpans[size_t(TimelineSignalSpan::Changed)].build(spansOf(sig.changedSpans, TimelineSignalSpan::Changed));

    m_loudness.build(sig.loudnessLufs);
    m_ssim.build(sig.ssim);
    m_waveform.build(m_content.waveform.minimum, m_content.waveform.maximum);

    if (m_content.frameCount <= 0) {
        last = std::max<qint64>(last, qint64(sig.loudnessLufs.size()));
        last = std::max<qint64>(last, m_content.waveform.frameCount());
    }
    m_frameCount = std::max<qint64>(1, last);
}

} // namespace greenlight
