#include "media/loudnessmeter.h"

#include "media/avhandles.h"

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/channel_layout.h>
#include <libavutil/dict.h>
}

#include <cmath>
#include <cstdlib>

namespace greenlight {

struct LoudnessMeter::Graph
{
    av::GraphPtr graph;
    AVFilterContext *source = nullptr;
    AVFilterContext *sink = nullptr;
    av::FramePtr out{av_frame_alloc()};
};

namespace {

Error meterError(const QString &what, int rc)
{
    return makeError(QStringLiteral("media.loudness"),
                     QStringLiteral("loudness measurement failed: %1 (%2)").arg(what, av::errorText(rc)));
}

bool metaValue(const AVFrame *frame, const char *key, double *value)
{
    const AVDictionaryEntry *e = av_dict_get(frame->metadata, key, nullptr, 0);
    if (!e)
        return false;
    *value = std::strtod(e->value, nullptr);
    return true;
}

double toDb(double linear)
{
    return linear > 0.0 ? 20.0 * std::log10(linear) : -144.0;
}

} // namespace

LoudnessMeter::LoudnessMeter() = default;
LoudnessMeter::~LoudnessMeter() = default;

Status LoudnessMeter::open(const AVFrame *frame)
{
    auto g = std::make_unique<Graph>();
    g->graph.reset(avfilter_graph_alloc());
    if (!g->graph || !g->out)
        return makeError(QStringLiteral("media.loudness"), QStringLiteral("out of memory"));
    g->graph->nb_threads = 1;

    AVChannelLayout layout{};
    if (frame->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || frame->ch_layout.nb_channels <= 0)
        av_channel_layout_default(&layout, std::max(1, frame->ch_layout.nb_channels));
    else
        av_channel_layout_copy(&layout, &frame->ch_layout);
    char layoutName[128] = {};
    av_channel_layout_describe(&layout, layoutName, sizeof(layoutName));
    av_channel_layout_uninit(&layout);
    const QByteArray args = QStringLiteral("time_base=1/%1:sample_rate=%1:sample_fmt=%2:channel_layout=%3")
                                .arg(frame->sample_rate)
                                .arg(QLatin1String(av_get_sample_fmt_name(AVSampleFormat(frame->format))),
                                     QLatin1String(layoutName))
                                .toLatin1();
    int rc = avfilter_graph_create_filter(&g->source, avfilter_get_by_name("abuffer"), "in", args.constData(),
                                          nullptr, g->graph.get());
    if (rc < 0)
        return meterError(QStringLiteral("abuffer"), rc);
    rc = avfilter_graph_create_filter(&g->sink, avfilter_get_by_name("abuffersink"), "out", nullptr, nullptr,
                                      g->graph.get());
    if (rc < 0)
        return meterError(QStringLiteral("abuffersink"), rc);

    AVFilterInOut *outputs = avfilter_inout_alloc();
    AVFilterInOut *inputs = avfilter_inout_alloc();
    outputs->name = av_strdup("in");
    outputs->filter_ctx = g->source;
    inputs->name = av_strdup("out");
    inputs->filter_ctx = g->sink;
    rc = avfilter_graph_parse_ptr(g->graph.get(),
                                  "aresample=48000,aformat=sample_fmts=dbl,asetnsamples=n=4800:p=0,"
                                  "ebur128=peak=sample+true:metadata=1",
                                  &inputs, &outputs, nullptr);
    avfilter_inout_free(&inputs);
    avfilter_inout_free(&outputs);
    if (rc < 0)
        return meterError(QStringLiteral("filter graph"), rc);
    rc = avfilter_graph_config(g->graph.get(), nullptr);
    if (rc < 0)
        return meterError(QStringLiteral("filter graph configuration"), rc);
    m_graph = std::move(g);
    return Status::success();
}

Status LoudnessMeter::push(AVFrame *frame)
{
    if (!m_graph) {
        if (Status s = open(frame); !s.ok())
            return s;
    }
    frame->pts = m_samplesIn;
    m_samplesIn += frame->nb_samples;
    const int rc = av_buffersrc_add_frame_flags(m_graph->source, frame, AV_BUFFERSRC_FLAG_KEEP_REF);
    if (rc < 0)
        return meterError(QStringLiteral("feeding audio"), rc);
    return drain();
}

Status LoudnessMeter::finish()
{
    if (!m_graph)
        return Status::success();
    const int rc = av_buffersrc_add_frame_flags(m_graph->source, nullptr, 0);
    if (rc < 0)
        return meterError(QStringLiteral("flushing"), rc);
    return drain();
}

Status LoudnessMeter::drain()
{
    AVFrame *out = m_graph->out.get();
    while (true) {
        const int rc = av_buffersink_get_frame(m_graph->sink, out);
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
            return Status::success();
        if (rc < 0)
            return meterError(QStringLiteral("reading results"), rc);
        double v = 0.0;
        if (metaValue(out, "lavfi.r128.M", &v)) {
            m_momentary.push_back(float(v));
            ++m_chunks;
        }
        if (metaValue(out, "lavfi.r128.I", &v))
            m_integrated = v;
        if (metaValue(out, "lavfi.r128.LRA", &v))
            m_range = v;
        if (metaValue(out, "lavfi.r128.true_peak", &v))
            m_truePeak = std::max(m_truePeak, v);
        if (metaValue(out, "lavfi.r128.sample_peak", &v))
            m_samplePeak = std::max(m_samplePeak, v);
        av_frame_unref(out);
    }
}

LoudnessSummary LoudnessMeter::summary() const
{
    LoudnessSummary s;
    s.integratedLufs = m_integrated;
    s.loudnessRangeLu = m_range;
    s.truePeakDbtp = toDb(m_truePeak);
    s.samplePeakDbfs = toDb(m_samplePeak);
    return s;
}

} // namespace greenlight
