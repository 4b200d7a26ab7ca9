#include "qa/findingcodes.h"

namespace greenlight {

QList<FindingCode> structuralFindingCodes()
{
    using S = Severity;
    const Stage st = Stage::Structural;
    return {
        {"io.read", st, S::Blocker, "The file cannot be read. Check that it exists and is readable."},
        {"json.parse", st, S::Blocker, "The file is not valid JSON. Fix the syntax at the line and column given."},
        {"spec.schema.required", st, S::Blocker, "A required field is missing. Add it at the pointer given."},
        {"spec.schema.type", st, S::Blocker, "A field has the wrong type (e.g. text where a number belongs). Change its value."},
        {"spec.schema.value", st, S::Blocker, "A field's value is not allowed (out of range, not one of the choices, wrong pattern). Pick an allowed value."},
        {"spec.schema.unknown-field", st, S::Blocker, "A field the spec format does not define. Remove it or fix its spelling."},
        {"spec.schema.invalid", st, S::Blocker, "The spec breaks a rule of the schema. Read the message for the rule."},
        {"spec.id.duplicate", st, S::Blocker, "Two scenes, layers, assets, segments or variants share an id. Give each a unique id."},
        {"spec.duration.mismatch", st, S::Blocker, "Scene durations do not add up to the declared durationFrames. Adjust a scene or the total."},
        {"spec.timing.out-of-scene", st, S::Blocker, "A layer, caption or transition reaches outside its scene. Keep its frames within the scene."},
        {"spec.asset.unknown", st, S::Blocker, "A reference names an asset id that is not listed under assets. Add the asset or fix the id."},
        {"spec.asset.kind-mismatch", st, S::Blocker, "The referenced asset is of the wrong kind for this place (e.g. audio used as an image)."},
        {"spec.asset.path-escape", st, S::Blocker, "The asset path is absolute, climbs out with '..' or is a link leading outside the project. Copy the file into the project."},
        {"spec.asset.missing", st, S::Blocker, "The asset file does not exist in the project. Add the file or fix the path."},
        {"spec.asset.unreadable", st, S::Blocker, "The asset file is not readable media of its declared kind (truncated, garbage or another kind). Replace the file."},
        {"spec.asset.hash-mismatch", st, S::Blocker, "The asset file's sha256 differs from the one the spec pins. Restore the file or update the hash."},
        {"spec.binding.scene", st, S::Blocker, "Narration, a caption line or the CTA is bound to a scene id that does not exist."},
        {"spec.binding.layer", st, S::Blocker, "The CTA names a layer that is not a text layer of its scene."},
        {"spec.captions.no-source", st, S::Blocker, "Captions come from narration, but the spec has no narration (or explicit lines are missing)."},
        {"spec.font.unavailable", st, S::Blocker, "The font cannot be found (family not installed, or font asset unusable). Install it or add it as a font asset."},
        {"spec.text.overflow", st, S::Blocker, "The text does not fit its box at its font size. Shorten it, enlarge the box or reduce the size."},
        {"spec.narration.too-long", st, S::Warning, "Narration for a scene is estimated to run longer than the scene. Trim the text or lengthen the scene."},
        {"spec.variant.unknown", st, S::Blocker, "No variant of that id exists in the spec."},
        {"spec.variant.reserved-id", st, S::Blocker, "A variant is called 'base', the name the ledger and the desk give the spec without a variant. Rename the variant."},
    };
}

} // namespace greenlight
