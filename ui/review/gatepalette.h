#pragma once

#include "ledger/decisioninput.h"
#include "qa/finding.h"

#include <QColor>
#include <QString>

namespace greenlight {

// The colors the review panels (findings, gate, ledger) agree on: one per severity, per
// outcome and per stage state, dark enough to read as text on a light background and light
// tints of them for banners.
namespace gatepalette {

inline QColor blocker() { return QColor(0xc6, 0x28, 0x28); }
inline QColor warning() { return QColor(0xb8, 0x6e, 0x00); }
inline QColor info() { return QColor(0x1b, 0x7f, 0xa6); }
inline QColor good() { return QColor(0x2e, 0x7d, 0x32); }
inline QColor muted() { return QColor(0x6b, 0x76, 0x7d); }

inline QColor severity(Severity s)
{
    switch (s) {
    case Severity::Blocker: return blocker();
    case Severity::Warning: return warning();
    case Severity::Info: break;
    }
    return info();
}

inline QColor outcome(Outcome o)
{
    switch (o) {
    case Outcome::Pass: return good();
    case Outcome::Revise: return warning();
    case Outcome::Reject: break;
    }
    return blocker();
}

// A light background tint of `c` for banners and chips.
inline QColor tint(const QColor &c, int alpha = 34)
{
    QColor t = c;
    t.setAlpha(alpha);
    return t;
}

// "background: ...; border: ...; color: ..." for a QLabel used as a banner or chip.
inline QString bannerStyle(const QColor &c)
{
    const QColor bg = QColor::fromRgbF(1.0 - (1.0 - c.redF()) * 0.12, 1.0 - (1.0 - c.greenF()) * 0.12,
                                       1.0 - (1.0 - c.blueF()) * 0.12);
    const QColor border = QColor::fromRgbF(1.0 - (1.0 - c.redF()) * 0.45, 1.0 - (1.0 - c.greenF()) * 0.45,
                                           1.0 - (1.0 - c.blueF()) * 0.45);
    return QStringLiteral("QLabel { background: %1; border: 1px solid %2; border-radius: 4px; color: %3; padding: 6px 8px; }")
        .arg(bg.name(), border.name(), c.darker(125).name());
}

} // namespace gatepalette

} // namespace greenlight
