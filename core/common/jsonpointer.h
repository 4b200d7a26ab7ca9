#pragma once

#include "common/jsonio.h"

#include <QString>

namespace greenlight {

// RFC 6901 JSON pointers over Json values, as QStrings ("/scenes/0/durationFrames").
// None of these throw: a malformed pointer or a missing step is simply "not there".

// The value at `pointer`, or nullptr.
const Json *resolvePointer(const Json &root, const QString &pointer);
Json *mutablePointer(Json &root, const QString &pointer);
// Sets the value at `pointer`; the parent must exist (an object, or an array with the
// index at most its size). False when it cannot or when the value is already there.
bool setAtPointer(Json &root, const QString &pointer, const Json &value);
// Removes an object member or array element. False when it is not there.
bool removeAtPointer(Json &root, const QString &pointer);
// "/a/b/2" -> "/a/b"; "" for the root and for "/a".
QString parentPointer(const QString &pointer);
// The last token, unescaped ("2", "durationFrames").
QString lastToken(const QString &pointer);
// Escapes one token (~ and /) for use in a pointer.
QString escapePointerToken(const QString &token);
// The field a pointer names, for people: "/scenes/2/durationFrames" -> "scene 3 duration frames".
QString pointerLabel(const QString &pointer);

} // namespace greenlight
