#include "semantic/semanticcodes.h"

namespace greenlight {

QList<FindingCode> semanticFindingCodes()
{
    using S = Severity;
    const Stage st = Stage::Semantic;
    // Default severities only: each observation carries the severity its reviewer gave it.
    return {
        {"semantic.contradiction", st, S::Blocker, "A reviewer saw the video contradict itself or the spec (picture, narration, captions or claims disagree). Fix the spec or the asset at those frames, or waive with a reason."},
        {"semantic.caption-visual-mismatch", st, S::Warning, "The captions or on-screen text do not match what the picture shows at those frames. Check the caption binding and the scene's layers."},
        {"semantic.promise-delivery-mismatch", st, S::Blocker, "The video promises something (title, hook, CTA) it does not deliver. Align the claim with the content, or waive with a reason."},
        {"semantic.pronunciation", st, S::Warning, "A word is spoken wrongly. Add or fix a pronunciation entry in the spec and voice the narration again."},
        {"semantic.brand", st, S::Blocker, "A brand rule is broken (name, logo, colours, tone). Fix the asset or text at those frames, or waive with a reason."},
        {"semantic.other", st, S::Info, "Any other observation a reviewer made on these frames. Read it and resolve or waive it."},
    };
}

QStringList observationCategories()
{
    return {QStringLiteral("contradiction"),    QStringLiteral("caption-visual-mismatch"),
            QStringLiteral("promise-delivery-mismatch"), QStringLiteral("pronunciation"),
            QStringLiteral("brand"),            QStringLiteral("other")};
}

bool isObservationCategory(const QString &category)
{
    return observationCategories().contains(category);
}

QString semanticCodeForCategory(const QString &category)
{
    return QStringLiteral("semantic.") + category;
}

} // namespace greenlight
