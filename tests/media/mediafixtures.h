#pragma once

// Media fixtures for the media and QA suites, generated with the real ffmpeg via lavfi.
// Small pictures (320x240) keep every suite fast; each fixture is made once per suite.
#include "testsupport.h"

#include <QFile>
#include <QRegularExpression>

namespace greenlight::test {

inline QString S(const char *s) { return QString::fromUtf8(s); }

inline QStringList args(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *a : list)
        out << S(a);
    return out;
}

// 4 s at 30 fps, moving picture, a 1 kHz tone at -14 LUFS (mono: -3.01 + 20 log10(0.2818)):
// nothing for QA to find.
inline bool makeClean(const QString &out)
{
    return ffmpeg(args({"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=4", "-f", "lavfi", "-i",
                        "aevalsrc=0.2818*sin(2*PI*1000*t):s=48000:d=4", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                        "-c:a", "aac"})
                  << out);
}

// 4 s at 30 fps: black frames [15, 45), frozen frames [60, 90) (frame 60 held), digital
// silence from 2 s to 3 s (frames [60, 90)).
inline bool makeSignals(const QString &out)
{
    return ffmpeg(args({"-f", "lavfi", "-i",
                        "testsrc2=size=320x240:rate=30:duration=4,"
                        "drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill:enable='between(n,15,44)'",
                        "-f", "lavfi", "-i", "aevalsrc='if(between(t,2,3),0,0.2818*sin(2*PI*1000*t))':s=48000:d=4",
                        "-filter_complex", "[0:v]split[a][b];[a][b]freezeframes=first=60:last=89:replace=60[v]",
                        "-map", "[v]", "-map", "1:a", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"})
                  << out);
}

// A baseline and a render of the same picture with a box drawn over frames [40, 70).
inline bool makeBaselinePair(const QString &baseline, const QString &changed)
{
    return ffmpeg(args({"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=4", "-c:v", "libx264",
                        "-pix_fmt", "yuv420p"})
                  << baseline)
           && ffmpeg(args({"-f", "lavfi", "-i",
                           "testsrc2=size=320x240:rate=30:duration=4,"
                           "drawbox=x=60:y=40:w=200:h=160:color=red:t=fill:enable='between(n,40,69)'",
                           "-c:v", "libx264", "-pix_fmt", "yuv420p"})
                     << changed);
}

// Stereo white noise, loud (about -4 LUFS), peaks above 0 dBTP: a loudness and true-peak offender.
inline bool makeLoud(const QString &out)
{
    return ffmpeg(args({"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=4", "-f", "lavfi", "-i",
                        "anoisesrc=color=white:amplitude=0.7:seed=7:r=48000:d=4,pan=stereo|c0=c0|c1=0.8*c0",
                        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k"})
                  << out);
}

struct Ebur128Figures
{
    double integratedLufs = 0.0;
    double loudnessRangeLu = 0.0;
    double truePeakDbtp = 0.0;
    bool ok = false;
};

// What `ffmpeg -af ebur128=peak=true` prints in its summary for a file.
inline Ebur128Figures ffmpegEbur128(const QString &file)
{
    Ebur128Figures f;
    const ProcessResult r = run(S("ffmpeg"), args({"-hide_banner", "-nostats", "-i"})
                                                 << file << args({"-af", "ebur128=peak=true", "-f", "null", "-"}));
    const QString text = QString::fromUtf8(r.err);
    const int summary = text.lastIndexOf(S("Summary:"));
    if (r.exitCode != 0 || summary < 0)
        return f;
    const QString tail = text.mid(summary);
    const auto grab = [&](const char *pattern, double *out) {
        const QRegularExpressionMatch m = QRegularExpression(S(pattern)).match(tail);
        if (m.hasMatch())
            *out = m.captured(1).toDouble();
        return m.hasMatch();
    };
    f.ok = grab("I:\\s+(-?[0-9.]+) LUFS", &f.integratedLufs) && grab("LRA:\\s+(-?[0-9.]+) LU", &f.loudnessRangeLu)
           && grab("Peak:\\s+(-?[0-9.]+) dBFS", &f.truePeakDbtp);
    return f;
}

inline bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

inline QByteArray readBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace greenlight::test
