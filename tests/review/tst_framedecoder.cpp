// Frame-exact decoding: FrameIndex, FrameDecoder, FrameCache and FrameServer against videos
// whose frames carry their own number (a black/white bit strip read back from pixels). The
// fixtures cover B-frames with a non-zero start time, 30000/1001 fps in MPEG-TS, variable frame
// rate in Matroska and MP4, an open GOP, an MP4 edit list that cuts the first frames, and
// truncated, damaged and garbage files.
#include "media/framecache.h"
#include "media/framedecoder.h"
#include "media/frameindex.h"
#include "media/frameserver.h"

#include "numberedvideo.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <random>

using namespace greenlight;

namespace {

constexpr int kWidth = 320;
constexpr int kHeight = 180;

struct Fixture
{
    QString path;
    qint64 frames = 0;      // frames an independent decode (ffprobe -count_frames) presents
    qint64 firstNumber = 0; // the number stamped on frame 0 (edit list cut: > 0)
};

QByteArray hashOf(const QImage &image)
{
    return QCryptographicHash::hash(QByteArrayView(image.constBits(), image.sizeInBytes()),
                                    QCryptographicHash::Md5);
}

qint64 ffprobeFrameCount(const QString &path)
{
    const test::ProcessResult r =
        test::run(QStringLiteral("ffprobe"),
                  {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-select_streams"),
                   QStringLiteral("v:0"), QStringLiteral("-count_frames"),
                   QStringLiteral("-show_entries"), QStringLiteral("stream=nb_read_frames"),
                   QStringLiteral("-of"), QStringLiteral("csv=p=0"), path});
    // MPEG-TS lists the stream under its program too: the first number is the stream's.
    bool ok = false;
    const qint64 n = QString::fromUtf8(r.out)
                         .trimmed()
                         .split(QLatin1Char('\n'))
                         .value(0)
                         .trimmed()
                         .toLongLong(&ok);
    return ok ? n : -1;
}

} // namespace

class TestFrameDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void indexFacts();
    void indexCache();

    void sequentialFrames_data();
    void sequentialFrames();
    void randomAccess_data();
    void randomAccess();
    void stepBackwardAcrossGop_data();
    void stepBackwardAcrossGop();
    void lastFrameAndRange_data();
    void lastFrameAndRange();
    void forwardWithoutSeek();
    void scaledOutput();

    void truncatedAndGarbage();
    void damagedMiddle();

    void cacheBudget();
    void serverRequests();
    void serverLatestRequestWins();
    void serverDecodeAheadWithinBudget();

private:
    bool make(const QString &name, const QStringList &encode, const QString &rate, double seconds,
              const QString &extraFilter, const QStringList &inputExtra = {});
    void addFixtureRows();
    // Every frame decoded in order (one seek): number check, image hashes.
    QList<QByteArray> sequentialHashes(const Fixture &f);

    QTemporaryDir m_dir;
    QString m_cacheDir;
    test::NumberStamp m_stamp;
    QMap<QString, Fixture> m_fixtures;
    QMap<QString, QList<QByteArray>> m_hashes;
};

bool TestFrameDecoder::make(const QString &name, const QStringList &encode, const QString &rate,
                            double seconds, const QString &extraFilter,
                            const QStringList &inputExtra)
{
    const QString path = m_dir.filePath(name);
    QString vf = m_stamp.filter();
    if (!extraFilter.isEmpty())
        vf += QLatin1Char(',') + extraFilter;
    const QStringList args = inputExtra +
                             QStringList{QStringLiteral("-f"),
                                         QStringLiteral("lavfi"),
                                         QStringLiteral("-i"),
                                         QStringLiteral("testsrc2=size=%1x%2:rate=%3:duration=%4")
                                             .arg(kWidth)
                                             .arg(kHeight)
                                             .arg(rate)
                                             .arg(seconds),
                                         QStringLiteral("-vf"),
                                         vf,
                                         QStringLiteral("-c:v"),
                                         QStringLiteral("libx264"),
                                         QStringLiteral("-preset"),
                                         QStringLiteral("veryfast"),
                                         QStringLiteral("-crf"),
                                         QStringLiteral("16"),
                                         QStringLiteral("-pix_fmt"),
                                         QStringLiteral("yuv420p")} +
                             encode + QStringList{path};
    if (!test::ffmpeg(args))
        return false;
    m_fixtures.insert(name, Fixture{path, ffprobeFrameCount(path), 0});
    return true;
}

