#pragma once

#include "common/jsonio.h"
#include "common/result.h"
#include "spec/videospec.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace greenlight {

class SpecDocument;

// The scene list's edits, each one undo step on the document's view (a macro where it takes
// several writes). Whenever scene durations change and the spec's durationFrames equalled the
// old sum of the scenes, durationFrames follows in the same step, so a reconciled spec stays
// reconciled.
class SceneEdits
{
    Q_DECLARE_TR_FUNCTIONS(SceneEdits)
public:
    static QString scenePointer(int index);
    static QString layerPointer(int sceneIndex, int layerIndex);
    static int sceneCount(const SpecDocument *document);
    static Rational canvasFps(const SpecDocument *document);
    static qint64 sumOfSceneDurations(const Json &view);
    // Seconds to whole frames at `fps`, rounded to the nearest frame.
    static qint64 framesForSeconds(double seconds, const Rational &fps);
    static double secondsForFrames(qint64 frames, const Rational &fps);

    // Ids of the form "^[a-z0-9][a-z0-9_-]{0,63}$".
    static bool isValidId(const QString &id);
    // Every scene id in use: the view, the base and every variant's overrides.
    static QStringList usedSceneIds(const SpecDocument *document);
    // "stem-2", "stem-3", ... (or `stem` itself when `tryStem` and it is free).
    static QString uniqueId(const QStringList &used, const QString &stem, bool tryStem = false,
                            int firstNumber = 2);

    // Adds a new scene after `afterIndex` (-1 = at the end); returns its index or -1.
    static int addScene(SpecDocument *document, int afterIndex);
    // Inserts a copy of a scene right after it under a new id; returns the copy's index or -1.
    static int duplicateScene(SpecDocument *document, int index);
    // Removes a scene with its narration segments and caption lines (the last scene stays).
    static bool removeScene(SpecDocument *document, int index);
    static bool moveScene(SpecDocument *document, int from, int to);
    static bool setSceneDuration(SpecDocument *document, int index, qint64 durationFrames);
    // Renames a scene and every reference to it — narration segments, caption lines, the CTA
    // and, on the base spec, the variants' overrides — as one undo step. Scene ids are renamed
    // on the base spec only.
    static Status renameScene(SpecDocument *document, int index, const QString &newId);

private:
    // Runs `edit` (which changes scene durations) so durationFrames follows when it equalled
    // the old sum. `edit` must succeed when called (callers check first).
    template<typename Edit>
    static bool withTotal(SpecDocument *document, const QString &what, bool durationsChange, Edit edit);
};

} // namespace greenlight
