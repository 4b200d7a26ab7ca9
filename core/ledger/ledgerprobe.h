#pragma once

#include "common/result.h"

#include <QString>
#include <QStringList>

namespace greenlight {

// What a file is, found out without changing it: the SQLite magic bytes first, then a
// read-only connection for application_id, user_version and the tables. A file that is
// not SQLite, or an SQLite database that is not a Greenlight ledger, is an error
// (ledger.not-sqlite, ledger.foreign) and the file is left byte-for-byte as it was.
class LedgerProbe
{
public:
    enum class Kind {
        Missing,       // no file yet: a ledger may be created there
        EmptyDatabase, // a zero-byte file or an SQLite database with nothing in it
        Ledger,        // a Greenlight ledger at schema version userVersion
    };

    static Result<LedgerProbe> inspect(const QString &path);

    Kind kind = Kind::Missing;
    int userVersion = 0;
    QStringList tables;
};

} // namespace greenlight