void TestFrameDecoder::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_cacheDir = m_dir.filePath(QStringLiteral("index-cache"));
    qputenv("GREENLIGHT_FRAME_INDEX_CACHE", m_cacheDir.toUtf8()); // keep the user's cache out of it
    const QStringList bframes{QStringLiteral("-bf"), QStringLiteral("3")};
    const QString vfr = QStringLiteral("settb=1/1000,setpts='(N/30+floor(N/7)*0.05)/TB'");
    const QStringList passthrough{QStringLiteral("-fps_mode"), QStringLiteral("passthrough"),
                                  QStringLiteral("-enc_time_base"), QStringLiteral("1/1000")};
    // B-frames, GOP of 24, starting at 3.5 s.
    QVERIFY(make(QStringLiteral("bframes-offset.mp4"),
                 bframes + QStringList{QStringLiteral("-g"), QStringLiteral("24"),
                                       QStringLiteral("-output_ts_offset"), QStringLiteral("3.5")},
                 QStringLiteral("30"), 4, {}));
    // 29.97 fps in MPEG-TS (starts at 1.4 s), B-frames.
    QVERIFY(make(QStringLiteral("ntsc-bframes.ts"),
                 bframes + QStringList{QStringLiteral("-g"), QStringLiteral("30")},
                 QStringLiteral("30000/1001"), 5, {}));
    // Variable frame rate: gaps of 1/30 s plus 50 ms after every 7th frame.
    QVERIFY(make(QStringLiteral("vfr-bframes.mkv"), bframes + passthrough, QStringLiteral("30"), 4,
                 vfr));
    QVERIFY(make(QStringLiteral("vfr-bframes.mp4"), bframes + passthrough, QStringLiteral("30"), 4,
                 vfr));
    // Open GOP: B-frames after an I-frame in decode order that show before it and reference
    // the previous GOP.
    QVERIFY(
        make(QStringLiteral("open-gop.mp4"),
             bframes + QStringList{QStringLiteral("-g"), QStringLiteral("20"),
                                   QStringLiteral("-x264-params"), QStringLiteral("open-gop=1")},
             QStringLiteral("25"), 4, {}));
    // An edit list: a stream copy cut at 0.5 s keeps the packets from the keyframe before, and
    // the container marks the ones before the cut as discarded.
    {
        const QString path = m_dir.filePath(QStringLiteral("edit-list.mp4"));
        QVERIFY(test::ffmpeg({QStringLiteral("-ss"), QStringLiteral("0.5"), QStringLiteral("-i"),
                              m_fixtures[QStringLiteral("bframes-offset.mp4")].path,
                              QStringLiteral("-c"), QStringLiteral("copy"), path}));
        m_fixtures.insert(QStringLiteral("edit-list.mp4"),
                          Fixture{path, ffprobeFrameCount(path), 0});
    }
    for (auto it = m_fixtures.begin(); it != m_fixtures.end(); ++it)
        QVERIFY2(it->frames > 0, qPrintable(it.key()));
    QCOMPARE(m_fixtures[QStringLiteral("bframes-offset.mp4")].frames, 120);
    QCOMPARE(m_fixtures[QStringLiteral("ntsc-bframes.ts")].frames, 150);
    QCOMPARE(m_fixtures[QStringLiteral("vfr-bframes.mkv")].frames, 120);
    // The cut drops the frames before 0.5 s: frame 0 shows number 15.
    Fixture &cut = m_fixtures[QStringLiteral("edit-list.mp4")];
    cut.firstNumber = 120 - cut.frames;
    QVERIFY(cut.firstNumber > 0);

    // Sequential decodes are the reference the other cases compare against.
    for (auto it = m_fixtures.begin(); it != m_fixtures.end(); ++it) {
        m_hashes.insert(it.key(), sequentialHashes(*it));
        QVERIFY2(m_hashes[it.key()].size() == it->frames, qPrintable(it.key()));
    }
}

QList<QByteArray> TestFrameDecoder::sequentialHashes(const Fixture &f)
{
    QList<QByteArray> hashes;
    FrameDecoder decoder;
    decoder.setSkipNonReferenceBeforeTarget(false);
    const Status opened = decoder.open(f.path);
    if (!opened) {
        qWarning("%s", qPrintable(opened.error().toString()));
        return hashes;
    }
    if (decoder.frameCount() != f.frames) {
        qWarning("%s: index has %lld frames, ffprobe decodes %lld", qPrintable(f.path),
                 static_cast<long long>(decoder.frameCount()), static_cast<long long>(f.frames));
        return hashes;
    }
    for (qint64 n = 0; n < decoder.frameCount(); ++n) {
        const Result<DecodedFrame> r = decoder.frame(n);
        if (!r) {
            qWarning("%s: frame %lld: %s", qPrintable(f.path), static_cast<long long>(n),
                     qPrintable(r.error().toString()));
            return {};
        }
        const qint64 stamped = m_stamp.read(r->image, kWidth);
        if (r->number != n || stamped != f.firstNumber + n) {
            qWarning("%s: frame %lld shows number %lld", qPrintable(f.path),
                     static_cast<long long>(n), static_cast<long long>(stamped));
            return {};
        }
        hashes.append(hashOf(r->image));
    }
    if (decoder.stats().repositions != 1) {
        qWarning("%s: sequential decoding restarted %lld times", qPrintable(f.path),
                 static_cast<long long>(decoder.stats().repositions));
        return {};
    }
    return hashes;
}

