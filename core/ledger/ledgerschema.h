#pragma once

#include "common/result.h"

#include <QString>

namespace greenlight {

class SqlConnection;

// The ledger's SQLite schema and its migrations, keyed on PRAGMA user_version. Each step
// is one function; migrate() runs them at open time, never from a getter.
//   v1  decisions table, hash-chain constraints, append-only triggers, application_id
//   v2  lookup indexes: latest decision per (variant, spec) and decisions per run
class LedgerSchema
{
public:
    static constexpr qint32 kApplicationId = 0x474C4C44; // "GLLD"
    static constexpr int kLatestVersion = 2;

    // Brings the database from its user_version up to `targetVersion` inside one
    // BEGIN IMMEDIATE transaction (concurrent openers wait and then find nothing to do).
    // Refuses a database that is neither empty nor a Greenlight ledger, and one newer than
    // this build. Sets journal_mode=WAL first (it cannot change inside a transaction).
    static Status migrate(const SqlConnection &db, int targetVersion = kLatestVersion);
    // Switches the file to WAL journaling. Switching needs a moment of exclusive access, and
    // SQLite answers "locked" at once (without its busy handler) while another process opens
    // the same new ledger, so this retries for up to the busy timeout.
    static Status enableWal(const SqlConnection &db);

    static Status stepTo1(const SqlConnection &db);
    static Status stepTo2(const SqlConnection &db);

    static QString tooNewMessage(int version);
};

} // namespace greenlight
