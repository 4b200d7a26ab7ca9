#pragma once

#include "common/jsonio.h"
#include "common/result.h"
#include "spec/videospec.h"

#include <QStringList>

namespace greenlight {

// Variant overrides are merged over the base spec:
//  - objects merge key by key; a null value removes the key;
//  - arrays whose elements are objects with an "id" merge element by element, matched by
//    id; an unmatched element is appended; {"id": x, "$remove": true} removes element x;
//  - any other value (scalars, other arrays) replaces the base value.
// A resolved spec carries no "variants" of its own.
Json mergeOverrides(const Json &base, const Json &overrides);

// Resolves a variant of a spec document. An empty variantId returns the base without its
// variants. Errors: spec.variant.unknown.
Result<Json> resolveVariantJson(const Json &specJson, const QString &variantId);
Result<VideoSpec> resolveVariant(const VideoSpec &spec, const QString &variantId);

// JSON pointers (into the resolved spec) of every field a variant's overrides set, e.g.
// "/canvas/width" or "/scenes/hook/durationFrames" — array elements are named by id.
QStringList overriddenFields(const Json &overrides);

// The overrides that turn `base` into `target` under mergeOverrides' rules: changed keys,
// null for removed keys, arrays of objects with an id element by element ($remove for
// dropped elements; an array whose order changed is removed and re-added in the new order).
// mergeOverrides(base, diffOverrides(base, target)) equals target (key order aside).
Json diffOverrides(const Json &base, const Json &target);

// An id-named pointer as overriddenFields() gives ("/scenes/hook/durationFrames") turned
// into an index pointer into `document` ("/scenes/0/durationFrames"). Empty when an id is
// not found.
QString indexPointer(const Json &document, const QString &idPointer);

} // namespace greenlight