void TestFrameDecoder::addFixtureRows()
{
    QTest::addColumn<QString>("name");
    for (auto it = m_fixtures.cbegin(); it != m_fixtures.cend(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key();
}

void TestFrameDecoder::indexFacts()
{
    {
        const Result<FrameIndex> idx =
            FrameIndex::build(m_fixtures[QStringLiteral("bframes-offset.mp4")].path);
        QVERIFY2(idx, qPrintable(idx ? QString() : idx.error().toString()));
        QCOMPARE(idx->frameCount(), 120);
        QCOMPARE(double(idx->startPts()) * idx->timeBase(), 3.5); // the stream's start time
        QCOMPARE(idx->secondsOf(0), 0.0);
        QVERIFY(qAbs(idx->secondsOf(30) - 1.0) < 1e-9);
        QCOMPARE(idx->frameAtSeconds(1.0), 30);
        QCOMPARE(idx->frameAtSeconds(0.999), 29);
        QCOMPARE(idx->frameAtSeconds(-0.5), -1);
        QCOMPARE(idx->frameAtSeconds(1000.0), 119);
        QCOMPARE(idx->frameAtPts(idx->frame(45).pts), 45);
        QCOMPARE(idx->frameAtPts(idx->frame(45).pts + 1), 45);
        QCOMPARE(idx->frameWithPts(idx->frame(45).pts + 1), -1);
        QCOMPARE(idx->timecode(30), QStringLiteral("00:00:01:00"));
        QCOMPARE(idx->timecode(119), QStringLiteral("00:00:03:29"));
        QVERIFY(!idx->isVariableFrameRate());
        QCOMPARE(idx->frameRate(), 30.0);
        QCOMPARE(idx->keyframeAtOrBefore(0), 0);
        QCOMPARE(idx->keyframeAtOrBefore(30), 24);
        QCOMPARE(idx->keyframeAfter(30), 48);
        QVERIFY(idx->frame(24).keyframe && !idx->frame(25).keyframe);
        // B-frames: decode order differs from presentation order.
        bool reordered = false;
        for (qint64 n = 1; n < idx->frameCount(); ++n)
            reordered |= idx->frame(n).packet < idx->frame(n - 1).packet;
        QVERIFY(reordered);
    }
    {
        const Result<FrameIndex> idx =
            FrameIndex::build(m_fixtures[QStringLiteral("ntsc-bframes.ts")].path);
        QVERIFY(idx);
        QVERIFY(qAbs(idx->frameRate() - 30000.0 / 1001.0) < 1e-6);
        QVERIFY(double(idx->startPts()) * idx->timeBase() > 1.0); // MPEG-TS starts late
        QVERIFY(qAbs(idx->secondsOf(30) - 1.001) < 1e-9);
        QCOMPARE(idx->frameAtSeconds(1.001), 30);
        QCOMPARE(idx->frameAtSeconds(1.0), 29);
        QCOMPARE(idx->timecode(29), QStringLiteral("00:00:00;29"));
        QCOMPARE(idx->timecode(30), QStringLiteral("00:00:01;00"));
        QCOMPARE(idx->timecode(1800), QStringLiteral("00:01:00;02")); // drop-frame labels
        QVERIFY(!idx->isVariableFrameRate());
    }
    {
        const Result<FrameIndex> idx =
            FrameIndex::build(m_fixtures[QStringLiteral("vfr-bframes.mkv")].path);
        QVERIFY(idx);
        QVERIFY(idx->isVariableFrameRate());
        for (qint64 n : {0, 6, 7, 8, 50, 119}) {
            const double expected = double(n) / 30.0 + double(n / 7) * 0.05;
            QVERIFY2(qAbs(idx->secondsOf(n) - expected) < 0.0015, qPrintable(QString::number(n)));
            QCOMPARE(idx->frameAtSeconds(expected), n);
        }
    }
    {
        // The cut frames are in the file but present nothing.
        const Result<FrameIndex> idx =
            FrameIndex::build(m_fixtures[QStringLiteral("edit-list.mp4")].path);
        QVERIFY(idx);
        const qint64 discarded =
            std::count_if(idx->packets().begin(), idx->packets().end(),
                          [](const IndexedPacket &p) { return p.isDiscarded(); });
        QVERIFY(discarded > 0);
        QCOMPARE(idx->frameCount(), qint64(idx->packets().size()) - discarded);
        QCOMPARE(idx->secondsOf(0), 0.0);
    }
    {
        // Open GOP: frames shown before a keyframe but decoded after it start from the keyframe
        // before.
        const Result<FrameIndex> idx =
            FrameIndex::build(m_fixtures[QStringLiteral("open-gop.mp4")].path);
        QVERIFY(idx);
        qint64 leading = 0;
        for (qint64 n = 0; n < idx->frameCount(); ++n) {
            const IndexedPacket &start = idx->packets()[size_t(idx->seekPacketFor(n))];
            QVERIFY(start.isKeyframe());
            QVERIFY(start.pts <= idx->frame(n).pts);
            const qint64 k = idx->keyframeAtOrBefore(n);
            if (k >= 0 && idx->frame(n).packet < idx->frame(k).packet)
                QFAIL("a frame decoded before its keyframe");
            if (idx->keyframeAfter(n) >= 0 &&
                idx->frame(n).packet > idx->frame(idx->keyframeAfter(n)).packet)
                ++leading;
        }
        if (leading == 0)
            qWarning("open-gop.mp4 has no leading pictures; the open-GOP path is not exercised");
    }
}

void TestFrameDecoder::indexCache()
{
    QTemporaryDir cacheDir;
    const QString source = m_fixtures[QStringLiteral("bframes-offset.mp4")].path;
    const QString path = m_dir.filePath(QStringLiteral("cache-copy.mp4"));
    QVERIFY(QFile::copy(source, path));

    const Result<FrameIndex> first = FrameIndex::load(path, cacheDir.path());
    QVERIFY(first);
    QVERIFY(!first->loadedFromCache());
    const QString cacheFile = FrameIndex::cacheFilePath(path, cacheDir.path());
    QVERIFY(QFile::exists(cacheFile));

    const Result<FrameIndex> second = FrameIndex::load(path, cacheDir.path());
    QVERIFY(second);
    QVERIFY(second->loadedFromCache());
    QCOMPARE(second->frameCount(), first->frameCount());
    for (qint64 n = 0; n < first->frameCount(); ++n) {
        QCOMPARE(second->frame(n).pts, first->frame(n).pts);
        QCOMPARE(second->frame(n).packet, first->frame(n).packet);
        QCOMPARE(second->frame(n).keyframe, first->frame(n).keyframe);
    }

    // A damaged cache file is ignored (and replaced).
    {
        QFile f(cacheFile);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(f.size() / 2);
        f.write("garbage in the middle of the cache");
    }
    const Result<FrameIndex> afterDamage = FrameIndex::load(path, cacheDir.path());
    QVERIFY(afterDamage);
    QVERIFY(!afterDamage->loadedFromCache());
    QCOMPARE(afterDamage->frameCount(), first->frameCount());
    QVERIFY(FrameIndex::load(path, cacheDir.path())->loadedFromCache());
    {
        QFile f(cacheFile);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("x");
    }
    QVERIFY(!FrameIndex::load(path, cacheDir.path())->loadedFromCache());

    // A changed file is indexed afresh.
    QVERIFY(QFile::remove(path));
    QVERIFY(QFile::copy(m_fixtures[QStringLiteral("ntsc-bframes.ts")].path, path));
    QFile touched(path);
    QVERIFY(touched.open(QIODevice::ReadWrite));
    QVERIFY(touched.setFileTime(QDateTime::currentDateTime().addSecs(60),
                                QFileDevice::FileModificationTime));
    touched.close();
    const Result<FrameIndex> changed = FrameIndex::load(path, cacheDir.path());
    QVERIFY(changed);
    QVERIFY(!changed->loadedFromCache());
    QCOMPARE(changed->frameCount(), 150);
}

void TestFrameDecoder::sequentialFrames_data()
{
    addFixtureRows();
}

void TestFrameDecoder::sequentialFrames()
{
    // initTestCase decoded every fixture in order; here the counts are checked against ffprobe.
    QFETCH(QString, name);
    QCOMPARE(qint64(m_hashes[name].size()), m_fixtures[name].frames);
}

void TestFrameDecoder::randomAccess_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("skipNonReference");
    QTest::addColumn<bool>("drain");
    for (auto it = m_fixtures.cbegin(); it != m_fixtures.cend(); ++it) {
        QTest::newRow(qPrintable(it.key() + QStringLiteral(" skip-nonref")))
            << it.key() << true << false;
        QTest::newRow(qPrintable(it.key() + QStringLiteral(" full"))) << it.key() << false << false;
        QTest::newRow(qPrintable(it.key() + QStringLiteral(" skip-nonref drain")))
            << it.key() << true << true;
    }
}

void TestFrameDecoder::randomAccess()
{
    QFETCH(QString, name);
    QFETCH(bool, skipNonReference);
    QFETCH(bool, drain);
    const Fixture &f = m_fixtures[name];
    const QList<QByteArray> &hashes = m_hashes[name];
    FrameDecoder decoder;
    decoder.setSkipNonReferenceBeforeTarget(skipNonReference);
    decoder.setDrainAfterRestart(drain);
    QVERIFY(decoder.open(f.path));
    std::vector<qint64> order;
    for (qint64 n = 0; n < f.frames; n += 7)
        order.push_back(n);
    order.push_back(f.frames - 1);
    std::mt19937 rng(20240611);
    std::shuffle(order.begin(), order.end(), rng);
    const auto check = [&](qint64 n) {
        const Result<DecodedFrame> r = decoder.frame(n);
        QVERIFY2(r, qPrintable(r ? QString() : r.error().toString()));
        QCOMPARE(r->number, n);
        QCOMPARE(m_stamp.read(r->image, kWidth), f.firstNumber + n);
        // Bit-identical to decoding every frame from the start: reference frames were whole.
        QVERIFY2(hashOf(r->image) == hashes[n],
                 qPrintable(QStringLiteral("frame %1 differs").arg(n)));
    };
    for (qint64 n : order) {
        check(n);
        if (QTest::currentTestFailed())
            return;
        // The next frame too (after a drained restart, decoding restarts for it).
        if (drain && n + 1 < f.frames)
            check(n + 1);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestFrameDecoder::stepBackwardAcrossGop_data()
{
    addFixtureRows();
}

void TestFrameDecoder::stepBackwardAcrossGop()
{
    QFETCH(QString, name);
    const Fixture &f = m_fixtures[name];
    FrameDecoder decoder;
    QVERIFY(decoder.open(f.path));
    const FrameIndex &idx = decoder.index();
    // From a few frames past the second keyframe back to well inside the first GOP.
    qint64 key = idx.keyframeAfter(idx.keyframeAtOrBefore(f.frames / 2));
    if (key < 0)
        key = f.frames / 2;
    const qint64 from = std::min(f.frames - 1, key + 3);
    const qint64 to = std::max<qint64>(0, key - 12);
    for (qint64 n = from; n >= to; --n) {
        const Result<DecodedFrame> r = decoder.frame(n);
        QVERIFY2(r, qPrintable(r ? QString() : r.error().toString()));
        QCOMPARE(m_stamp.read(r->image, kWidth), f.firstNumber + n);
        QVERIFY(hashOf(r->image) == m_hashes[name][n]);
    }
}

void TestFrameDecoder::lastFrameAndRange_data()
{
    addFixtureRows();
}

void TestFrameDecoder::lastFrameAndRange()
{
    QFETCH(QString, name);
    const Fixture &f = m_fixtures[name];
    FrameDecoder decoder;
    QVERIFY(decoder.open(f.path));
    const Result<DecodedFrame> last = decoder.frame(f.frames - 1);
    QVERIFY2(last, qPrintable(last ? QString() : last.error().toString()));
    QCOMPARE(m_stamp.read(last->image, kWidth), f.firstNumber + f.frames - 1);
    for (qint64 n : {f.frames, f.frames + 100, qint64(-1)}) {
        const Result<DecodedFrame> r = decoder.frame(n);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("media.frame-range"));
    }
    // Still usable after the errors, and again after reaching the end of the file.
    const Result<DecodedFrame> again = decoder.frame(f.frames - 2);
    QVERIFY(again);
    QCOMPARE(m_stamp.read(again->image, kWidth), f.firstNumber + f.frames - 2);
    const Result<DecodedFrame> first = decoder.frame(0);
    QVERIFY(first);
    QCOMPARE(m_stamp.read(first->image, kWidth), f.firstNumber);
}

void TestFrameDecoder::forwardWithoutSeek()
{
    const Fixture &f = m_fixtures[QStringLiteral("bframes-offset.mp4")];
    FrameDecoder decoder;
    QVERIFY(decoder.open(f.path));
    QVERIFY(decoder.frame(30));
    const qint64 restarts = decoder.stats().repositions;
    QCOMPARE(restarts, 1);
    // A few frames ahead, within the GOP and across the next keyframe (48): decode on.
    for (qint64 n : {31, 33, 36, 40, 47, 49, 52}) {
        const Result<DecodedFrame> r = decoder.frame(n);
        QVERIFY(r);
        QCOMPARE(m_stamp.read(r->image, kWidth), n);
    }
    QCOMPARE(decoder.stats().repositions, restarts);
    // The same frame again: no decoding at all.
    const qint64 decoded = decoder.stats().framesDecoded;
    QVERIFY(decoder.frame(52));
    QCOMPARE(decoder.stats().framesDecoded, decoded);
    // Far ahead: decoding restarts at the keyframe (96) before it; what lies between is not
    // decoded.
    const qint64 sent = decoder.stats().packetsSent;
    QVERIFY(decoder.frame(110));
    QCOMPARE(decoder.stats().repositions, restarts + 1);
    QVERIFY(decoder.stats().packetsSent - sent <= 110 - 96 + 8);
    // Backward: a seek.
    const qint64 seeks = decoder.stats().seeks;
    const Result<DecodedFrame> back = decoder.frame(50);
    QVERIFY(back);
    QCOMPARE(m_stamp.read(back->image, kWidth), 50);
    QCOMPARE(decoder.stats().repositions, restarts + 2);
    QCOMPARE(decoder.stats().seeks, seeks + 1);
    // reset(): cold again.
    decoder.reset();
    QVERIFY(decoder.frame(51));
    QCOMPARE(decoder.stats().repositions, restarts + 3);
}

void TestFrameDecoder::scaledOutput()
{
    const Fixture &f = m_fixtures[QStringLiteral("ntsc-bframes.ts")];
    FrameDecoder decoder;
    decoder.setOutputSize(QSize(200, 200));
    QVERIFY(decoder.open(f.path));
    const Result<DecodedFrame> r = decoder.frame(77);
    QVERIFY(r);
    QCOMPARE(r->image.size(), QSize(200, 112)); // 16:9 fitted, never enlarged
    QCOMPARE(m_stamp.read(r->image, kWidth), 77);
    QVERIFY(r->image.format() == QImage::Format_RGB32);
    decoder.setOutputSize(QSize(4000, 4000));
    const Result<DecodedFrame> full = decoder.frame(78);
    QVERIFY(full);
    QCOMPARE(full->image.size(), QSize(kWidth, kHeight));
    // Raw output holds the decoder's picture, and its bytes count.
    const Result<DecodedFrame> raw = decoder.frame(79, FrameDecoder::Output::Raw);
    QVERIFY(raw && raw->raw && raw->image.isNull());
    QVERIFY(raw->bytes() >= qint64(kWidth) * kHeight * 3 / 2);
}

void TestFrameDecoder::truncatedAndGarbage()
{
    // MP4 with its index (moov) at the end, cut: nothing to index.
    const QString cutMp4 = m_dir.filePath(QStringLiteral("truncated.mp4"));
    {
        QFile in(m_fixtures[QStringLiteral("bframes-offset.mp4")].path);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QFile out(cutMp4);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(in.read(in.size() * 6 / 10));
    }
    FrameDecoder decoder;
    Status s = decoder.open(cutMp4);
    QVERIFY(!s);
    QCOMPARE(s.error().code, QStringLiteral("media.unreadable"));
    QVERIFY(!decoder.frame(0));

    // Garbage and empty files.
    const QString garbage = m_dir.filePath(QStringLiteral("garbage.mp4"));
    {
        QFile out(garbage);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QRandomGenerator rng(7);
        QByteArray bytes(200000, Qt::Uninitialized);
        for (char &c : bytes)
            c = char(rng.bounded(256));
        out.write(bytes);
    }
    s = decoder.open(garbage);
    QVERIFY(!s);
    QCOMPARE(s.error().code, QStringLiteral("media.unreadable"));
    const QString empty = m_dir.filePath(QStringLiteral("empty.mp4"));
    QFile(empty).open(QIODevice::WriteOnly);
    QVERIFY(!decoder.open(empty));
    QVERIFY(!decoder.open(m_dir.filePath(QStringLiteral("missing.mp4"))));
    // Sound only: no picture stream.
    const QString audio = m_dir.filePath(QStringLiteral("tone.wav"));
    QVERIFY(test::ffmpeg({QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                          QStringLiteral("sine=frequency=440:duration=1"), audio}));
    s = decoder.open(audio);
    QVERIFY(!s);
    QVERIFY(s.error().message.contains(QStringLiteral("no picture stream")));

    // Files cut in the middle with their index up front (MPEG-TS, fast-start MP4): the frames
    // before the cut are indexed and decode exactly; frames past it are out of range.
    const QString faststart = m_dir.filePath(QStringLiteral("faststart.mp4"));
    QVERIFY(
        test::ffmpeg({QStringLiteral("-i"), m_fixtures[QStringLiteral("bframes-offset.mp4")].path,
                      QStringLiteral("-c"), QStringLiteral("copy"), QStringLiteral("-movflags"),
                      QStringLiteral("+faststart"), faststart}));
    for (const QString &source : {faststart, m_fixtures[QStringLiteral("ntsc-bframes.ts")].path}) {
        const QString cut =
            source + QStringLiteral(".cut") + source.mid(source.lastIndexOf(QLatin1Char('.')));
        {
            QFile in(source);
            QVERIFY(in.open(QIODevice::ReadOnly));
            QFile out(cut);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(in.read(in.size() * 55 / 100));
        }
        FrameDecoder d;
        const Status opened = d.open(cut);
        QVERIFY2(opened, qPrintable(cut));
        QVERIFY(d.frameCount() > 10);
        QVERIFY(d.frameCount() < 120);
        // Near the cut, B-frames shown before their last readable reference may be missing, so
        // the stamped number follows from the frame's time, not its rank.
        const double fps = d.index().frameRate();
        qint64 exact = 0, failed = 0;
        for (qint64 n = d.frameCount() - 1; n >= 0; n -= 3) {
            const Result<DecodedFrame> r = d.frame(n);
            if (r) {
                QCOMPARE(m_stamp.read(r->image, kWidth),
                         qint64(std::llround(d.index().secondsOf(n) * fps)));
                if (n < d.frameCount() - 8)
                    QCOMPARE(m_stamp.read(r->image, kWidth), n);
                ++exact;
            } else {
                QCOMPARE(r.error().code, QStringLiteral("media.decode"));
                ++failed;
            }
        }
        QVERIFY(exact > 0);
        QVERIFY(failed <= 2); // at most the frames that needed the cut-off packets
        const Result<DecodedFrame> past = d.frame(d.frameCount());
        QVERIFY(!past);
        QCOMPARE(past.error().code, QStringLiteral("media.frame-range"));
    }
}

void TestFrameDecoder::damagedMiddle()
{
    // Garbage over part of an MPEG-TS: decoding goes on without crashing; frames away from the
    // damage still come out exact.
    const QString path = m_dir.filePath(QStringLiteral("damaged.ts"));
    QVERIFY(QFile::copy(m_fixtures[QStringLiteral("ntsc-bframes.ts")].path, path));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(f.size() / 2);
        QRandomGenerator rng(11);
        QByteArray bytes(8000, Qt::Uninitialized);
        for (char &c : bytes)
            c = char(rng.bounded(256));
        f.write(bytes);
    }
    FrameDecoder decoder;
    QVERIFY(decoder.open(path));
    qint64 ok = 0;
    for (qint64 n = 0; n < decoder.frameCount(); n += 2) {
        const Result<DecodedFrame> r = decoder.frame(n);
        if (r && r->number == n)
            ++ok;
    }
    QVERIFY(ok > decoder.frameCount() / 4);
    const Result<DecodedFrame> early = decoder.frame(5);
    QVERIFY(early);
    QCOMPARE(m_stamp.read(early->image, kWidth), 5);
}

void TestFrameDecoder::cacheBudget()
{
    FrameCache cache(10 * 1000);
    const auto frameOf = [](qint64 n, int bytesWide) {
        DecodedFrame f;
        f.number = n;
        f.image = QImage(bytesWide / 4, 1, QImage::Format_RGB32);
        return f;
    };
    for (qint64 n = 0; n < 10; ++n)
        QVERIFY(cache.insert(frameOf(n, 2000)));
    QCOMPARE(cache.count(), 5); // 5 x 2000 bytes
    QCOMPARE(cache.numbers(), (QList<qint64>{5, 6, 7, 8, 9}));
    QVERIFY(cache.find(5)); // now most recent: 6 goes next
    QVERIFY(cache.insert(frameOf(10, 2000)));
    QVERIFY(cache.contains(5) && !cache.contains(6));
    // Frames in the keep range go last.
    cache.setKeepRange(7, 8, 7);
    QVERIFY(cache.insert(frameOf(11, 4000)));
    QVERIFY(cache.contains(7) && cache.contains(8) && cache.contains(11));
    QVERIFY(cache.usedBytes() <= 10000);
    QVERIFY(cache.canFit(2000));
    // Too big alone, and a lowered budget.
    QVERIFY(!cache.insert(frameOf(12, 20000)));
    cache.setBudget(4000);
    QVERIFY(cache.usedBytes() <= 4000);
    QVERIFY(cache.contains(7) && cache.contains(8));
    QVERIFY(!cache.canFit(2000));
    // Inside the keep range, the frames farthest from the playhead go first (behind it
    // counting double).
    cache.clear();
    cache.setBudget(10000);
    cache.setKeepRange(0, 100, 50);
    for (qint64 n : {50, 44, 53, 58, 47})
        QVERIFY(cache.insert(frameOf(n, 2000)));
    QVERIFY(cache.insert(frameOf(51, 2000))); // 44 is 12 away, 58 is 8
    QCOMPARE(cache.numbers(), (QList<qint64>{47, 50, 51, 53, 58}));
    QVERIFY(cache.insert(frameOf(52, 2000))); // 58 (8) beats 47 (6)
    QCOMPARE(cache.numbers(), (QList<qint64>{47, 50, 51, 52, 53}));
    cache.clear();
    QCOMPARE(cache.count(), 0);
    QCOMPARE(cache.usedBytes(), 0);
}

void TestFrameDecoder::serverRequests()
{
    const Fixture &f = m_fixtures[QStringLiteral("vfr-bframes.mp4")];
    FrameServer server;
    QSignalSpy ready(&server, &FrameServer::frameReady);
    QSignalSpy failed(&server, &FrameServer::frameFailed);
    QVERIFY(server.open(f.path));
    QCOMPARE(server.frameCount(), f.frames);

    server.request(60);
    QVERIFY(ready.wait(10000));
    QCOMPARE(ready.last().at(0).toLongLong(), 60);
    QCOMPARE(m_stamp.read(ready.last().at(1).value<QImage>(), kWidth), 60);

    // Decode-ahead fills both sides of the playhead (the whole clip fits the default budget).
    QVERIFY(server.waitForIdle(20000));
    for (qint64 n = 0; n < f.frames; ++n)
        QVERIFY2(server.cache().contains(n), qPrintable(QString::number(n)));
    QVERIFY(server.stats().decodedAhead > 0);

    // Stepping backward across GOPs: every step answered at once, exact.
    QElapsedTimer timer;
    for (qint64 n = 59; n >= 20; --n) {
        const int before = int(ready.size());
        timer.start();
        server.request(n);
        QCOMPARE(int(ready.size()), before + 1); // emitted before request() returned
        QCOMPARE(ready.last().at(0).toLongLong(), n);
        QCOMPARE(m_stamp.read(ready.last().at(1).value<QImage>(), kWidth), n);
        QVERIFY(hashOf(ready.last().at(1).value<QImage>()) ==
                m_hashes[QStringLiteral("vfr-bframes.mp4")][n]);
    }

    // Synchronous API and errors.
    const Result<DecodedFrame> r = server.frameAndWait(f.frames - 1);
    QVERIFY(r);
    QCOMPARE(m_stamp.read(r->image, kWidth), f.frames - 1);
    const Result<DecodedFrame> bad = server.frameAndWait(f.frames);
    QVERIFY(!bad);
    QCOMPARE(bad.error().code, QStringLiteral("media.frame-range"));
    server.request(-3);
    QCOMPARE(failed.size(), 1);

    // Cold again after clear(); a new output size applies to what comes next.
    server.clear();
    server.setOutputSize(QSize(160, 90));
    server.setDecodeAhead(false);
    QVERIFY(server.waitForIdle(10000));
    QCOMPARE(server.cache().count(), 0);
    const Result<DecodedFrame> small = server.frameAndWait(33);
    QVERIFY(small);
    QCOMPARE(small->image.size(), QSize(160, 90));
    QCOMPARE(m_stamp.read(small->image, kWidth), 33);
    QVERIFY(server.waitForIdle(10000));
    QCOMPARE(server.cache().count(), 1); // decode-ahead is off
}

void TestFrameDecoder::serverLatestRequestWins()
{
    const Fixture &f = m_fixtures[QStringLiteral("ntsc-bframes.ts")];
    FrameServer server;
    server.setDecodeAhead(false);
    QSignalSpy ready(&server, &FrameServer::frameReady);
    QVERIFY(server.open(f.path));
    // A burst as while scrubbing: the worker is busy with the first; the ones queued behind it
    // are replaced by the last.
    const QList<qint64> burst{10, 80, 95, 120, 140};
    for (qint64 n : burst)
        server.request(n);
    QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() && ready.last().at(0).toLongLong() == 140, 10000);
    QTest::qWait(300);
    QCOMPARE(ready.last().at(0).toLongLong(), 140);
    QCOMPARE(m_stamp.read(ready.last().at(1).value<QImage>(), kWidth), 140);
    // Results come in request order, never an older one after a newer one.
    qint64 lastIndex = -1;
    for (const QList<QVariant> &emitted : ready) {
        const qint64 index = burst.indexOf(emitted.at(0).toLongLong());
        QVERIFY(index > lastIndex);
        lastIndex = index;
    }
    const FrameServer::Stats stats = server.stats();
    QVERIFY(stats.superseded >= 2);
    QVERIFY(stats.decoded <= 3);
    QCOMPARE(stats.requests, qint64(burst.size()));

    // A cache hit answered while a decode is under way wins over the decode's late result.
    QVERIFY(server.cache().contains(140));
    server.request(3);   // cold: goes to the worker
    server.request(140); // cached: shown at once
    QCOMPARE(ready.last().at(0).toLongLong(), 140);
    QTest::qWait(500);
    QCOMPARE(ready.last().at(0).toLongLong(), 140);
}

