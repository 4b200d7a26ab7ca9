#include "common/jsonpointer.h"

#include <QStringList>

namespace greenlight {

namespace {

QString unescape(QString token)
{
    return token.replace(QLatin1String("~1"), QLatin1String("/")).replace(QLatin1String("~0"), QLatin1String("~"));
}

// Index of an array token, or -1 (tokens like "01", "-" or "x" are not indices).
qint64 arrayIndex(const QString &token)
{
    if (token.isEmpty() || (token.size() > 1 && token.startsWith(QLatin1Char('0'))))
        return -1;
    bool ok = false;
    const qint64 index = token.toLongLong(&ok);
    return ok && index >= 0 ? index : -1;
}

template <typename J>
J *walk(J &root, const QString &pointer)
{
    if (pointer.isEmpty())
        return &root;
    if (!pointer.startsWith(QLatin1Char('/')))
        return nullptr;
    J *node = &root;
    const QStringList tokens = pointer.mid(1).split(QLatin1Char('/'));
    for (const QString &raw : tokens) {
        const QString token = unescape(raw);
        if (node->is_object()) {
            auto it = node->find(toStd(token));
            if (it == node->end())
                return nullptr;
            node = &*it;
        } else if (node->is_array()) {
            const qint64 index = arrayIndex(token);
            if (index < 0 || size_t(index) >= node->size())
                return nullptr;
            node = &(*node)[size_t(index)];
        } else {
            return nullptr;
        }
    }
    return node;
}

} // namespace

const Json *resolvePointer(const Json &root, const QString &pointer)
{
    return walk(root, pointer);
}

Json *mutablePointer(Json &root, const QString &pointer)
{
    return walk(root, pointer);
}

bool setAtPointer(Json &root, const QString &pointer, const Json &value)
{
    if (pointer.isEmpty()) {
        if (root == value)
            return false;
        root = value;
        return true;
    }
    if (!pointer.startsWith(QLatin1Char('/')))
        return false;
    Json *parent = mutablePointer(root, parentPointer(pointer));
    if (!parent)
        return false;
    const QString token = lastToken(pointer);
    if (parent->is_object()) {
        const std::string key = toStd(token);
        auto it = parent->find(key);
        if (it != parent->end() && *it == value)
            return false;
        (*parent)[key] = value;
        return true;
    }
    if (parent->is_array()) {
        const qint64 index = arrayIndex(token);
        if (index < 0 || size_t(index) > parent->size())
            return false;
        if (size_t(index) == parent->size()) {
            parent->push_back(value);
            return true;
        }
        if ((*parent)[size_t(index)] == value)
            return false;
        (*parent)[size_t(index)] = value;
        return true;
    }
    return false;
}

bool removeAtPointer(Json &root, const QString &pointer)
{
    if (!pointer.startsWith(QLatin1Char('/')))
        return false;
    Json *parent = mutablePointer(root, parentPointer(pointer));
    if (!parent)
        return false;
    const QString token = lastToken(pointer);
    if (parent->is_object())
        return parent->erase(toStd(token)) > 0;
    if (parent->is_array()) {
        const qint64 index = arrayIndex(token);
        if (index < 0 || size_t(index) >= parent->size())
            return false;
        parent->erase(parent->begin() + index);
        return true;
    }
    return false;
}

QString parentPointer(const QString &pointer)
{
    const qsizetype slash = pointer.lastIndexOf(QLatin1Char('/'));
    return slash <= 0 ? QString() : pointer.left(slash);
}

QString lastToken(const QString &pointer)
{
    return unescape(pointer.mid(pointer.lastIndexOf(QLatin1Char('/')) + 1));
}

QString escapePointerToken(const QString &token)
{
    QString out = token;
    return out.replace(QLatin1Char('~'), QLatin1String("~0")).replace(QLatin1Char('/'), QLatin1String("~1"));
}

QString pointerLabel(const QString &pointer)
{
    if (pointer.isEmpty())
        return QStringLiteral("spec");
    QStringList words;
    const QStringList tokens = pointer.mid(1).split(QLatin1Char('/'));
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const QString token = unescape(tokens[i]);
        const qint64 index = arrayIndex(token);
        if (index >= 0 && !words.isEmpty()) {
            // "scenes 2" reads "scene 3": singular noun, one-based number.
            QString &noun = words.last();
            if (noun.endsWith(QLatin1Char('s')))
                noun.chop(1);
            noun += QLatin1Char(' ') + QString::number(index + 1);
            continue;
        }
        QString word;
        for (const QChar c : token) {
            if (c.isUpper() && !word.isEmpty())
                word += QLatin1Char(' ');
            word += c.toLower();
        }
        words.append(word);
    }
    return words.join(QLatin1Char(' '));
}

} // namespace greenlight
