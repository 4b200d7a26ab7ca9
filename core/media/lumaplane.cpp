#include "media/lumaplane.h"

#include "media/avhandles.h"

extern "C" {
#include <libavutil/pixdesc.h>
}

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace greenlight {

namespace {

bool hasDirectLuma(int format)
{
    switch (format) {
    case AV_PIX_FMT_YUV420P: case AV_PIX_FMT_YUVJ420P: case AV_PIX_FMT_YUV422P:
    case AV_PIX_FMT_YUVJ422P: case AV_PIX_FMT_YUV444P: case AV_PIX_FMT_YUVJ444P:
    case AV_PIX_FMT_YUV440P: case AV_PIX_FMT_YUVJ440P: case AV_PIX_FMT_YUV411P:
    case AV_PIX_FMT_YUV410P: case AV_PIX_FMT_NV12: case AV_PIX_FMT_NV21: case AV_PIX_FMT_GRAY8:
    case AV_PIX_FMT_YUVA420P: case AV_PIX_FMT_NV16: case AV_PIX_FMT_NV24:
        return true;
    default:
        return false;
    }
}

bool isFullRange(const AVFrame *frame)
{
    switch (frame->format) {
    case AV_PIX_FMT_YUVJ420P: case AV_PIX_FMT_YUVJ422P: case AV_PIX_FMT_YUVJ444P:
    case AV_PIX_FMT_YUVJ440P:
        return true;
    default:
        break;
    }
    if (frame->color_range == AVCOL_RANGE_JPEG)
        return true;
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(AVPixelFormat(frame->format));
    return desc && (desc->flags & AV_PIX_FMT_FLAG_RGB); // RGB converted to gray spans 0..255
}

// sum of F*F pixels -> rounded average, for every possible sum (F <= 15).
const std::vector<quint8> &averageTable(int factor)
{
    static thread_local int tableFactor = 0;
    static thread_local std::vector<quint8> table;
    if (tableFactor != factor) {
        const int area = factor * factor;
        table.resize(size_t(area * 255 + 1));
        for (int s = 0; s <= area * 255; ++s)
            table[size_t(s)] = quint8((s + area / 2) / area);
        tableFactor = factor;
    }
    return table;
}

} // namespace

LumaPlane::LumaPlane() = default;

LumaPlane::~LumaPlane()
{
    sws_freeContext(m_sws);
}

QSize LumaPlane::analysisSize(int width, int height)
{
    const int factor = std::max(1, int(std::lround(std::min(width, height) / 256.0)));
    return QSize(std::max(1, width / factor), std::max(1, height / factor));
}

bool LumaPlane::fill(const AVFrame *frame, int targetWidth, int targetHeight)
{
    m_fullRange = isFullRange(frame);
    if (hasDirectLuma(frame->format) && targetWidth > 0 && targetHeight > 0) {
        const int factor = frame->width / targetWidth;
        if (factor >= 1 && factor <= 15 && frame->width / factor == targetWidth
            && frame->height / factor == targetHeight)
            return fillDirect(frame, factor);
    }
    return fillScaled(frame, targetWidth, targetHeight);
}

bool LumaPlane::fillDirect(const AVFrame *frame, int factor)
{
    m_width = frame->width / factor;
    m_height = frame->height / factor;
    m_pixels.resize(size_t(m_width) * size_t(m_height));
    const int stride = frame->linesize[0];
    const quint8 *src = frame->data[0];
    if (factor == 1) {
        for (int y = 0; y < m_height; ++y)
            std::memcpy(m_pixels.data() + size_t(y) * size_t(m_width), src + qint64(y) * stride, size_t(m_width));
        return true;
    }
    const int span = m_width * factor;
    const quint8 *table = averageTable(factor).data();
#if defined(__SSE2__)
    if (factor == 4) {
        // 4x4 boxes, 16 source bytes of 4 rows at a time: SAD against zero over the masked
        // low/high 4-byte groups of each 8-byte half gives four exact box sums.
        const __m128i zero = _mm_setzero_si128();
        const __m128i groupsA = _mm_set_epi32(0, -1, 0, -1); // bytes 0-3 and 8-11
        const __m128i groupsB = _mm_set_epi32(-1, 0, -1, 0); // bytes 4-7 and 12-15
        for (int oy = 0; oy < m_height; ++oy) {
            const quint8 *rows[4];
            for (int r = 0; r < 4; ++r)
                rows[r] = src + (qint64(oy) * 4 + r) * stride;
            quint8 *out = m_pixels.data() + size_t(oy) * size_t(m_width);
            int x = 0;
            for (; x + 16 <= span; x += 16) {
                __m128i a = zero;
                __m128i b = zero;
                for (const quint8 *row : rows) {
                    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(row + x));
                    a = _mm_add_epi64(a, _mm_sad_epu8(_mm_and_si128(v, groupsA), zero));
                    b = _mm_add_epi64(b, _mm_sad_epu8(_mm_and_si128(v, groupsB), zero));
                }
                quint8 *o = out + x / 4;
                o[0] = table[_mm_extract_epi16(a, 0)];
                o[1] = table[_mm_extract_epi16(b, 0)];
                o[2] = table[_mm_extract_epi16(a, 4)];
                o[3] = table[_mm_extract_epi16(b, 4)];
            }
            for (; x < span; x += 4) {
                int sum = 0;
                for (const quint8 *row : rows)
                    sum += row[x] + row[x + 1] + row[x + 2] + row[x + 3];
                out[x / 4] = table[sum];
            }
        }
        return true;
    }
#endif
    m_rowSums.resize(size_t(span));
    quint16 *acc = m_rowSums.data();
    for (int oy = 0; oy < m_height; ++oy) {
        const quint8 *row = src + qint64(oy) * factor * stride;
        for (int x = 0; x < span; ++x)
            acc[x] = row[x];
        for (int r = 1; r < factor; ++r) {
            row += stride;
            for (int x = 0; x < span; ++x)
                acc[x] = quint16(acc[x] + row[x]);
        }
        quint8 *out = m_pixels.data() + size_t(oy) * size_t(m_width);
        if (factor == 4) {
            for (int ox = 0; ox < m_width; ++ox) {
                const quint16 *a = acc + ox * 4;
                out[ox] = table[a[0] + a[1] + a[2] + a[3]];
            }
        } else {
            for (int ox = 0; ox < m_width; ++ox) {
                const quint16 *a = acc + ox * factor;
                int sum = 0;
                for (int k = 0; k < factor; ++k)
                    sum += a[k];
                out[ox] = table[sum];
            }
        }
    }
    return true;
}