void TestFrameDecoder::serverDecodeAheadWithinBudget()
{
    const Fixture &f = m_fixtures[QStringLiteral("ntsc-bframes.ts")];
    FrameServer server;
    const qint64 rawFrame = qint64(kWidth) * kHeight * 3 / 2;
    server.setMemoryBudget(80 * rawFrame); // images around the playhead take a share
    QVERIFY(server.open(f.path));
    QVERIFY(server.frameAndWait(75));
    QVERIFY(server.waitForIdle(20000));
    QVERIFY(server.cache().usedBytes() <= server.memoryBudget());
    const QList<qint64> held = server.cache().numbers();
    QVERIFY2(held.size() >= 30, qPrintable(QString::number(held.size())));
    QVERIFY(held.size() < f.frames);
    const qint64 ahead = std::count_if(held.begin(), held.end(), [](qint64 n) { return n > 75; });
    const qint64 behind = std::count_if(held.begin(), held.end(), [](qint64 n) { return n < 75; });
    QVERIFY2(ahead > behind,
             qPrintable(QStringLiteral("%1 ahead, %2 behind").arg(ahead).arg(behind)));
    QVERIFY(behind > 0);
    QVERIFY(server.cache().contains(76) && server.cache().contains(74));

    // Moving the playhead moves the window; the budget still holds.
    QVERIFY(server.frameAndWait(20));
    QVERIFY(server.waitForIdle(20000));
    QVERIFY(server.cache().usedBytes() <= server.memoryBudget());
    QVERIFY(server.cache().contains(21) && server.cache().contains(19));
    QVERIFY(!server.cache().contains(100));
}

QTEST_GUILESS_MAIN(TestFrameDecoder)
#include "tst_framedecoder.moc"
