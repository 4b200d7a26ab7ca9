#pragma once

// Videos whose frames carry their own number: a strip of black/white blocks (bit i of n in
// the top row, its complement in the row below) that a test reads back from pixels, plus the
// number as text for people looking at the fixture. Made with ffmpeg drawbox/drawtext.
#include <QImage>
#include <QString>
#include <QStringList>

namespace greenlight::test {

constexpr int kStampBits = 16;

struct NumberStamp
{
    int blockWidth = 16; // pixels per bit, in the source video
    int blockHeight = 10;

    // The -vf filter chain stamping frame n (the filter's input frame count) on each frame.
    QString filter(bool withText = true) const
    {
        QStringList parts;
        parts << QStringLiteral("drawbox=x=0:y=0:w=%1:h=%2:color=black:t=fill")
                     .arg(blockWidth * kStampBits)
                     .arg(blockHeight * 2);
        for (int i = 0; i < kStampBits; ++i) {
            const QString bit = QStringLiteral("mod(floor(n/%1),2)").arg(qint64(1) << i);
            parts << QStringLiteral(
                         "drawbox=x=%1:y=0:w=%2:h=%3:color=white:t=fill:enable='eq(%4,1)'")
                         .arg(i * blockWidth)
                         .arg(blockWidth)
                         .arg(blockHeight)
                         .arg(bit);
            parts << QStringLiteral(
                         "drawbox=x=%1:y=%3:w=%2:h=%3:color=white:t=fill:enable='eq(%4,0)'")
                         .arg(i * blockWidth)
                         .arg(blockWidth)
                         .arg(blockHeight)
                         .arg(bit);
        }
        if (withText)
            parts << QStringLiteral(
                         "drawtext=text='%{frame_num}':x=4:y=%1:fontsize=%2:fontcolor=white:"
                         "box=1:boxcolor=black")
                         .arg(blockHeight * 2 + 4)
                         .arg(blockHeight * 2);
        return parts.join(QLatin1Char(','));
    }

    // The number stamped on an image decoded from such a video (possibly scaled from
    // `sourceWidth`), or -1 when the strip is not readable.
    qint64 read(const QImage &image, int sourceWidth) const
    {
        if (image.isNull() || sourceWidth <= 0)
            return -1;
        const double scale = double(image.width()) / double(sourceWidth);
        const auto gray = [&](double x, double y) {
            const int cx = int(x * scale), cy = int(y * scale);
            int sum = 0, count = 0;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int px = cx + dx, py = cy + dy;
                    if (px >= 0 && py >= 0 && px < image.width() && py < image.height()) {
                        sum += qGray(image.pixel(px, py));
                        ++count;
                    }
                }
            return count ? sum / count : 0;
        };
        qint64 n = 0;
        for (int i = 0; i < kStampBits; ++i) {
            const double x = i * blockWidth + blockWidth / 2.0;
            const int top = gray(x, blockHeight / 2.0);
            const int bottom = gray(x, blockHeight * 1.5);
            if (top > 160 && bottom < 96)
                n |= qint64(1) << i;
            else if (!(top < 96 && bottom > 160))
                return -1;
        }
        return n;
    }
};

} // namespace greenlight::test
