#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace greenlight {

struct DecodedAudio
{
    std::vector<float> samples; // mono, [-1, 1]
    int sampleRate = 0;
};

// Decodes audio bytes returned by a speech server, in memory, to mono float PCM at the
// stream's own rate (libavformat over a custom AVIO reading the buffer, libavcodec,
// libswresample for the down-mix). Containers: wav, mp3, flac, ogg/opus, aac (ADTS), m4a,
// and raw little-endian PCM ("pcm", "pcm_s16le", "pcm_f32le", "ulaw") whose rate must be
// given. A cut stream is an error (tts.bad-response), never a shorter clip: any demux or
// decode error fails, a WAV whose data chunk is shorter than its header says fails, and
// a stream that declares its length (FLAC STREAMINFO, MP3 Xing/Info) must decode to it.
// Stateless and thread-safe.
class AudioDecoder
{
public:
    struct Format
    {
        QString container;  // "wav", "mp3", "flac", "opus", "ogg", "aac", "m4a", "pcm", "pcm_s16le",
                            // "pcm_f32le", "ulaw"; empty = probe
        int sampleRate = 0; // for raw PCM only
    };

    static Result<DecodedAudio> decode(const QByteArray &bytes, const Format &format);

    // Maps a server's format words ("mp3_44100_128", "pcm_22050", "audio/wav", "wav") to a Format.
    static Format formatFromName(const QString &name, int defaultPcmRate = 24000);

private:
    static Result<DecodedAudio> decodeRaw(const QByteArray &bytes, const Format &format);
    static Result<DecodedAudio> decodeContainer(const QByteArray &bytes, const Format &format);
};

} // namespace greenlight
