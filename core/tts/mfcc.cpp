#include "tts/mfcc.h"

#include <algorithm>
#include <cmath>
#include <complex>

namespace greenlight {

namespace {

constexpr double kPi = 3.14159265358979323846;

// In-place iterative radix-2 FFT; size must be a power of two.
void fft(std::vector<std::complex<float>> &a)
{
    const size_t n = a.size();
    for (size_t i = 1, j = 0; i < n; ++i) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j ^= bit;
        if (i < j)
            std::swap(a[i], a[j]);
    }
    for (size_t len = 2; len <= n; len <<= 1) {
        const double angle = -2.0 * kPi / double(len);
        const std::complex<float> wl(float(std::cos(angle)), float(std::sin(angle)));
        for (size_t i = 0; i < n; i += len) {
            std::complex<float> w(1.0f, 0.0f);
            for (size_t k = 0; k < len / 2; ++k) {
                const std::complex<float> u = a[i + k];
                const std::complex<float> v = a[i + k + len / 2] * w;
                a[i + k] = u + v;
                a[i + k + len / 2] = u - v;
                w *= wl;
            }
        }
    }
}

double hzToMel(double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); }
double melToHz(double mel) { return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0); }

int frameCount(size_t samples, const MfccOptions &o)
{
    if (samples < size_t(o.window))
        return samples > 0 ? 1 : 0;
    return int((samples - size_t(o.window)) / size_t(o.hop)) + 1;
}

} // namespace

std::vector<float> frameEnergyDb(const std::vector<float> &samples, const MfccOptions &o)
{
    const int frames = frameCount(samples.size(), o);
    std::vector<float> out(static_cast<size_t>(frames));
    for (int f = 0; f < frames; ++f) {
        const size_t a = size_t(f) * size_t(o.hop);
        const size_t b = std::min(samples.size(), a + size_t(o.window));
        double sum = 0;
        for (size_t i = a; i < b; ++i)
            sum += double(samples[i]) * samples[i];
        out[size_t(f)] = float(10.0 * std::log10(sum / double(std::max<size_t>(1, b - a)) + 1e-12));
    }
    return out;
}

FeatureMatrix computeMfcc(const std::vector<float> &samples, const MfccOptions &o)
{
    FeatureMatrix m;
    const int frames = frameCount(samples.size(), o);
    const int base = o.coefficients;
    m.frames = frames;
    m.dims = o.deltas ? 2 * base : base;
    m.data.assign(size_t(frames) * size_t(m.dims), 0.0f);
    if (frames == 0)
        return m;

    std::vector<float> hamming(size_t(o.window));
    for (int i = 0; i < o.window; ++i)
        hamming[size_t(i)] = float(0.54 - 0.46 * std::cos(2.0 * kPi * i / double(o.window - 1)));

    // Triangular mel filters over the power spectrum bins.
    const int bins = o.fftSize / 2 + 1;
    std::vector<std::vector<float>> filters(size_t(o.melBands), std::vector<float>(size_t(bins), 0.0f));
    const double melLow = hzToMel(o.lowHz);
    const double melHigh = hzToMel(std::min(o.highHz, o.sampleRate / 2.0));
    std::vector<double> edges(size_t(o.melBands + 2));
    for (int i = 0; i < o.melBands + 2; ++i)
        edges[size_t(i)] = melToHz(melLow + (melHigh - melLow) * i / double(o.melBands + 1)) * o.fftSize / o.sampleRate;
    for (int b = 0; b < o.melBands; ++b) {
        const double l = edges[size_t(b)], c = edges[size_t(b + 1)], r = edges[size_t(b + 2)];
        for (int k = 0; k < bins; ++k) {
            double w = 0;
            if (k > l && k <= c)
                w = (k - l) / (c - l);
            else if (k > c && k < r)
                w = (r - k) / (r - c);
            filters[size_t(b)][size_t(k)] = float(w);
        }
    }
    // DCT-II basis.
    const int first = o.includeC0 ? 0 : 1;
    std::vector<float> dct(size_t(base) * size_t(o.melBands));
    for (int c = 0; c < base; ++c)
        for (int b = 0; b < o.melBands; ++b)
            dct[size_t(c) * size_t(o.melBands) + size_t(b)] =
                float(std::cos(kPi * (c + first) * (b + 0.5) / o.melBands) * std::sqrt(2.0 / o.melBands));

    std::vector<std::complex<float>> buf(size_t(o.fftSize));
    std::vector<float> power(static_cast<size_t>(bins));
    std::vector<float> logMel(size_t(o.melBands));
    for (int f = 0; f < frames; ++f) {
        const size_t start = size_t(f) * size_t(o.hop);
        std::fill(buf.begin(), buf.end(), std::complex<float>());
        for (int i = 0; i < o.window; ++i) {
            const size_t idx = start + size_t(i);
            const float x = idx < samples.size() ? samples[idx] : 0.0f;
            const float prev = idx > 0 && idx - 1 < samples.size() ? samples[idx - 1] : 0.0f;
            buf[size_t(i)] = std::complex<float>((x - 0.97f * prev) * hamming[size_t(i)], 0.0f);
        }
        fft(buf);
        for (int k = 0; k < bins; ++k)
            power[size_t(k)] = std::norm(buf[size_t(k)]);
        for (int b = 0; b < o.melBands; ++b) {
            double e = 0;
            for (int k = 0; k < bins; ++k)
                e += double(filters[size_t(b)][size_t(k)]) * power[size_t(k)];
            logMel[size_t(b)] = float(std::log(e + 1e-10));
        }
        float *row = m.row(f);
        for (int c = 0; c < base; ++c) {
            double v = 0;
            for (int b = 0; b < o.melBands; ++b)
                v += double(dct[size_t(c) * size_t(o.melBands) + size_t(b)]) * logMel[size_t(b)];
            row[c] = float(v);
        }
    }

    if (o.deltas) {
        // d[t] = sum_{n=1..2} n (c[t+n] - c[t-n]) / (2 * sum n^2)
        for (int f = 0; f < frames; ++f) {
            float *row = m.row(f);
            for (int c = 0; c < base; ++c) {
                double d = 0;
                for (int n = 1; n <= 2; ++n) {
                    const int a = std::min(frames - 1, f + n);
                    const int b = std::max(0, f - n);
                    d += n * (double(m.row(a)[c]) - m.row(b)[c]);
                }
                row[base + c] = float(d / 10.0);
            }
        }
    }
    if (o.meanNormalize || o.varianceNormalize) {
        for (int c = 0; c < m.dims; ++c) {
            double sum = 0, sq = 0;
            for (int f = 0; f < frames; ++f) {
                sum += m.row(f)[c];
                sq += double(m.row(f)[c]) * m.row(f)[c];
            }
            const double mean = sum / frames;
            const double sd = std::sqrt(std::max(1e-8, sq / frames - mean * mean));
            for (int f = 0; f < frames; ++f) {
                float &v = m.row(f)[c];
                if (o.meanNormalize)
                    v = float(v - mean);
                if (o.varianceNormalize)
                    v = float(v / sd);
            }
        }
    }
    return m;
}

} // namespace greenlight
