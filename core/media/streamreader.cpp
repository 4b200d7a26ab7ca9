#include "media/streamreader.h"

namespace greenlight {

Status StreamReader::open(const QString &path, bool wantVideo, bool wantAudio, int threads)
{
    av::OpenResult opened = av::openInput(path);
    if (!opened.format)
        return makeError(QStringLiteral("media.unreadable"),
                         QStringLiteral("cannot read this media file: %1").arg(opened.error), path);
    m_format = std::move(opened.format);
    AVFormatContext *fmt = m_format.get();
    const int video = wantVideo ? av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0) : -1;
    const int audio = wantAudio ? av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0) : -1;
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
        fmt->streams[i]->discard = (int(i) == video || int(i) == audio) ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
    QString error;
    if (video >= 0 && !(fmt->streams[video]->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
        m_video.stream = fmt->streams[video];
        m_video.codec = av::openDecoder(m_video.stream, threads, &error);
        if (!m_video.codec)
            return makeError(QStringLiteral("media.unreadable"),
                             QStringLiteral("cannot decode the picture stream: %1").arg(error), path);
        m_video.active = true;
    }
    if (audio >= 0) {
        m_audio.stream = fmt->streams[audio];
        m_audio.codec = av::openDecoder(m_audio.stream, 1, &error);
        if (!m_audio.codec)
            return makeError(QStringLiteral("media.unreadable"),
                             QStringLiteral("cannot decode the audio stream: %1").arg(error), path);
        m_audio.active = true;
    }
    if (!m_videoFrame || !m_audioFrame || !m_packet)
        return makeError(QStringLiteral("media.unreadable"), QStringLiteral("out of memory"), path);
    return Status::success();
}

bool StreamReader::receive(Decoder &d, AVFrame *frame)
{
    if (!d.active || !d.drainable)
        return false;
    const int rc = avcodec_receive_frame(d.codec.get(), frame);
    if (rc >= 0)
        return true;
    d.drainable = false;
    if (rc != AVERROR(EAGAIN) && rc != AVERROR_EOF)
        ++m_decodeErrors; // a damaged frame: carry on with the next packet
    if (rc == AVERROR_EOF || m_eof)
        d.active = false;
    return false;
}

void StreamReader::send(Decoder &d, const AVPacket *packet)
{
    if (!d.active)
        return;
    // next() drains a decoder to EAGAIN before it sends the next packet, so the decoder always
    // accepts it; a refusal here is a damaged packet, counted and skipped.
    const int rc = avcodec_send_packet(d.codec.get(), packet);
    if (rc < 0 && rc != AVERROR_EOF && packet)
        ++m_decodeErrors;
    d.drainable = true;
}

StreamReader::Event StreamReader::next()
{
    while (true) {
        if (receive(m_video, m_videoFrame.get()))
            return Event::Video;
        if (receive(m_audio, m_audioFrame.get()))
            return Event::Audio;
        if (m_eof)
            return Event::End; // both decoders flushed and drained
        const int rc = av_read_frame(m_format.get(), m_packet.get());
        if (rc < 0) {
            m_eof = true; // end of file, or a truncated/damaged tail: decode what was read
            send(m_video, nullptr);
            send(m_audio, nullptr);
            continue;
        }
        AVPacket *pkt = m_packet.get();
        Decoder *d = nullptr;
        if (m_video.stream && pkt->stream_index == m_video.stream->index)
            d = &m_video;
        else if (m_audio.stream && pkt->stream_index == m_audio.stream->index)
            d = &m_audio;
        if (d) {
            if (pkt->pts != AV_NOPTS_VALUE) {
                const qint64 start = d->stream->start_time != AV_NOPTS_VALUE ? d->stream->start_time : 0;
                m_positionSeconds = std::max(m_positionSeconds,
                                             double(pkt->pts - start) * av::toDouble(d->stream->time_base));
            }
            send(*d, pkt);
        }
        av_packet_unref(pkt);
    }
}

} // namespace greenlight
