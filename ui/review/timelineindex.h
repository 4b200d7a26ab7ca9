#pragma once

#include "review/timelinecontent.h"
#include "review/timelinespanlist.h"

#include <QString>

#include <array>
#include <vector>

namespace greenlight {

// The tracks of the timeline, top to bottom.
enum class TimelineTrack {
    Thumbnails,
    Scenes,
    Narration,
    Captions,
    Structural,    // findings of the structural stage
    Deterministic, // findings of the deterministic stage
    Semantic,      // findings of the semantic stage (observations)
    Loudness,      // momentary loudness; silent spans
    Picture,       // SSIM to the baseline; black, frozen and changed spans
    Waveform,
};

// Kinds of QA spans on the signal tracks (TimelineSpan::kind there).
enum class TimelineSignalSpan : quint8 { Black, Frozen, Silent, Changed };

// A narration word on the timeline: fractional frames from its samples.
struct TimelineWord
{
    int segment = 0;
    int word = 0;
    double startFrame = 0.0;
    double endFrame = 0.0;
};

// Lowest and highest value of a per-frame series over any frame range in O(log n): levels of
// block minima and maxima, each half the length of the one below. NaN values count as none.
class TimelineRangePyramid
{
public:
    void build(const std::vector<float> &minima, const std::vector<float> &maxima);
    void build(const std::vector<float> &values) { build(values, values); }
    void clear() { m_lo.clear(); m_hi.clear(); }
    bool isEmpty() const { return m_lo.empty(); }
    qint64 size() const { return m_lo.empty() ? 0 : qint64(m_lo.front().size()); }
    // False when frames [a, b) hold no value.
    bool range(qint64 a, qint64 b, float &lo, float &hi) const;

private:
    std::vector<std::vector<float>> m_lo;
    std::vector<std::vector<float>> m_hi;
};

// The content of a timeline prepared for painting and hit-testing: every track's items in a
// TimelineSpanList (sorted once when the content is set), findings packed into rows per
// stage, words flattened, counts for the track headers.
class TimelineIndex
{
public:
    static constexpr int kMaxFindingRows = 3;

    void build(TimelineContent content);

    const TimelineContent &content() const { return m_content; }
    Rational fps() const { return m_content.fps; }
    // The content's frame count, or the last frame any item reaches when that is later.
    qint64 frameCount() const { return m_frameCount; }

    const TimelineSpanList &scenes() const { return m_scenes; }
    const TimelineSpanList &segments() const { return m_segments; }
    const TimelineSpanList &words() const { return m_words; } // ref indexes wordAt()
    const TimelineWord &wordAt(int ref) const { return m_wordList[size_t(ref)]; }
    const TimelineSpanList &captions() const { return m_captions; }
    const TimelineSpanList &findings(Stage stage) const { return m_findings[size_t(stage)]; }
    // Findings of a stage with no frame range: they concern the whole run.
    const std::vector<int> &wholeRunFindings(Stage stage) const { return m_wholeRun[size_t(stage)]; }
    int findingRows(Stage stage) const { return m_findingRows[size_t(stage)]; }
    int openCount(Stage stage, Severity severity) const { return m_open[size_t(stage)][size_t(severity)]; }
    int totalCount(Stage stage) const { return m_total[size_t(stage)]; }
    const TimelineSpanList &signalSpans(TimelineSignalSpan kind) const { return m_signalSpans[size_t(kind)]; }
    const TimelineRangePyramid &loudness() const { return m_loudness; }
    const TimelineRangePyramid &ssim() const { return m_ssim; }
    const TimelineRangePyramid &waveform() const { return m_waveform; }
    // Median number of frames a word lasts (for deciding when words are wide enough to show).
    double typicalWordFrames() const { return m_typicalWordFrames; }

    // The text of a word as written in its segment.
    static QString wordText(const TimelineContent &content, const TimelineWord &w);

private:
    TimelineContent m_content;
    qint64 m_frameCount = 0;
    TimelineSpanList m_scenes;
    TimelineSpanList m_segments;
    TimelineSpanList m_words;
    std::vector<TimelineWord> m_wordList;
    TimelineSpanList m_captions;
    std::array<TimelineSpanList, 3> m_findings;
    std::array<std::vector<int>, 3> m_wholeRun;
    std::array<int, 3> m_findingRows{1, 1, 1};
    std::array<std::array<int, 3>, 3> m_open{};
    std::array<int, 3> m_total{};
    std::array<TimelineSpanList, 4> m_signalSpans;
    double m_typicalWordFrames = 0.0;
    TimelineRangePyramid m_loudness;
    TimelineRangePyramid m_ssim;
    TimelineRangePyramid m_waveform;
};

} // namespace greenlight
