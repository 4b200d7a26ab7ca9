#include "review/timelinepalette.h"

#include <QHash>

namespace greenlight {

QColor TimelinePalette::severity(Severity s) const
{
    switch (s) {
    case Severity::Blocker: return blocker;
    case Severity::Warning: return warning;
    case Severity::Info: return info;
    }
    return info;
}

QColor TimelinePalette::role(const QString &role) const
{
    if (role == QLatin1String("hook"))
        return QColor(0x8e, 0x5c, 0xd9);
    if (role == QLatin1String("body"))
        return QColor(0x3a, 0x78, 0xb5);
    if (role == QLatin1String("proof"))
        return QColor(0x3d, 0x8f, 0x5f);
    if (role == QLatin1String("cta"))
        return QColor(0xc2, 0x6a, 0x2b);
    if (role == QLatin1String("intro") || role == QLatin1String("outro"))
        return QColor(0x5b, 0x65, 0x78);
    if (role.isEmpty())
        return QColor(0x4a, 0x52, 0x60);
    return QColor::fromHsv(int(qHash(role) % 360u), 140, 170);
}

TimelinePalette TimelinePalette::standard(const QFont &base)
{
    TimelinePalette p;
    p.labelFont = base;
    p.labelFont.setPointSizeF(9.0);
    p.headerFont = base;
    p.headerFont.setPointSizeF(9.0);
    p.headerFont.setWeight(QFont::DemiBold);
    p.smallFont = base;
    p.smallFont.setPointSizeF(8.0);
    return p;
}

} // namespace greenlight
