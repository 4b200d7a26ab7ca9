#pragma once

#include "common/result.h"

#include <vector>

namespace greenlight {

// Mono float resampling with libswresample (band-limited, delay compensated).
class Resampler
{
public:
    static Result<std::vector<float>> resampleMono(const std::vector<float> &samples, int fromRate, int toRate);
};

} // namespace greenlight
