#pragma once

#include "common/jsonio.h"
#include "common/result.h"
#include "spec/textstyles.h"
#include "spec/videospec.h"

#include <QList>
#include <QString>

namespace greenlight {

// A spec asset as the renderer uses it: where it is and how large its picture is.
struct ResolvedAsset
{
    QString id;
    QString kind;         // image | video | audio | font
    QString path;         // relative to the project, as the spec says
    QString absolutePath;
    int width = 0;        // image / video only
    int height = 0;
    bool hasAudio = false;
};

// One laid-out line of a text layer, in canvas coordinates.
struct ResolvedTextLine
{
    QString text;
    int widthPx = 0;
    int x = 0;         // pen start (left edge of the advance box)
    int baselineY = 0; // baseline
};

struct ResolvedLayer
{
    QString type; // text | image | video
    QString id;
    qint64 startFrame = 0; // scene-local, inclusive
    qint64 endFrame = 0;   // scene-local, exclusive
    Box box;
    // text
    QString content;
    EffectiveTextStyle style;
    QString fontFile;
    QList<ResolvedTextLine> lines;
    int lineHeightPx = 0;
    bool fits = true;
    // image / video
    ResolvedAsset asset;
    QString fit = QStringLiteral("contain"); // contain | cover | fill
};

struct ResolvedBackground
{
    QString type; // color | gradient | asset
    QString color;
    QString from;
    QString to;
    QString direction = QStringLiteral("vertical");
    ResolvedAsset asset;
    QString fit = QStringLiteral("cover");
};

struct ResolvedScene
{
    QString id;
    QString role;
    int index = 0;
    qint64 startFrame = 0; // on the video timeline
    qint64 durationFrames = 0;
    QString transitionType = QStringLiteral("cut"); // cut | fade (from black)
    qint64 transitionFrames = 0;
    ResolvedBackground background;
    QList<ResolvedLayer> layers;
};

// One caption burned into the picture: frames [startFrame, endFrame) of the video timeline,
// its lines laid out in canvas coordinates, and the plate (the style's background) behind them.
struct ResolvedCaption
{
    qint64 startFrame = 0;
    qint64 endFrame = 0;
    QList<ResolvedTextLine> lines;
    Box plate;
    bool fits = true;
};

// Captions to burn in (captions.mode burn-in or both): the style and box they are drawn with.
struct ResolvedCaptions
{
    EffectiveTextStyle style;
    QString fontFile;
    Box box;
    int lineHeightPx = 0;
    QList<ResolvedCaption> cues;

    bool isEmpty() const { return cues.isEmpty(); }
    Json toJson() const;
};

struct RenderWarning
{
    QString code;
    QString message;
    QString pointer; // into the resolved spec
};

// The spec with every decision made: variant merged, defaults applied, times in frames,
// fonts resolved and text laid out with the same metrics ffmpeg's drawtext uses. This is
// props.json; the render plan is derived from it and nothing else.
struct ResolvedProps
{
    QString specId;
    QString title;
    QString variant;
    QString format;
    Canvas canvas;
    qint64 durationFrames = 0; // sum of the scenes
    int audioSampleRate = 48000;
    qint64 durationSamples = 0;
    QList<ResolvedScene> scenes;
    QList<ResolvedAsset> assets; // every asset the render reads
    ResolvedCaptions captions;   // burned-in captions (none unless the spec asks for them)
    QList<RenderWarning> warnings;
    Json resolvedSpec; // the variant-merged spec document, for reference

    Json toJson() const;
    Json warningsJson() const;
};

// Frames -> audio samples at a sample rate (floor), exact integer arithmetic.
qint64 framesToSamples(qint64 frames, const Rational &fps, int sampleRate);

// Resolves a spec document (and variant) against the project folder. Errors name what is
// missing in words a person can act on: render.asset.missing, render.asset.unreadable,
// spec.font.unavailable, spec.variant.unknown, spec.invalid.
Result<ResolvedProps> resolveProps(const Json &specDocument, const QString &variantId, const QString &projectRoot);

} // namespace greenlight
