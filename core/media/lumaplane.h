#pragma once

#include <QSize>
#include <QtGlobal>

#include <vector>

struct AVFrame;
struct SwsContext;

namespace greenlight {

// A downscaled 8-bit luma plane: the picture the video signals are computed on.
//
// The size follows the automatic downsampling of Wang et al.'s reference SSIM code: an
// integer factor F = max(1, round(min(width, height) / 256)) and a box (area) average over
// F x F pixels; 1920x1080 becomes 480x270 (F = 4), 1280x720 becomes 426x240 (F = 3).
// Planar 8-bit YUV, NV12/NV21 and gray frames are reduced straight from their Y plane;
// everything else (10-bit, RGB, a baseline of another size) goes through swscale (area).
// Filling reuses the plane's buffers: no allocation per frame once the size is known.
class LumaPlane
{
public:
    LumaPlane();
    ~LumaPlane();
    LumaPlane(const LumaPlane &) = delete;
    LumaPlane &operator=(const LumaPlane &) = delete;

    static QSize analysisSize(int width, int height);

    // Reduces the frame's luma to targetWidth x targetHeight. False if the frame cannot be
    // converted (unknown pixel format).
    bool fill(const AVFrame *frame, int targetWidth, int targetHeight);
    // Copies another plane's pixels (same size afterwards); used to keep a reference frame.
    void assignPixels(const LumaPlane &other);

    int width() const { return m_width; }
    int height() const { return m_height; }
    bool isEmpty() const { return m_pixels.empty(); }
    bool fullRange() const { return m_fullRange; }
    const quint8 *data() const { return m_pixels.data(); }

    // The black threshold as FFmpeg's blackdetect computes it from pix_th (0..1):
    // pix_th * 255 for full-range video, 16 + pix_th * (235 - 16) for limited range.
    int blackThreshold(double pixelThreshold) const;

    struct Stats
    {
        double meanLuma = 0.0;      // 0..255
        double darkFraction = 0.0;  // share of pixels <= the threshold
    };
    Stats stats(int blackThreshold) const;

    // Mean absolute difference to another plane of the same size, normalized to 0..1.
    double meanAbsDiff(const LumaPlane &other) const;

    // Luma SSIM against another plane of the same size: 8x8 windows on a 4-pixel grid (the
    // x264 / FFmpeg ssim filter layout), constants C1 = (0.01*255)^2, C2 = (0.03*255)^2.
    // NaN when the sizes differ or the plane is smaller than 8x8.
    double ssim(const LumaPlane &other) const;

private:
    bool fillDirect(const AVFrame *frame, int factor);
    bool fillScaled(const AVFrame *frame, int targetWidth, int targetHeight);

    int m_width = 0;
    int m_height = 0;
    bool m_fullRange = false;
    std::vector<quint8> m_pixels;
    std::vector<quint16> m_rowSums;
    SwsContext *m_sws = nullptr;
};

} // namespace greenlight
