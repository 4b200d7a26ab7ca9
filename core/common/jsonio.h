#pragma once

#include "common/result.h"

#include <nlohmann/json.hpp>

#include <QByteArray>
#include <QString>

namespace greenlight {

using Json = nlohmann::ordered_json;

// Parses JSON text; on failure the error names file, line and column.
Result<Json> parseJson(const QByteArray &text, const QString &fileName);

// Reads and parses a JSON file (errors: io.read, json.parse).
Result<Json> readJsonFile(const QString &path);

// Serializes with two-space indentation and a trailing newline.
QByteArray toJsonText(const Json &json);

// Writes atomically through QSaveFile: the old file stays intact if anything fails.
Status writeJsonFile(const QString &path, const Json &json);
Status writeFileAtomically(const QString &path, const QByteArray &bytes);

QString toQString(const std::string &s);
// A string value as text; any other value as its compact JSON.
QString toQString(const Json &value);
std::string toStd(const QString &s);

} // namespace greenlight
