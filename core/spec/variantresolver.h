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

} // namespace greenlight
