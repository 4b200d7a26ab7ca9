#pragma once

#include "common/jsonio.h"
#include "spec/videospec.h" // Rational

#include <QList>
#include <QString>

#include <optional>

namespace greenlight {

// What a media file is, as the spec validator and QA need to know it.
//   Image: a single still picture (png/jpeg/webp/... through the image demuxers, or an
//          image codec with one frame); Video: a video stream with more than one frame
//          (or a one-frame stream of a video codec); Audio: audio streams only (cover art
//          attached to an audio file does not make it a video).
enum class MediaKind { Unknown, Image, Video, Audio };
QString toString(MediaKind kind);

// Where a video stream's frame count came from.
enum class FrameCountSource { Container, Packets, Estimate };
QString toString(FrameCountSource source);

struct VideoStreamInfo
{
    int streamIndex = -1;
    QString codec;                  // e.g. "h264", "png"
    QString pixelFormat;            // e.g. "yuv420p"; empty when unknown
    int width = 0;
    int height = 0;
    Rational sampleAspectRatio{1, 1};
    Rational fps{0, 1};             // nominal rate (r_frame_rate/avg_frame_rate, snapped to common rates)
    Rational avgFrameRate{0, 1};    // as the container reports them, 0/1 when unknown
    Rational realFrameRate{0, 1};
    bool variableFrameRate = false;
    qint64 frameCount = 0;
    FrameCountSource frameCountSource = FrameCountSource::Estimate;
    Rational timeBase{1, 1};
    qint64 startPts = 0;            // stream start time in timeBase units
    double startSeconds = 0.0;
    double durationSeconds = 0.0;
    bool attachedPicture = false;   // cover art, not a picture stream
};

struct AudioStreamInfo
{
    int streamIndex = -1;
    QString codec;
    QString sampleFormat;
    int sampleRate = 0;
    int channels = 0;
    QString channelLayout;          // e.g. "stereo"
    Rational timeBase{1, 1};
    qint64 startPts = 0;
    double startSeconds = 0.0;
    double durationSeconds = 0.0;
};

struct MediaInfo
{
    QString path;
    QString formatName;             // demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    MediaKind kind = MediaKind::Unknown;
    double durationSeconds = 0.0;
    double startSeconds = 0.0;      // container start time
    qint64 bitRate = 0;             // bits per second, 0 when unknown
    QList<VideoStreamInfo> video;   // the best stream first; attached pictures last
    QList<AudioStreamInfo> audio;   // the best stream first

    // The first video stream that is a real picture stream (not cover art), or null.
    const VideoStreamInfo *primaryVideo() const;
    const AudioStreamInfo *primaryAudio() const;

    Json toJson() const;
};

Json rationalToJson(const Rational &r);

} // namespace greenlight
