#pragma once

#include "common/jsonio.h"
#include "spec/videospec.h"

#include <QString>

namespace greenlight {

// What a new spec starts from: a title, a format and a frame rate. Everything else gets a
// sensible first value a producer then changes in the forms.
struct NewSpecOptions
{
    QString title;
    QString id;                                       // empty = derived from the title
    QString format = QStringLiteral("vertical-short"); // vertical-short | square-feed | landscape-explainer
    Rational fps{30, 1};
};

// The canvas a format uses unless the spec says otherwise (1080x1920, 1080x1080, 1920x1080).
Canvas canvasForFormat(const QString &format, const Rational &fps);

// A spec id from a title: lower case, words joined by '-', at most 64 characters
// ("Spring Launch: 15 s!" -> "spring-launch-15-s"); "spec" when nothing is left.
QString specIdFromTitle(const QString &title);

// A valid spec with one 3-second hook scene that shows the title, ready for the forms.
Json newSpecDocument(const NewSpecOptions &options);

// specs/<id>.greenlight.json inside the project, with -2, -3, ... when the name is taken
// (by a .greenlight.json or a plain .json spec).
QString newSpecPath(const QString &projectRoot, const QString &id);

} // namespace greenlight
