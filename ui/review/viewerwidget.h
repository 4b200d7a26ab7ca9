#pragma once

#include <QColor>
#include <QImage>
#include <QList>
#include <QString>
#include <QWidget>

namespace greenlight {

// The picture of the review desk: frame A (and in compare modes frame B) fitted to the widget
// with its aspect kept, and the overlays an editor needs to judge a frame: frame number and
// timecode, caption safe areas, the narration segment with its current word, and the findings
// whose frame range covers the frame. Pure painting: the review window feeds it.
class ViewerWidget : public QWidget
{
    Q_OBJECT

public:
    enum class CompareMode { Off, SideBySide, Wipe, Difference };

    struct Chip // a finding active on this frame
    {
        QString text;
        QColor color;
    };

    explicit ViewerWidget(QWidget *parent = nullptr);

    void setFrameA(qint64 number, const QImage &image);
    void setFrameB(qint64 number, const QImage &image);
    void clearB();
    qint64 frameA() const { return m_numberA; }
    qint64 frameB() const { return m_numberB; }
    const QImage &imageA() const { return m_imageA; }

    void setLabels(const QString &labelA, const QString &labelB);
    void setCompareMode(CompareMode mode);
    CompareMode compareMode() const { return m_mode; }
    // Wipe divider position, 0..1 of the picture width (drag it with the mouse in wipe mode).
    void setWipePosition(double position);
    double wipePosition() const { return m_wipe; }

    void setTimecode(const QString &timecode) { m_timecode = timecode; update(); }
    void setStatusText(const QString &text) { m_status = text; update(); } // e.g. "decoding…", an error
    void setSafeAreasVisible(bool visible);
    bool safeAreasVisible() const { return m_safeAreas; }
    // Narration on this frame: the segment's text and the current word's span in it (code units).
    void setNarration(const QString &text, int wordStart, int wordEnd);
    void setChips(const QList<Chip> &chips);
    // A panel drawn over the picture (keyboard help); empty hides it.
    void setHelpText(const QString &text);
    bool helpVisible() const { return !m_help.isEmpty(); }

    // Where the picture sits in the widget (letterboxed), for tests and hit-testing.
    QRect pictureRect(const QSize &imageSize, const QRect &area) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    void paintPicture(QPainter &p, const QImage &image, const QRect &area, const QString &label);
    void paintWipe(QPainter &p, const QRect &area);
    void paintDifference(QPainter &p, const QRect &area);
    void paintOverlays(QPainter &p, const QRect &picture);
    void paintHelp(QPainter &p);
    void dragWipe(const QPoint &pos);

    QImage m_imageA;
    QImage m_imageB;
    qint64 m_numberA = -1;
    qint64 m_numberB = -1;
    QString m_labelA = QStringLiteral("A");
    QString m_labelB = QStringLiteral("B");
    CompareMode m_mode = CompareMode::Off;
    double m_wipe = 0.5;
    QString m_timecode;
    QString m_status;
    bool m_safeAreas = false;
    QString m_narration;
    int m_wordStart = -1;
    int m_wordEnd = -1;
    QList<Chip> m_chips;
    QString m_help;
    QImage m_difference;
    qint64 m_differenceOf[2] = {-1, -1};
};

} // namespace greenlight
