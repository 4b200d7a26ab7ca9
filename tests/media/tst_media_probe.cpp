#include "mediafixtures.h"

#include "media/mediaprobe.h"
#include "media/signalanalyzer.h"

#include <QTemporaryDir>

using namespace greenlight;
using namespace greenlight::test;

class TestMediaProbe : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(S(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // 60 frames at 30/1 with a 44.1 kHz stereo track.
        QVERIFY(ffmpeg(args({"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=2", "-f", "lavfi", "-i",
                             "sine=f=440:r=44100:d=2,pan=stereo|c0=c0|c1=c0", "-c:v", "libx264", "-pix_fmt",
                             "yuv420p", "-c:a", "aac"})
                       << path("cfr30.mp4")));
        // 60 frames at 30000/1001.
        QVERIFY(ffmpeg(args({"-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30000/1001", "-frames:v", "60",
                             "-c:v", "libx264", "-pix_fmt", "yuv420p"})
                       << path("ntsc.mp4")));
        // Starts at 1.5 s, B-frames on (x264 default: 3).
        QVERIFY(ffmpeg(args({"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=2", "-c:v", "libx264",
                             "-bf", "3", "-pix_fmt", "yuv420p", "-output_ts_offset", "1.5"})
                       << path("offset.mp4")));
        // Matroska declares no frame count: it must be counted.
        QVERIFY(ffmpeg(args({"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2", "-c:v", "libx264",
                             "-pix_fmt", "yuv420p"})
                       << path("count.mkv")));
        // Variable frame rate: 30 frames at 1/30 s, then 15 frames at 2/30 s.
        QVERIFY(ffmpeg(args({"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=2", "-vf",
                             "select='lt(n\\,30)+not(mod(n\\,2))'", "-fps_mode", "vfr", "-c:v", "libx264",
                             "-pix_fmt", "yuv420p"})
                       << path("vfr.mp4")));
        QVERIFY(ffmpeg(args({"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=1", "-frames:v", "1"})
                       << path("still.png")));
        QVERIFY(ffmpeg(args({"-f", "lavfi", "-i", "sine=f=440:r=48000:d=1", "-c:a", "aac"}) << path("tone.m4a")));
        QVERIFY(ffmpeg(args({"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=2", "-c:v", "libx264",
                             "-pix_fmt", "yuv420p", "-movflags", "+faststart"})
                       << path("faststart.mp4")));

        const QByteArray whole = readBytes(path("cfr30.mp4"));
        QVERIFY(writeBytes(path("truncated.mp4"), whole.left(whole.size() / 2)));
        const QByteArray fast = readBytes(path("faststart.mp4"));
        QVERIFY(writeBytes(path("truncated-faststart.mp4"), fast.left(fast.size() / 2)));
        QVERIFY(writeBytes(path("empty.mp4"), QByteArray()));
        QByteArray garbage(64 * 1024, '\0');
        quint32 x = 12345;
        for (char &c : garbage) {
            x = x * 1664525u + 1013904223u;
            c = char(x >> 24);
        }
        QVERIFY(writeBytes(path("garbage.mp4"), garbage));
    }

    void cfr30()
    {
        const Result<MediaInfo> info = probeMedia(path("cfr30.mp4"));
        QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().toString()));
        QCOMPARE(toString(info->kind), toString(MediaKind::Video));
        QVERIFY(info->formatName.contains(S("mp4")));
        QVERIFY(qAbs(info->durationSeconds - 2.0) < 0.05);
        const VideoStreamInfo *v = info->primaryVideo();
        QVERIFY(v);
        QCOMPARE(v->codec, S("h264"));
        QCOMPARE(v->width, 320);
        QCOMPARE(v->height, 240);
        QCOMPARE(v->fps, (Rational{30, 1}));
        QCOMPARE(v->frameCount, 60);
        QCOMPARE(toString(v->frameCountSource), toString(FrameCountSource::Container));
        QCOMPARE(v->pixelFormat, S("yuv420p"));
        QCOMPARE(v->sampleAspectRatio, (Rational{1, 1}));
        QVERIFY(!v->variableFrameRate);
        const AudioStreamInfo *a = info->primaryAudio();
        QVERIFY(a);
        QCOMPARE(a->codec, S("aac"));
        QCOMPARE(a->sampleRate, 44100);
        QCOMPARE(a->channels, 2);
        QCOMPARE(a->channelLayout, S("stereo"));
        QVERIFY(qAbs(a->durationSeconds - 2.0) < 0.05);

        const Json j = info->toJson();
        QCOMPARE(j["video"][0]["fps"]["num"].get<int>(), 30);
        QCOMPARE(j["video"][0]["frameCount"].get<int>(), 60);
        QCOMPARE(j["audio"][0]["sampleRate"].get<int>(), 44100);
        QCOMPARE(j["kind"].get<std::string>(), std::string("video"));
    }

    void countFramesExact()
    {
        ProbeOptions o;
        o.countFrames = true;
        const Result<MediaInfo> info = probeMedia(path("cfr30.mp4"), o);
        QVERIFY(info.ok());
        QCOMPARE(info->primaryVideo()->frameCount, 60);
        QCOMPARE(toString(info->primaryVideo()->frameCountSource), toString(FrameCountSource::Packets));
    }

    void ntscRate()
    {
        const Result<MediaInfo> info = probeMedia(path("ntsc.mp4"));
        QVERIFY(info.ok());
        const VideoStreamInfo *v = info->primaryVideo();
        QCOMPARE(v->fps, (Rational{30000, 1001}));
        QCOMPARE(v->frameCount, 60);
        QCOMPARE(v->width, 640);
        QVERIFY(!v->variableFrameRate);

        const Result<SignalAnalysis> a = SignalAnalyzer().analyze(path("ntsc.mp4"));
        QVERIFY(a.ok());
        QCOMPARE(a->series.frameCount, 60);
        QCOMPARE(a->series.fps, (Rational{30000, 1001}));
        QCOMPARE(a->frameGaps, 0);
        QCOMPARE(a->droppedFrames, 0);
    }

    void nonZeroStartWithBFrames()
    {
        const Result<MediaInfo> info = probeMedia(path("offset.mp4"));
        QVERIFY(info.ok());
        const VideoStreamInfo *v = info->primaryVideo();
        QVERIFY2(qAbs(v->startSeconds - 1.5) < 0.01, qPrintable(QString::number(v->startSeconds)));
        QCOMPARE(v->startPts, qint64(std::llround(1.5 / v->timeBase.toDouble())));
        QVERIFY(qAbs(info->startSeconds - 1.5) < 0.01);
        QCOMPARE(v->frameCount, 60);
        QCOMPARE(v->fps, (Rational{30, 1}));

        // Frames land on slots 0..59 despite the offset and the reordering.
        const Result<SignalAnalysis> a = SignalAnalyzer().analyze(path("offset.mp4"));
        QVERIFY(a.ok());
        QCOMPARE(a->series.frameCount, 60);
        QCOMPARE(a->decodedFrames, 60);
        QCOMPARE(a->frameGaps, 0);
        QCOMPARE(a->droppedFrames, 0);
        // testsrc2 moves every frame: no frame equals its predecessor.
        for (size_t i = 1; i < a->series.diff.size(); ++i)
            QVERIFY2(a->series.diff[i] > 0.001f, qPrintable(QString::number(i)));
    }

    void countedWhenUndeclared()
    {
        const Result<MediaInfo> info = probeMedia(path("count.mkv"));
        QVERIFY(info.ok());
        QCOMPARE(info->primaryVideo()->frameCount, 50);
        QCOMPARE(toString(info->primaryVideo()->frameCountSource), toString(FrameCountSource::Packets));
        QCOMPARE(info->primaryVideo()->fps, (Rational{25, 1}));
    }

    void variableFrameRate()
    {
        ProbeOptions o;
        o.countFrames = true;
        const Result<MediaInfo> info = probeMedia(path("vfr.mp4"), o);
        QVERIFY(info.ok());
        QCOMPARE(info->primaryVideo()->frameCount, 45);
        QVERIFY(info->primaryVideo()->variableFrameRate);

        // Frames are numbered in presentation order; the analysis says VFR.
        const Result<SignalAnalysis> a = SignalAnalyzer().analyze(path("vfr.mp4"), *info);
        QVERIFY(a.ok());
        QVERIFY(a->series.variableFrameRate);
        QCOMPARE(a->series.frameCount, 45);
        QCOMPARE(a->frameGaps, 0);
    }

    void kinds()
    {
        QString why;
        QCOMPARE(toString(probeMediaKind(path("still.png"), &why)), toString(MediaKind::Image));
        QCOMPARE(toString(probeMediaKind(path("tone.m4a"), &why)), toString(MediaKind::Audio));
        QCOMPARE(toString(probeMediaKind(path("cfr30.mp4"), &why)), toString(MediaKind::Video));
        QCOMPARE(toString(probeMediaKind(path("garbage.mp4"), &why)), toString(MediaKind::Unknown));
        QVERIFY(!why.isEmpty());
        const Result<MediaInfo> png = probeMedia(path("still.png"));
        QVERIFY(png.ok());
        QCOMPARE(png->primaryVideo()->frameCount, 1);
        QCOMPARE(png->primaryVideo()->codec, S("png"));
    }

    void unreadable_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("countFrames");
        QTest::newRow("missing") << S("nope.mp4") << false;
        QTest::newRow("zero bytes") << S("empty.mp4") << false;
        QTest::newRow("garbage") << S("garbage.mp4") << false;
        QTest::newRow("truncated (index at the end)") << S("truncated.mp4") << false;
        QTest::newRow("truncated (index first), counted") << S("truncated-faststart.mp4") << true;
    }

    void unreadable()
    {
        QFETCH(QString, file);
        QFETCH(bool, countFrames);
        ProbeOptions o;
        o.countFrames = countFrames;
        o.decodeCheck = true;
        const Result<MediaInfo> info = probeMedia(m_dir.filePath(file), o);
        QVERIFY(!info.ok());
        QCOMPARE(info.error().code, S("media.unreadable"));
        QCOMPARE(info.error().location, m_dir.filePath(file));
        QVERIFY(!info.error().message.isEmpty());
        // The analyzer must fail cleanly too (or, for a readable head, decode what is there).
        const Result<SignalAnalysis> a = SignalAnalyzer().analyze(m_dir.filePath(file));
        if (a.ok())
            QVERIFY(a->series.frameCount < 60);
        else
            QCOMPARE(a.error().code, S("media.unreadable"));
    }
};

QTEST_GUILESS_MAIN(TestMediaProbe)
#include "tst_media_probe.moc"
