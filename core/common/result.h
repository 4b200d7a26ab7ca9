#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace greenlight {

// An error a person can act on: what went wrong, where, and (when known) a stable code.
struct Error
{
    QString message;
    QString code;     // stable identifier, e.g. "json.parse", "io.read"; may be empty
    QString location; // file path, "file:line:column", or a JSON pointer; may be empty

    QString toString() const
    {
        return location.isEmpty() ? message : location + QStringLiteral(": ") + message;
    }
};

// Value or error, in the spirit of std::expected. Errors are values; no exceptions cross
// module boundaries.
template<typename T>
class Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// Result of an operation that produces nothing but may fail.
class Status
{
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)) {}
    static Status success() { return {}; }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

inline Error makeError(QString code, QString message, QString location = {})
{
    return Error{std::move(message), std::move(code), std::move(location)};
}

} // namespace greenlight
