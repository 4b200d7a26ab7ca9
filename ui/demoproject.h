#pragma once

#include "common/result.h"

#include <QString>
#include <QStringList>

namespace greenlight {

// The bundled demo project, as the desk opens it. The installed copy (share/greenlight/demo)
// is read-only, so the desk works on the user's own copy in the app-data folder: made once,
// kept afterwards with whatever runs and decisions the user added.
class DemoProject
{
public:
    // Where a bundled demo may be, for an executable in `applicationDir`: beside an installed
    // binary (<prefix>/bin -> <prefix>/share/greenlight/demo), then in a source checkout whose
    // build tree holds the binary (build/<preset>/app -> resources/demo).
    static QStringList candidateSources(const QString &applicationDir);
    // The first candidate that holds a specs/ folder, or "" when there is none.
    static QString findSource(const QStringList &candidates);

    // The user's copy under `dataDir` (default: the app-data folder), copying `source` there
    // first when no copy exists yet. The copy is made in a sibling ".part" folder and renamed
    // into place, so an interrupted copy is never taken for a demo.
    static Result<QString> prepare(const QString &source, const QString &dataDir = {});

    // The user's copy for a program in `applicationDir`: findSource(candidateSources()), then
    // prepare(). What --demo and Help > Open Demo Project open.
    static Result<QString> userCopy(const QString &applicationDir);
};

} // namespace greenlight
