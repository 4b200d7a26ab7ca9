#pragma once

#include "common/jsonio.h"
#include "common/result.h"

#include <QList>
#include <QString>

#include <optional>

namespace greenlight {

// Frame rate or any other exact ratio (30/1, 30000/1001).
struct Rational
{
    qint64 num = 30;
    qint64 den = 1;
    double toDouble() const { return double(num) / double(den); }
    QString toString() const { return QString::number(num) + QLatin1Char('/') + QString::number(den); }
    bool operator==(const Rational &) const = default;
};

struct Canvas
{
    int width = 1080;
    int height = 1920;
    Rational fps;
};

struct Box
{
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
};

struct TextStyle
{
    std::optional<QString> font;      // family, resolved with fontconfig
    std::optional<QString> fontAsset; // asset id of kind font
    std::optional<QString> weight;    // regular | bold
    std::optional<int> sizePx;
    std::optional<QString> color;
    std::optional<QString> align;         // left | center | right
    std::optional<QString> verticalAlign; // top | middle | bottom
    std::optional<double> lineHeight;
    std::optional<QString> background;
    std::optional<int> paddingPx;

    // Fields set here win over `base`.
    TextStyle mergedOver(const TextStyle &base) const;
};

struct Transition
{
    QString type = QStringLiteral("cut"); // cut | fade
    std::optional<qint64> durationFrames;
};

struct Background
{
    QString type; // color | gradient | asset
    QString color;
    QString from;
    QString to;
    std::optional<QString> direction; // vertical | horizontal
    QString asset;
    std::optional<QString> fit;
};

struct Layer
{
    QString type; // text | image | video
    QString id;
    // text
    QString content;
    std::optional<TextStyle> style;
    // image / video
    QString asset;
    std::optional<QString> fit; // contain | cover | fill
    Box box;
    std::optional<qint64> startFrame;
    std::optional<qint64> endFrame;
};

struct Scene
{
    QString id;
    QString role; // hook | body | proof | cta | outro
    qint64 durationFrames = 0;
    Background background;
    std::optional<Transition> transitionIn;
    std::optional<QList<Layer>> layers;
};

struct Asset
{
    QString id;
    QString kind; // image | video | audio | font
    QString path; // relative to the project folder
    std::optional<QString> sha256;
};

struct NarrationSegment
{
    std::optional<QString> id;
    QString scene;
    QString text;
    std::optional<qint64> offsetFrames;
};

struct Narration
{
    QString voice;
    std::optional<QString> language;
    std::optional<QString> runtimeClass;
    std::optional<QString> engine;
    std::optional<QString> model;
    std::optional<double> speed;
    std::optional<double> gainDb;
    QList<NarrationSegment> segments;
};

struct CaptionStyle
{
    std::optional<TextStyle> text;
    std::optional<Box> box;
    std::optional<int> maxCharsPerLine;
    std::optional<int> maxLines;
    std::optional<qint64> minDurationFrames;
    std::optional<qint64> maxDurationFrames;
};

struct CaptionLine
{
    std::optional<QString> id;
    QString scene;
    QString text;
    std::optional<qint64> startFrame;
    std::optional<qint64> endFrame;
};

struct Captions
{
    QString source; // narration | lines
    std::optional<QString> mode; // burn-in | sidecar | both
    std::optional<CaptionStyle> style;
    std::optional<QList<CaptionLine>> lines;
};

struct Cta
{
    QString text;
    QString target;
    QString scene;
    std::optional<QString> layer;
};

struct Pronunciation
{
    QString word;
    std::optional<QString> spoken;
    std::optional<QString> phonemes;
    std::optional<QString> alphabet; // espeak | ipa
};

// What the ledger, the gate and the desk call the spec without a variant; no variant may use it.
inline const QString kBaseVariantName = QStringLiteral("base");

struct Variant
{
    QString id;
    std::optional<QString> title;
    Json overrides = Json::object();
};

struct SpecDefaults
{
    std::optional<TextStyle> textStyle;
    std::optional<Transition> transitionIn;
};

// The typed VideoSpec (schemas/videospec.schema.json). Optional fields stay optional so
// that load-then-save reproduces the file exactly (key order aside).
struct VideoSpec
{
    int schemaVersion = 1;
    QString id;
    QString title;
    std::optional<QString> description;
    QString format; // vertical-short | square-feed | landscape-explainer
    Canvas canvas;
    qint64 durationFrames = 0;
    std::optional<SpecDefaults> defaults;
    std::optional<QList<Asset>> assets;
    QList<Scene> scenes;
    std::optional<Narration> narration;
    std::optional<Captions> captions;
    std::optional<Cta> cta;
    std::optional<QList<Pronunciation>> pronunciations;
    std::optional<QList<Variant>> variants;

    // Lookups (nullptr when absent).
    const Asset *findAsset(const QString &assetId) const;
    const Scene *findScene(const QString &sceneId) const;
    int sceneIndex(const QString &sceneId) const;
    const Variant *findVariant(const QString &variantId) const;
    QStringList variantIds() const;

    // First frame of each scene on the video timeline, plus the total at the end.
    QList<qint64> sceneStartFrames() const;
    qint64 sumOfSceneDurations() const;

    // Conversion. fromJson expects a document that passed schema validation; on a shape
    // it cannot read it returns an error naming the JSON pointer.
    static Result<VideoSpec> fromJson(const Json &json);
    Json toJson() const;
};

// Reads a spec file: parse (file:line:column on error), then typed conversion. Does not
// run schema validation; use SpecValidator for that.
Result<VideoSpec> loadVideoSpec(const QString &path);
Status saveVideoSpec(const QString &path, const VideoSpec &spec);

} // namespace greenlight
