#pragma once

#include "common/result.h"
#include "tts/engineconfig.h"
#include "tts/remotettsengine.h"

#include <memory>

namespace greenlight {

class Secrets;

// Makes the remote engine a runbook names ("elevenlabs", "kokoro", "openai-speech") from
// its settings, with its API key looked up through Secrets. A required key that cannot be
// found is a tts.auth.missing-key error whose message says how to provide it; an optional one that is
// found is sent anyway. Unknown engines are tts.config errors.
class RemoteEngineFactory
{
public:
    static Result<std::unique_ptr<RemoteTtsEngine>> create(const RemoteEngineSettings &settings,
                                                           const Secrets &secrets);
    static Result<std::unique_ptr<RemoteTtsEngine>> create(const EngineConfig &config, const QString &engine,
                                                           const Secrets &secrets);
};

} // namespace greenlight
