#pragma once

#include "common/jsonio.h"
#include "semantic/framesampler.h"
#include "semantic/reviewmaterials.h"

#include <QString>

namespace greenlight {

// How the model is asked to answer in JSON: "json_object" is the widest supported;
// "json_schema" hands it schemas/observations.schema.json as a structured-output schema.
enum class ResponseFormat { JsonObject, JsonSchema };

// The chat-completions request a model reviewer gets: a system message with the task and the
// observations schema, and one user message with the cues and claims as text, then each sampled
// frame as a "Frame N" text part followed by its JPEG as a data URL.
class ReviewPrompt
{
public:
    static Json request(const QString &model, ResponseFormat format, const ReviewMaterials &materials,
                        const SampledVideo &video);
    static QString systemText();
    static QString materialsText(const ReviewMaterials &materials, const SampledVideo &video);
    static QString frameLabel(qint64 frame, const Rational &fps);
};

} // namespace greenlight
