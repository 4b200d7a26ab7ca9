#include "tts/dtw.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace greenlight {

double DtwPath::mapRefFrame(double refFrame) const
{
    if (meanTarget.empty())
        return 0;
    const double f = std::clamp(refFrame, 0.0, double(meanTarget.size() - 1));
    const size_t a = size_t(std::floor(f));
    const size_t b = std::min(a + 1, meanTarget.size() - 1);
    const double t = f - double(a);
    return meanTarget[a] * (1 - t) + meanTarget[b] * t;
}

Result<DtwPath> dtwAlign(const FeatureMatrix &ref, const FeatureMatrix &target, const DtwOptions &options,
                         const CancelToken &cancel)
{
    const int n = ref.frames;
    const int m = target.frames;
    if (n == 0 || m == 0 || ref.dims != target.dims)
        return makeError(QStringLiteral("tts.alignment"), QStringLiteral("nothing to align (empty audio)"));

    // Band: row i allows columns [lo[i], hi[i]].
    std::vector<int> lo(static_cast<size_t>(n)), hi(static_cast<size_t>(n));
    const bool banded = options.bandFrames > 0;
    for (int i = 0; i < n; ++i) {
        const double centre = n > 1 ? double(i) * (m - 1) / double(n - 1) : 0.0;
        lo[size_t(i)] = banded ? std::max(0, int(std::floor(centre)) - options.bandFrames) : 0;
        hi[size_t(i)] = banded ? std::min(m - 1, int(std::ceil(centre)) + options.bandFrames) : m - 1;
    }
    // Rows must overlap so that the path can go on.
    for (int i = 1; i < n; ++i)
        lo[size_t(i)] = std::min(lo[size_t(i)], hi[size_t(i - 1)]);
    lo[0] = 0;
    hi[size_t(n - 1)] = m - 1;

    std::vector<size_t> offset(size_t(n) + 1, 0);
    for (int i = 0; i < n; ++i)
        offset[size_t(i) + 1] = offset[size_t(i)] + size_t(hi[size_t(i)] - lo[size_t(i)] + 1);
    constexpr float kInf = std::numeric_limits<float>::infinity();
    std::vector<float> acc(offset[size_t(n)], kInf);
    std::vector<unsigned char> step(offset[size_t(n)], 0); // 0 diag, 1 from (i-1, j), 2 from (i, j-1)

    auto at = [&](int i, int j) -> float {
        if (i < 0 || j < lo[size_t(i)] || j > hi[size_t(i)])
            return kInf;
        return acc[offset[size_t(i)] + size_t(j - lo[size_t(i)])];
    };
    const int dims = ref.dims;
    for (int i = 0; i < n; ++i) {
        if ((i & 255) == 0 && cancel.isCancelled())
            return makeError(QStringLiteral("tts.cancelled"), QStringLiteral("alignment cancelled"));
        const float *r = ref.row(i);
        for (int j = lo[size_t(i)]; j <= hi[size_t(i)]; ++j) {
            const float *t = target.row(j);
            float d = 0;
            if (options.cosine) {
                float dot = 0, nr = 0, nt = 0;
                for (int k = 0; k < dims; ++k) {
                    dot += r[k] * t[k];
                    nr += r[k] * r[k];
                    nt += t[k] * t[k];
                }
                d = 1.0f - dot / std::sqrt(nr * nt + 1e-12f);
            } else {
                for (int k = 0; k < dims; ++k) {
                    const float x = r[k] - t[k];
                    d += x * x;
                }
                d = std::sqrt(d);
            }
            const size_t idx = offset[size_t(i)] + size_t(j - lo[size_t(i)]);
            if (i == 0 && j == 0) {
                acc[idx] = d;
                continue;
            }
            const float diag = at(i - 1, j - 1) + 2 * d;
            const float up = at(i - 1, j) + d;
            const float left = j > lo[size_t(i)] ? acc[idx - 1] + d : kInf;
            if (diag <= up && diag <= left) {
                acc[idx] = diag;
                step[idx] = 0;
            } else if (up <= left) {
                acc[idx] = up;
                step[idx] = 1;
            } else {
                acc[idx] = left;
                step[idx] = 2;
            }
        }
    }
    if (!std::isfinite(at(n - 1, m - 1)))
        return makeError(QStringLiteral("tts.alignment"),
                         QStringLiteral("the audio and the reference cannot be aligned within the band"));

    DtwPath path;
    path.cost = at(n - 1, m - 1) / double(n + m);
    int i = n - 1, j = m - 1;
    while (true) {
        path.refIndex.push_back(i);
        path.targetIndex.push_back(j);
        if (i == 0 && j == 0)
            break;
        const unsigned char s = step[offset[size_t(i)] + size_t(j - lo[size_t(i)])];
        if (i == 0)
            --j;
        else if (j == 0)
            --i;
        else if (s == 0) {
            --i;
            --j;
        } else if (s == 1)
            --i;
        else
            --j;
    }
    std::reverse(path.refIndex.begin(), path.refIndex.end());
    std::reverse(path.targetIndex.begin(), path.targetIndex.end());

    std::vector<double> sum(size_t(n), 0.0);
    std::vector<int> count(size_t(n), 0);
    for (size_t k = 0; k < path.refIndex.size(); ++k) {
        sum[size_t(path.refIndex[k])] += path.targetIndex[k];
        ++count[size_t(path.refIndex[k])];
    }
    path.meanTarget.resize(size_t(n));
    for (int r = 0; r < n; ++r)
        path.meanTarget[size_t(r)] = count[size_t(r)] ? sum[size_t(r)] / count[size_t(r)] : 0.0;
    return path;
}

} // namespace greenlight
