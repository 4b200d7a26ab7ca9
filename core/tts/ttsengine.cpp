#include "tts/ttsengine.h"

namespace greenlight {

QString toString(TimingSource source)
{
    switch (source) {
    case TimingSource::Engine:
        return QStringLiteral("engine");
    case TimingSource::ForcedAlignment:
        return QStringLiteral("forced-alignment");
    case TimingSource::Estimate:
        return QStringLiteral("estimate");
    }
    return QStringLiteral("estimate");
}

} // namespace greenlight
