#include "tts/resampler.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libavutil/samplefmt.h>
#include <libswresample/swresample.h>
}

#include <memory>

namespace greenlight {

Result<std::vector<float>> Resampler::resampleMono(const std::vector<float> &samples, int fromRate, int toRate)
{
    if (fromRate <= 0 || toRate <= 0)
        return makeError(QStringLiteral("tts.alignment"), QStringLiteral("invalid sample rate for resampling"));
    if (fromRate == toRate || samples.empty())
        return samples;

    SwrContext *raw = nullptr;
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    if (swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_FLT, toRate, &mono, AV_SAMPLE_FMT_FLT, fromRate, 0, nullptr) < 0
        || !raw)
        return makeError(QStringLiteral("tts.alignment"), QStringLiteral("cannot set up the resampler"));
    std::unique_ptr<SwrContext, void (*)(SwrContext *)> swr(raw, [](SwrContext *c) { swr_free(&c); });
    if (swr_init(swr.get()) < 0)
        return makeError(QStringLiteral("tts.alignment"), QStringLiteral("cannot initialize the resampler"));

    const qint64 expected = qint64(samples.size()) * toRate / fromRate;
    std::vector<float> out(size_t(expected + 4096));
    const uint8_t *in = reinterpret_cast<const uint8_t *>(samples.data());
    uint8_t *dst = reinterpret_cast<uint8_t *>(out.data());
    const int n = swr_convert(swr.get(), &dst, int(out.size()), &in, int(samples.size()));
    if (n < 0)
        return makeError(QStringLiteral("tts.alignment"), QStringLiteral("resampling failed"));
    uint8_t *rest = reinterpret_cast<uint8_t *>(out.data() + n);
    const int m = swr_convert(swr.get(), &rest, int(out.size()) - n, nullptr, 0);
    out.resize(size_t(n + (m > 0 ? m : 0)));
    return out;
}

} // namespace greenlight