bool LumaPlane::fillScaled(const AVFrame *frame, int targetWidth, int targetHeight)
{
    if (targetWidth <= 0 || targetHeight <= 0 || frame->width <= 0 || frame->height <= 0)
        return false;
    m_sws = sws_getCachedContext(m_sws, frame->width, frame->height, AVPixelFormat(frame->format),
                                 targetWidth, targetHeight, AV_PIX_FMT_GRAY8, SWS_AREA, nullptr, nullptr,
                                 nullptr);
    if (!m_sws)
        return false;
    m_width = targetWidth;
    m_height = targetHeight;
    m_pixels.resize(size_t(m_width) * size_t(m_height));
    quint8 *dst[4] = {m_pixels.data(), nullptr, nullptr, nullptr};
    int dstStride[4] = {m_width, 0, 0, 0};
    return sws_scale(m_sws, frame->data, frame->linesize, 0, frame->height, dst, dstStride) > 0;
}

void LumaPlane::assignPixels(const LumaPlane &other)
{
    m_width = other.m_width;
    m_height = other.m_height;
    m_fullRange = other.m_fullRange;
    m_pixels.assign(other.m_pixels.begin(), other.m_pixels.end());
}

int LumaPlane::blackThreshold(double pixelThreshold) const
{
    return m_fullRange ? int(pixelThreshold * 255) : int(16 + pixelThreshold * (235 - 16));
}

LumaPlane::Stats LumaPlane::stats(int blackThreshold) const
{
    Stats s;
    if (m_pixels.empty())
        return s;
    quint64 sum = 0;
    quint64 dark = 0;
    const quint8 *p = m_pixels.data();
    const size_t n = m_pixels.size();
    size_t i = 0;
#if defined(__SSE2__)
    if (blackThreshold >= 0 && blackThreshold < 255) {
        // Sum: SAD against zero; dark: p <= t  <=>  min(p, t) == p.
        const __m128i zero = _mm_setzero_si128();
        const __m128i threshold = _mm_set1_epi8(char(blackThreshold));
        __m128i sums = zero;
        __m128i darkSums = zero;
        const __m128i one = _mm_set1_epi8(1);
        for (; i + 16 <= n; i += 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i));
            sums = _mm_add_epi64(sums, _mm_sad_epu8(v, zero));
            const __m128i isDark = _mm_and_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, threshold), v), one);
            darkSums = _mm_add_epi64(darkSums, _mm_sad_epu8(isDark, zero));
        }
        sum = quint64(_mm_cvtsi128_si64(sums)) + quint64(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
        dark = quint64(_mm_cvtsi128_si64(darkSums))
               + quint64(_mm_cvtsi128_si64(_mm_unpackhi_epi64(darkSums, darkSums)));
    }
