#include "review/timelinecontent.h"

namespace greenlight {

TimelineContent TimelineContent::fromSession(const ReviewSession &session)
{
    TimelineContent c;
    c.fps = session.fps();
    c.frameCount = session.frameCount();
    if (session.run().media)
        c.frameSize = QSize(session.run().media->width, session.run().media->height);
    c.scenes = session.scenes();
    c.cues = session.cues();
    c.captions = session.captions();
    c.findings = session.findings();
    c.qaSignals = session.qaSignals();
    c.waveform = session.waveform();
    return c;
}

} // namespace greenlight
