#include "spec/newspec.h"

#include "spec/project.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <cmath>

namespace greenlight {

namespace {

constexpr int kMaxIdChars = 64;
constexpr double kFirstSceneSeconds = 3.0;

} // namespace

Canvas canvasForFormat(const QString &format, const Rational &fps)
{
    Canvas canvas;
    canvas.fps = fps;
    if (format == QLatin1String("square-feed")) {
        canvas.width = 1080;
        canvas.height = 1080;
    } else if (format == QLatin1String("landscape-explainer")) {
        canvas.width = 1920;
        canvas.height = 1080;
    } else {
        canvas.width = 1080;
        canvas.height = 1920;
    }
    return canvas;
}

QString specIdFromTitle(const QString &title)
{
    QString id = title.normalized(QString::NormalizationForm_KD).toLower();
    id.remove(QRegularExpression(QStringLiteral("[^a-z0-9\\s_-]")));
    id = id.simplified().replace(QLatin1Char(' '), QLatin1Char('-'));
    id.replace(QRegularExpression(QStringLiteral("-+")), QStringLiteral("-"));
    while (!id.isEmpty() && (id.front() == QLatin1Char('-') || id.front() == QLatin1Char('_')))
        id.remove(0, 1);
    id = id.left(kMaxIdChars);
    while (id.endsWith(QLatin1Char('-')))
        id.chop(1);
    return id.isEmpty() ? QStringLiteral("spec") : id;
}

Json newSpecDocument(const NewSpecOptions &options)
{
    const Canvas canvas = canvasForFormat(options.format, options.fps);
    const qint64 frames = qint64(std::llround(kFirstSceneSeconds * double(canvas.fps.num) / double(canvas.fps.den)));
    const QString title = options.title.trimmed().isEmpty() ? QStringLiteral("Untitled") : options.title.trimmed();
    const QString id = options.id.isEmpty() ? specIdFromTitle(title) : options.id;
    // The title box: the middle of the canvas with a 10 % margin, a fifth of its height.
    const int margin = canvas.width / 10;
    const int boxHeight = (canvas.height / 5) / 2 * 2;
    const int sizePx = qBound(24, canvas.width / 16, 160);
    Json layer = {{"type", "text"},
                  {"id", "title"},
                  {"content", toStd(title)},
                  {"style", {{"weight", "bold"}, {"sizePx", sizePx}, {"align", "center"}, {"verticalAlign", "middle"}}},
                  {"box", {{"x", margin}, {"y", (canvas.height - boxHeight) / 2}, {"width", canvas.width - 2 * margin},
                           {"height", boxHeight}}}};
    return Json{{"schemaVersion", 1},
                {"id", toStd(id)},
                {"title", toStd(title)},
                {"format", toStd(options.format)},
                {"canvas", {{"width", canvas.width}, {"height", canvas.height},
                            {"fps", {{"num", canvas.fps.num}, {"den", canvas.fps.den}}}}},
                {"durationFrames", frames},
                {"defaults", {{"textStyle", {{"font", "DejaVu Sans"}, {"color", "#F4F6F8"}, {"lineHeight", 1.2}}}}},
                {"scenes", Json::array({Json{{"id", "intro"},
                                             {"role", "hook"},
                                             {"durationFrames", frames},
                                             {"background", {{"type", "color"}, {"color", "#1E2A38"}}},
                                             {"layers", Json::array({layer})}}})}};
}

QString newSpecPath(const QString &projectRoot, const QString &id)
{
    const QDir specs(QDir(projectRoot).filePath(QStringLiteral("specs")));
    // A name is taken by either form: <name>.greenlight.json or an older <name>.json.
    const auto taken = [&specs](const QString &name) {
        return QFileInfo::exists(specs.filePath(name + specFileSuffix()))
               || QFileInfo::exists(specs.filePath(name + QStringLiteral(".json")));
    };
    QString name = id;
    for (int n = 2; taken(name); ++n)
        name = QStringLiteral("%1-%2").arg(id).arg(n);
    return specs.filePath(name + specFileSuffix());
}

} // namespace greenlight