#endif
    for (; i < n; ++i) {
        sum += p[i];
        dark += p[i] <= blackThreshold ? 1 : 0;
    }
    s.meanLuma = double(sum) / double(n);
    s.darkFraction = double(dark) / double(n);
    return s;
}

double LumaPlane::meanAbsDiff(const LumaPlane &other) const
{
    if (other.m_width != m_width || other.m_height != m_height || m_pixels.empty())
        return std::numeric_limits<double>::quiet_NaN();
    quint64 sum = 0;
    const quint8 *a = m_pixels.data();
    const quint8 *b = other.m_pixels.data();
    const size_t n = m_pixels.size();
    size_t i = 0;
#if defined(__SSE2__)
    __m128i sums = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16)
        sums = _mm_add_epi64(sums, _mm_sad_epu8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(a + i)),
                                                _mm_loadu_si128(reinterpret_cast<const __m128i *>(b + i))));
    sum = quint64(_mm_cvtsi128_si64(sums)) + quint64(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
#endif
    for (; i < n; ++i)
        sum += quint64(a[i] > b[i] ? a[i] - b[i] : b[i] - a[i]);
    return double(sum) / (double(n) * 255.0);
}

double LumaPlane::ssim(const LumaPlane &other) const
{
    const int bw = m_width / 4;
    const int bh = m_height / 4;
    if (other.m_width != m_width || other.m_height != m_height || bw < 2 || bh < 2)
        return std::numeric_limits<double>::quiet_NaN();

    // Sums over each 4x4 block of one block row: a, b, a*a + b*b, a*b.
    struct BlockSums
    {
        qint32 a, b, squares, product;
    };
    static thread_local std::vector<BlockSums> rows[2];
    rows[0].resize(size_t(bw));
    rows[1].resize(size_t(bw));
    const auto sumRow = [&](int by, std::vector<BlockSums> &out) {
        for (int bx = 0; bx < bw; ++bx) {
            BlockSums s{0, 0, 0, 0};
            for (int y = 0; y < 4; ++y) {
                const size_t offset = size_t(by * 4 + y) * size_t(m_width) + size_t(bx * 4);
                const quint8 *pa = m_pixels.data() + offset;
                const quint8 *pb = other.m_pixels.data() + offset;
                for (int x = 0; x < 4; ++x) {
                    const qint32 va = pa[x];
                    const qint32 vb = pb[x];
                    s.a += va;
                    s.b += vb;
                    s.squares += va * va + vb * vb;
                    s.product += va * vb;
                }
            }
            out[size_t(bx)] = s;
        }
    };

    constexpr double c1 = (0.01 * 255) * (0.01 * 255);
    constexpr double c2 = (0.03 * 255) * (0.03 * 255);
    double total = 0.0;
    qint64 windows = 0;
    sumRow(0, rows[0]);
    for (int by = 1; by < bh; ++by) {
        std::vector<BlockSums> &prev = rows[(by - 1) & 1];
        std::vector<BlockSums> &cur = rows[by & 1];
        sumRow(by, cur);
        for (int bx = 0; bx + 1 < bw; ++bx) {
            const BlockSums *p = &prev[size_t(bx)];
            const BlockSums *c = &cur[size_t(bx)];
            const double sa = p[0].a + p[1].a + c[0].a + c[1].a;
            const double sb = p[0].b + p[1].b + c[0].b + c[1].b;
            const double sq = double(p[0].squares) + p[1].squares + c[0].squares + c[1].squares;
            const double sp = double(p[0].product) + p[1].product + c[0].product + c[1].product;
            const double ma = sa / 64.0;
            const double mb = sb / 64.0;
            const double variances = sq / 64.0 - ma * ma - mb * mb;
            const double covariance = sp / 64.0 - ma * mb;
            total += ((2 * ma * mb + c1) * (2 * covariance + c2))
                     / ((ma * ma + mb * mb + c1) * (variances + c2));
            ++windows;
        }
    }
    return windows ? total / double(windows) : std::numeric_limits<double>::quiet_NaN();
}

} // namespace greenlight
