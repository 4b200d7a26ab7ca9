#pragma once

#include <cstddef>
#include <vector>

namespace greenlight {

// Frames x dims, row-major.
struct FeatureMatrix
{
    int frames = 0;
    int dims = 0;
    std::vector<float> data;
    const float *row(int i) const { return data.data() + size_t(i) * size_t(dims); }
    float *row(int i) { return data.data() + size_t(i) * size_t(dims); }
};

struct MfccOptions
{
    int sampleRate = 16000;
    int window = 400; // 25 ms at 16 kHz
    int hop = 160;    // 10 ms
    int fftSize = 512;
    int melBands = 26;
    int coefficients = 13; // c0..c12 (c1..c13 without c0)
    bool includeC0 = true; // c0 follows loudness; leaving it out helps across voices
    double lowHz = 60.0;
    double highHz = 7600.0;
    bool deltas = true;            // append first differences (window of 2 frames)
    bool meanNormalize = true;     // cepstral mean normalization over the utterance
    bool varianceNormalize = true; // and unit variance per dimension
};

// MFCCs (+ deltas) of mono audio at options.sampleRate: pre-emphasis 0.97, Hamming window,
// power spectrum, triangular mel filters, log, DCT-II. Frame i covers samples
// [i*hop, i*hop + window).
FeatureMatrix computeMfcc(const std::vector<float> &samples, const MfccOptions &options = {});

// Log energy (dB) of each frame, framed like computeMfcc.
std::vector<float> frameEnergyDb(const std::vector<float> &samples, const MfccOptions &options = {});

} // namespace greenlight
