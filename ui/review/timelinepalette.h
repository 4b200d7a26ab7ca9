#pragma once

#include "qa/finding.h"

#include <QColor>
#include <QFont>
#include <QString>

namespace greenlight {

// The timeline's colours and fonts. The canvas is dark whatever the application style (as in
// editing and review tools, where the picture and the graphs need a dark surround); the
// colours are chosen to stay apart for common colour-vision deficiencies (severity is also
// told by shape and by the header counts, never by colour alone).
struct TimelinePalette
{
    QColor canvas{0x1b, 0x1d, 0x21};
    QColor trackEven{0x22, 0x25, 0x2a};
    QColor trackOdd{0x1f, 0x21, 0x26};
    QColor trackSeparator{0x32, 0x36, 0x3d};
    QColor header{0x2a, 0x2d, 0x33};
    QColor headerText{0xe4, 0xe6, 0xeb};
    QColor headerSubtext{0x9a, 0xa0, 0xab};
    QColor ruler{0x26, 0x29, 0x2f};
    QColor rulerTick{0x6b, 0x72, 0x80};
    QColor rulerText{0xc9, 0xcd, 0xd4};
    QColor emptyText{0x6b, 0x72, 0x80};
    QColor gridLine{0x2e, 0x32, 0x39};
    QColor frameLine{0x2a, 0x2e, 0x34};

    QColor playhead{0xff, 0x45, 0x3a};
    QColor inOut{0xf5, 0xc2, 0x42};
    QColor outsideInOut{0, 0, 0, 110};
    QColor hover{0xff, 0xff, 0xff, 200};

    QColor narration{0x2a, 0x9d, 0x8f};
    QColor word{0x4f, 0xc3, 0xb3};
    QColor caption{0xb8, 0x9b, 0x4a};
    QColor itemText{0xf4, 0xf5, 0xf7};
    QColor itemTextDark{0x14, 0x16, 0x19};

    QColor blocker{0xe5, 0x48, 0x4d};
    QColor warning{0xf5, 0xa5, 0x24};
    QColor info{0x3b, 0x82, 0xf6};

    QColor loudness{0x5e, 0xea, 0xd4};
    QColor loudnessTarget{0xf5, 0xc2, 0x42, 150};
    QColor ssim{0xc0, 0x84, 0xfc};
    QColor silent{0x8b, 0x5c, 0xf6, 90};
    QColor black{0x05, 0x05, 0x06};
    QColor frozen{0x38, 0xbd, 0xf8, 110};
    QColor changed{0xe5, 0x48, 0x4d, 110};
    QColor waveform{0x60, 0xa5, 0xfa};
    QColor waveformRms{0x93, 0xc5, 0xfd};

    QColor severity(Severity s) const;
    // A stable colour per scene role: the common roles have fixed ones, others a hue of their name.
    QColor role(const QString &role) const;

    QFont labelFont;  // item labels and ruler, 9 pt
    QFont headerFont; // track names, 9 pt demi-bold
    QFont smallFont;  // header sub-lines, 8 pt

    static TimelinePalette standard(const QFont &base);
};

// The colour with another alpha.
inline QColor withAlpha(QColor c, int alpha)
{
    c.setAlpha(alpha);
    return c;
}

} // namespace greenlight
