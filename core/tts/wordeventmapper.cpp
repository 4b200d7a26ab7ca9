#include "tts/wordeventmapper.h"

#include <algorithm>
#include <cmath>

namespace greenlight {

namespace {

float blockRms(const std::vector<float> &s, qint64 a, qint64 b)
{
    double sum = 0;
    for (qint64 i = a; i < b; ++i)
        sum += double(s[size_t(i)]) * s[size_t(i)];
    return b > a ? float(std::sqrt(sum / double(b - a))) : 0.0f;
}

// Splits [start, end) over `count` words by weight; returns the boundaries (count + 1).
std::vector<qint64> splitByWeight(qint64 start, qint64 end, const std::vector<int> &weights)
{
    qint64 total = 0;
    for (int w : weights)
        total += w;
    std::vector<qint64> b{start};
    qint64 cumulative = 0;
    for (int w : weights) {
        cumulative += w;
        b.push_back(start + (end - start) * cumulative / std::max<qint64>(total, 1));
    }
    return b;
}

} // namespace

float WordEventMapper::silenceThreshold(const std::vector<float> &samples, int sampleRate)
{
    const qint64 block = std::max(1, sampleRate / 100);
    float loudest = 0;
    for (qint64 a = 0; a + block <= qint64(samples.size()); a += block)
        loudest = std::max(loudest, blockRms(samples, a, a + block));
    return std::max(loudest * 0.01f, 1e-4f);
}

qint64 WordEventMapper::trimTrailingSilence(const std::vector<float> &samples, int sampleRate, qint64 startSample,
                                            qint64 endSample, float threshold)
{
    endSample = std::min<qint64>(endSample, qint64(samples.size()));
    const qint64 block = std::max(1, sampleRate / 200);
    qint64 e = endSample;
    while (e - block > startSample + block && blockRms(samples, e - block, e) < threshold)
        e -= block;
    if (endSample - e < qint64(sampleRate) * 30 / 1000)
        return endSample;
    return e;
}

QList<SynthesizedWord> WordEventMapper::map(const Input &in)
{
    const QList<WordSpan> spans = splitWords(in.text, in.ssml);
    const qsizetype n = spans.size();
    QList<SynthesizedWord> out;
    if (n == 0)
        return out;
    const qint64 total = std::max<qint64>(0, in.totalSamples);

    // First event of each word.
    std::vector<qint64> start(size_t(n), -1);
    qsizetype last = -1;
    qint64 lastSample = 0;
    for (const WordEvent &ev : in.words) {
        const int pos = ev.textPosition - 1;
        const auto it = std::upper_bound(spans.begin(), spans.end(), pos,
                                         [](int p, const WordSpan &s) { return p < s.charEnd; });
        const qsizetype k = it - spans.begin();
        if (k >= n || k <= last || ev.sample < lastSample || ev.sample >= total)
            continue;
        start[size_t(k)] = ev.sample;
        last = k;
        lastSample = ev.sample;
    }

    std::vector<qint64> wordStart(size_t(n), 0);
    std::vector<qint64> wordEnd(size_t(n), 0);
    std::vector<TimingSource> source(size_t(n), TimingSource::Engine);
    std::vector<qsizetype> timed;
    for (qsizetype k = 0; k < n; ++k)
        if (start[size_t(k)] >= 0)
            timed.push_back(k);

    auto weightsOf = [&](qsizetype a, qsizetype b) {
        std::vector<int> w;
        for (qsizetype k = a; k < b; ++k)
            w.push_back(spokenWeight(in.text, spans[k]));
        return w;
    };

    if (timed.empty()) {
        const std::vector<qint64> b = splitByWeight(0, total, weightsOf(0, n));
        for (qsizetype k = 0; k < n; ++k) {
            wordStart[size_t(k)] = b[size_t(k)];
            wordEnd[size_t(k)] = b[size_t(k + 1)];
            source[size_t(k)] = TimingSource::Estimate;
        }
    } else {
        // A timed word's raw interval: to the next timed word, a clause end or the end.
        for (size_t t = 0; t < timed.size(); ++t) {
            const qsizetype k = timed[t];
            const qint64 s = start[size_t(k)];
            qint64 e = t + 1 < timed.size() ? start[size_t(timed[t + 1])] : total;
            for (qint64 c : in.clauseEndSamples)
                if (c > s && c < e)
                    e = c;
            // Words after k up to the next timed word have no event: they share [s, e).
            const qsizetype runEnd = t + 1 < timed.size() ? timed[t + 1] : n;
            const std::vector<qint64> b = splitByWeight(s, e, weightsOf(k, runEnd));
            for (qsizetype j = k; j < runEnd; ++j) {
                wordStart[size_t(j)] = b[size_t(j - k)];
                wordEnd[size_t(j)] = b[size_t(j - k + 1)];
                source[size_t(j)] = j == k ? TimingSource::Engine : TimingSource::Estimate;
            }
        }
        // Words before the first event: the lead-in, or a share of the first timed word.
        const qsizetype first = timed.front();
        if (first > 0) {
            const qint64 s0 = start[size_t(first)];
            const qint64 minLead = qint64(in.sampleRate) / 100 * first;
            if (s0 >= minLead) {
                const std::vector<qint64> b = splitByWeight(0, s0, weightsOf(0, first));
                for (qsizetype j = 0; j < first; ++j) {
                    wordStart[size_t(j)] = b[size_t(j)];
                    wordEnd[size_t(j)] = b[size_t(j + 1)];
                    source[size_t(j)] = TimingSource::Estimate;
                }
            } else {
                const std::vector<qint64> b = splitByWeight(0, wordEnd[size_t(first)], weightsOf(0, first + 1));
                for (qsizetype j = 0; j <= first; ++j) {
                    wordStart[size_t(j)] = b[size_t(j)];
                    wordEnd[size_t(j)] = b[size_t(j + 1)];
                    source[size_t(j)] = TimingSource::Estimate;
                }
            }
        }
    }

    const bool canTrim = in.samples && !in.samples->empty();
    const float threshold = canTrim ? silenceThreshold(*in.samples, in.sampleRate) : 0.0f;
    for (qsizetype k = 0; k < n; ++k) {
        SynthesizedWord w;
        w.charStart = spans[k].charStart;
        w.charEnd = spans[k].charEnd;
        w.text = codePointMid(in.text, w.charStart, spans[k].length());
        w.startSample = std::clamp<qint64>(wordStart[size_t(k)], 0, total);
        w.endSample = std::clamp<qint64>(wordEnd[size_t(k)], w.startSample, total);
        if (canTrim && w.endSample > w.startSample)
            w.endSample = trimTrailingSilence(*in.samples, in.sampleRate, w.startSample, w.endSample, threshold);
        w.source = source[size_t(k)];
        out.append(w);
    }
    return out;
}

} // namespace greenlight
