#include "semantic/reviewprompt.h"

#include "semantic/observationparser.h"

#include <QFile>

namespace greenlight {

namespace {

QString seconds(qint64 frame, const Rational &fps)
{
    return fps.num > 0 ? QString::number(double(frame) * double(fps.den) / double(fps.num), 'f', 2) + QStringLiteral(" s")
                       : QString();
}

QString rangeText(const std::optional<FrameRange> &r)
{
    return r ? QStringLiteral("frames %1-%2").arg(r->start).arg(r->end) : QStringLiteral("frames unknown");
}

QString quoted(QString text)
{
    return QLatin1Char('"') + text.replace(QLatin1Char('\n'), QLatin1Char(' ')) + QLatin1Char('"');
}

Json schemaJson()
{
    auto json = readJsonFile(ObservationParser::schemaResource());
    return json ? *json : Json::object();
}

} // namespace

QString ReviewPrompt::systemText()
{
    QFile schema(ObservationParser::schemaResource());
    const QString schemaText = schema.open(QIODevice::ReadOnly) ? QString::fromUtf8(schema.readAll()) : QString();
    return QStringLiteral(
               "You are a careful reviewer of short marketing and explainer videos. You are shown still frames "
               "sampled from a rendered video, each introduced by a line \"Frame N\" naming its frame number, "
               "together with the narration and caption text (with cue ids) and the claims the video's spec makes "
               "(title, call to action, on-screen text).\n"
               "Report problems a viewer would notice: the picture contradicting the narration, captions or claims "
               "(category contradiction); captions or on-screen text not matching what is shown "
               "(caption-visual-mismatch); the title, hook or call to action promising what the video does not "
               "deliver (promise-delivery-mismatch); words likely to be mispronounced (pronunciation); brand "
               "problems such as misspelled names or off-brand wording (brand); anything else worth a person's "
               "attention (other).\n"
               "Frame ranges are half-open [start, end) in frames of this video; use the frame numbers you were "
               "shown. Severity: blocker when the video must not ship as it is, warning when a person should look, "
               "info otherwise. Put the frame numbers and cue ids that show the problem in evidence.\n"
               "Answer with one JSON object and nothing else, valid against this JSON Schema; leave out "
               "\"reviewer\". When you see no problem, answer {\"observations\": []}.\n")
           + schemaText;
}

QString ReviewPrompt::frameLabel(qint64 frame, const Rational &fps)
{
    return QStringLiteral("Frame %1 (%2)").arg(frame).arg(seconds(frame, fps));
}

QString ReviewPrompt::materialsText(const ReviewMaterials &m, const SampledVideo &video)
{
    QStringList lines;
    lines << QStringLiteral("Video: %1x%2 pixels, %3 frames at %4 frames per second (frames 0-%3).")
                 .arg(video.width_px).arg(video.height_px).arg(video.frameCount).arg(video.fps.toString());
    lines << QString() << QStringLiteral("Claims of the spec:");
    lines << QStringLiteral("- title: ") + (m.title.isEmpty() ? QStringLiteral("(none)") : quoted(m.title));
    lines << QStringLiteral("- call to action: ") + (m.ctaText.isEmpty() ? QStringLiteral("(none)") : quoted(m.ctaText));
    for (const ReviewText &t : m.onScreenText)
        lines << QStringLiteral("- on-screen text [%1] %2: %3").arg(t.id, rangeText(t.frames), quoted(t.text));
    lines << QString() << QStringLiteral("Narration and caption cues:");
    if (m.cues.isEmpty())
        lines << QStringLiteral("- (none)");
    for (const ReviewText &t : m.cues)
        lines << QStringLiteral("- cue [%1] %2: %3").arg(t.id, rangeText(t.frames), quoted(t.text));
    QStringList numbers;
    for (const SampledFrame &f : video.frames)
        numbers << QString::number(f.frame);
    lines << QString()
          << QStringLiteral("Sampled frames (each image below follows a line naming its frame number): ")
                 + numbers.join(QStringLiteral(", "));
    return lines.join(QLatin1Char('\n'));
}

Json ReviewPrompt::request(const QString &model, ResponseFormat format, const ReviewMaterials &materials,
                           const SampledVideo &video)
{
    Json content = Json::array();
    content.push_back({{"type", "text"}, {"text", toStd(materialsText(materials, video))}});
    for (const SampledFrame &f : video.frames) {
        content.push_back({{"type", "text"}, {"text", toStd(frameLabel(f.frame, video.fps) + QLatin1Char(':'))}});
        const std::string url = "data:image/jpeg;base64," + f.jpeg.toBase64().toStdString();
        content.push_back({{"type", "image_url"}, {"image_url", {{"url", url}}}});
    }
    Json req{{"model", toStd(model)},
             {"messages",
              Json::array({Json{{"role", "system"}, {"content", toStd(systemText())}},
                           Json{{"role", "user"}, {"content", content}}})},
             {"temperature", 0}};
    if (format == ResponseFormat::JsonSchema) {
        Json schema = schemaJson();
        schema.erase("$schema");
        schema.erase("$id");
        req["response_format"] = {{"type", "json_schema"},
                                  {"json_schema", {{"name", "greenlight_observations"}, {"schema", schema}, {"strict", false}}}};
    } else {
        req["response_format"] = {{"type", "json_object"}};
    }
    return req;
}

} // namespace greenlight
