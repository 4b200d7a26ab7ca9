#include "specdocument.h"

#include "common/jsonpointer.h"
#include "spec/project.h"
#include "spec/specvalidator.h"
#include "spec/variantresolver.h"
#include "spec/videospec.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>
#include <QUndoCommand>
#include <QUndoStack>
#include <QtConcurrent>

#include <algorithm>

namespace greenlight {

namespace {

constexpr int kRecoveryInterval_ms = 3000;
constexpr int kMergeableCommandId = 0x5e0c;

} // namespace

// One edit: the whole document before and after (a spec is a few kilobytes), so every kind
// of edit undoes the same way. Typing in one field merges into one step.
class SpecEditCommand : public QUndoCommand
{
public:
    SpecEditCommand(SpecDocument *document, Json before, Json after, QString pointer, QString variant,
                    QString mergeKey, const QString &text)
        : QUndoCommand(text), m_document(document), m_before(std::move(before)), m_after(std::move(after)),
          m_pointer(std::move(pointer)), m_variant(std::move(variant)), m_mergeKey(std::move(mergeKey))
    {
    }

    int id() const override { return m_mergeKey.isEmpty() ? -1 : kMergeableCommandId; }

    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *o = static_cast<const SpecEditCommand *>(other);
        if (o->m_mergeKey != m_mergeKey || o->m_variant != m_variant)
            return false;
        m_after = o->m_after;
        return true;
    }

    void redo() override { apply(m_after); }
    void undo() override { apply(m_before); }

private:
    void apply(const Json &document)
    {
        // Shows the variant the edit was made on, so the user sees what undo changed.
        m_document->applyDocument(document, m_pointer, m_variant);
    }

    SpecDocument *m_document;
    Json m_before;
    Json m_after;
    QString m_pointer;
    QString m_variant;
    QString m_mergeKey;
};

struct SpecDocument::Private
{
    QTimer validateTimer;
    QTimer recoveryTimer;
    QFutureWatcher<Findings> watcher;
    quint64 generation = 0;          // bumped on every change
    quint64 validatingGeneration = 0; // what the running validation checks
    bool validating = false;
    bool isNew = false;               // never saved to path()
    bool recoveryStale = false;       // changed since the recovery copy was written
    int macroDepth = 0;
};

SpecDocument::SpecDocument(std::shared_ptr<const SpecValidator> validator, const QString &projectRoot,
                           QObject *parent)
    : QObject(parent), d(std::make_unique<Private>()), m_validator(std::move(validator)),
      m_projectRoot(projectRoot), m_undo(new QUndoStack(this))
{
    d->validateTimer.setSingleShot(true);
    connect(&d->validateTimer, &QTimer::timeout, this, &SpecDocument::startValidation);
    d->recoveryTimer.setInterval(kRecoveryInterval_ms);
    connect(&d->recoveryTimer, &QTimer::timeout, this, [this] {
        if (d->recoveryStale && isModified())
            writeRecovery();
    });
    d->recoveryTimer.start();
    connect(&d->watcher, &QFutureWatcher<Findings>::finished, this, [this] {
        const bool current = d->validatingGeneration == d->generation;
        if (current) {
            m_findings = d->watcher.result();
            Q_EMIT findingsChanged();
        }
        d->validating = false;
        if (!current)
            startValidation(); // edits arrived meanwhile
        else
            Q_EMIT validatingChanged(false);
    });
    connect(m_undo, &QUndoStack::cleanChanged, this, [this] { Q_EMIT modifiedChanged(isModified()); });
}

SpecDocument::~SpecDocument()
{
    d->watcher.waitForFinished();
}

Status SpecDocument::load(const QString &path)
{
    Result<Json> json = readJsonFile(path);
    if (!json)
        return json.error();
    if (!json->is_object())
        return makeError(QStringLiteral("json.parse"), QStringLiteral("%1: a spec is a JSON object").arg(path));
    m_path = QFileInfo(path).absoluteFilePath();
    m_document = *json;
    m_variant.clear();
    d->isNew = false;
    m_undo->clear();
    rebuildView();
    Q_EMIT changed(QString());
    Q_EMIT modifiedChanged(false);
    scheduleValidation();
    return {};
}

void SpecDocument::setNew(const Json &document, const QString &path)
{
    m_path = QFileInfo(path).absoluteFilePath();
    m_document = document;
    m_variant.clear();
    d->isNew = true;
    d->recoveryStale = true;
    m_undo->clear();
    rebuildView();
    Q_EMIT changed(QString());
    Q_EMIT modifiedChanged(true);
    scheduleValidation();
}

QString SpecDocument::relativePath() const
{
    return QDir(m_projectRoot).relativeFilePath(m_path);
}

QString SpecDocument::displayName() const
{
    const QString title = toQString(m_document.value("title", std::string()));
    return title.isEmpty() ? specDisplayName(m_path) : title;
}

bool SpecDocument::isModified() const
{
    return d->isNew || !m_undo->isClean();
}

void SpecDocument::setEditingVariant(const QString &variantId)
{
    const QString id = variantIds().contains(variantId) ? variantId : QString();
    if (id == m_variant)
        return;
    m_variant = id;
    rebuildView();
    Q_EMIT editingVariantChanged(m_variant);
    Q_EMIT changed(QString());
    Q_EMIT findingsChanged(); // viewFindings() depends on the variant
}

QStringList SpecDocument::variantIds() const
{
    QStringList ids;
    if (m_document.contains("variants") && m_document["variants"].is_array())
        for (const Json &v : m_document["variants"])
            if (v.is_object() && v.contains("id") && v["id"].is_string())
                ids.append(toQString(v["id"].get<std::string>()));
    return ids;
}

QString SpecDocument::variantIdProblem(const QString &id) const
{
    static const QRegularExpression identifier(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,63}$"));
    if (!identifier.match(id).hasMatch())
        return tr("use 1 to 64 lower-case letters, digits, '-' or '_', starting with a letter or digit");
    if (id == kBaseVariantName)
        return tr("\"%1\" is the name of the spec without a variant").arg(id);
    if (variantIds().contains(id))
        return tr("a variant \"%1\" exists already").arg(id);
    return {};
}

Status SpecDocument::addVariant(const QString &id, const QString &title, const Json &overrides)
{
    if (const QString problem = variantIdProblem(id); !problem.isEmpty())
        return makeError(QStringLiteral("spec.variant.id"), problem);
    Json document = m_document;
    if (!document.contains("variants") || !document["variants"].is_array())
        document["variants"] = Json::array();
    Json variant = {{"id", toStd(id)}};
    if (!title.isEmpty())
        variant["title"] = toStd(title);
    variant["overrides"] = overrides.is_object() ? overrides : Json::object();
    document["variants"].push_back(variant);
    commit(document, QStringLiteral("/variants"), tr("New Variant %1").arg(id), {});
    return {};
}

bool SpecDocument::removeVariant(const QString &id)
{
    const qsizetype index = variantIds().indexOf(id);
    if (index < 0)
        return false;
    Json document = m_document;
    document["variants"].erase(document["variants"].begin() + index);
    if (document["variants"].empty())
        document.erase("variants");
    return commit(document, QStringLiteral("/variants"), tr("Delete Variant %1").arg(id), {});
}

Status SpecDocument::renameVariant(const QString &id, const QString &newId)
{
    const qsizetype index = variantIds().indexOf(id);
    if (index < 0)
        return makeError(QStringLiteral("spec.variant.unknown"), tr("no variant named \"%1\"").arg(id));
    if (newId == id)
        return {};
    if (const QString problem = variantIdProblem(newId); !problem.isEmpty())
        return makeError(QStringLiteral("spec.variant.id"), problem);
    Json document = m_document;
    document["variants"][size_t(index)]["id"] = toStd(newId);
    const bool editing = m_variant == id;
    commit(document, QStringLiteral("/variants"), tr("Rename Variant %1").arg(id), {});
    if (editing)
        setEditingVariant(newId);
    return {};
}

bool SpecDocument::setVariantTitle(const QString &id, const QString &title)
{
    const qsizetype index = variantIds().indexOf(id);
    if (index < 0)
        return false;
    Json document = m_document;
    Json &variant = document["variants"][size_t(index)];
    if (title.isEmpty())
        variant.erase("title");
    else
        variant["title"] = toStd(title);
    return commit(document, QStringLiteral("/variants"), tr("Change Variant Title"), QStringLiteral("variant-title:") + id);
}

QString SpecDocument::variantTitle(const QString &id) const
{
    const qsizetype index = variantIds().indexOf(id);
    return index < 0 ? QString() : toQString(m_document["variants"][size_t(index)].value("title", std::string()));
}

Json SpecDocument::variantOverrides(const QString &id) const
{
    const qsizetype index = variantIds().indexOf(id);
    return index < 0 ? Json::object() : m_document["variants"][size_t(index)].value("overrides", Json::object());
}

Json SpecDocument::value(const QString &pointer) const
{
    const Json *node = resolvePointer(m_view, pointer);
    return node ? *node : Json();
}

bool SpecDocument::has(const QString &pointer) const
{
    return resolvePointer(m_view, pointer) != nullptr;
}

bool SpecDocument::setValue(const QString &pointer, const Json &value, const QString &what, const QString &mergeKey)
{
    Json view = m_view;
    if (!setAtPointer(view, pointer, value))
        return false;
    return commitView(view, pointer, what.isEmpty() ? tr("Change %1").arg(pointerLabel(pointer)) : what, mergeKey);
}

bool SpecDocument::removeValue(const QString &pointer, const QString &what)
{
    Json view = m_view;
    if (!removeAtPointer(view, pointer))
        return false;
    return commitView(view, parentPointer(pointer), what.isEmpty() ? tr("Remove %1").arg(pointerLabel(pointer)) : what, {});
}

bool SpecDocument::insertValue(const QString &arrayPointer, int index, const Json &value, const QString &what)
{
    Json view = m_view;
    Json *array = mutablePointer(view, arrayPointer);
    if (!array) {
        // A missing optional array is created, when its parent exists.
        if (!setAtPointer(view, arrayPointer, Json::array()))
            return false;
        array = mutablePointer(view, arrayPointer);
    }
    if (!array || !array->is_array())
        return false;
    if (index < 0 || size_t(index) > array->size())
        index = int(array->size());
    array->insert(array->begin() + index, value);
    return commitView(view, arrayPointer, what.isEmpty() ? tr("Add to %1").arg(pointerLabel(arrayPointer)) : what, {});
}

bool SpecDocument::moveElement(const QString &arrayPointer, int from, int to, const QString &what)
{
    Json view = m_view;
    Json *array = mutablePointer(view, arrayPointer);
    if (!array || !array->is_array() || from < 0 || to < 0 || size_t(from) >= array->size()
        || size_t(to) >= array->size() || from == to)
        return false;
    Json element = (*array)[size_t(from)];
    array->erase(array->begin() + from);
    array->insert(array->begin() + to, element);
    return commitView(view, arrayPointer, what.isEmpty() ? tr("Move in %1").arg(pointerLabel(arrayPointer)) : what, {});
}

void SpecDocument::replaceDocument(const Json &document, const QString &what)
{
    if (document == m_document)
        return;
    commit(document, QString(), what.isEmpty() ? tr("Edit JSON") : what, {});
}

void SpecDocument::beginMacro(const QString &what)
{
    if (d->macroDepth++ == 0)
        m_undo->beginMacro(what);
}

void SpecDocument::endMacro()
{
    if (d->macroDepth == 0)
        return;
    if (--d->macroDepth == 0)
        m_undo->endMacro();
}

QStringList SpecDocument::overriddenPointers() const
{
    if (m_variant.isEmpty())
        return {};
    QStringList out;
    for (const Json &v : m_document["variants"]) {
        if (v.value("id", std::string()) != toStd(m_variant))
            continue;
        for (const QString &idPointer : overriddenFields(v.value("overrides", Json::object()))) {
            const QString p = indexPointer(m_view, idPointer);
            if (!p.isEmpty())
                out.append(p);
        }
    }
    return out;
}

bool SpecDocument::isOverridden(const QString &pointer) const
{
    for (const QString &o : overriddenPointers()) {
        if (o == pointer || o.startsWith(pointer + QLatin1Char('/')) || pointer.startsWith(o + QLatin1Char('/')))
            return true;
    }
    return false;
}

bool SpecDocument::resetToBase(const QString &pointer)
{
    if (m_variant.isEmpty())
        return false;
    Json base = m_document;
    base.erase("variants");
    Json view = m_view;
    const Json *baseValue = resolvePointer(base, pointer);
    const bool changedView = baseValue ? setAtPointer(view, pointer, *baseValue) : removeAtPointer(view, pointer);
    if (!changedView)
        return false;
    return commitView(view, pointer, tr("Reset %1 to the base").arg(pointerLabel(pointer)), {});
}

Findings SpecDocument::viewFindings() const
{
    Findings out;
    for (const Finding &f : m_findings)
        if (f.variant.isEmpty() || f.variant == m_variant)
            out.append(f);
    return out;
}

int SpecDocument::blockerCount() const
{
    int n = 0;
    for (const Finding &f : m_findings)
        if (f.severity == Severity::Blocker && f.status == FindingStatus::Open)
            ++n;
    return n;
}

bool SpecDocument::isValidating() const
{
    return d->validating || d->validateTimer.isActive();
}

void SpecDocument::validateNow()
{
    d->validateTimer.stop();
    ++d->generation; // a running background validation is now stale
    m_findings = m_validator ? m_validator->validateDocument(m_document, relativePath(), m_projectRoot) : Findings();
    Q_EMIT findingsChanged();
}

Findings SpecDocument::findingsFor(const Json &document) const
{
    return m_validator ? m_validator->validateDocument(document, relativePath(), m_projectRoot) : Findings();
}

Status SpecDocument::save(const QString &path)
{
    const QString target = path.isEmpty() ? m_path : QFileInfo(path).absoluteFilePath();
    if (target.isEmpty())
        return makeError(QStringLiteral("io.write"), tr("the spec has no file name yet"));
    if (Status s = writeFileAtomically(target, serialize(m_document)); !s)
        return s;
    const bool wasModified = isModified();
    if (target != m_path) {
        discardRecovery();
        m_path = target;
    }
    d->isNew = false;
    m_undo->setClean();
    discardRecovery();
    if (wasModified)
        Q_EMIT modifiedChanged(false);
    Q_EMIT saved(m_path);
    return {};
}

QByteArray SpecDocument::serialize(const Json &document)
{
    return toJsonText(document);
}

QString SpecDocument::recoveryPath() const
{
    return recoveryPathFor(m_path);
}

QString SpecDocument::recoveryPathFor(const QString &specPath)
{
    const QByteArray key = QCryptographicHash::hash(QFileInfo(specPath).absoluteFilePath().toUtf8(),
                                                    QCryptographicHash::Sha1).toHex();
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/recovery/")
           + QString::fromLatin1(key.left(16)) + QStringLiteral(".json");
}

bool SpecDocument::writeRecovery()
{
    if (m_path.isEmpty())
        return false;
    const QString path = recoveryPath();
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return false;
    const Json copy = {{"specPath", toStd(m_path)},
                       {"writtenAt", toStd(QDateTime::currentDateTimeUtc().toString(Qt::ISODate))},
                       {"document", m_document}};
    if (!writeFileAtomically(path, toJsonText(copy)))
        return false;
    d->recoveryStale = false;
    return true;
}

void SpecDocument::discardRecovery()
{
    if (!m_path.isEmpty())
        QFile::remove(recoveryPath());
    d->recoveryStale = false;
}

std::optional<Json> SpecDocument::readRecovery(const QString &specPath)
{
    Result<Json> copy = readJsonFile(recoveryPathFor(specPath));
    if (!copy || !copy->is_object() || !copy->contains("document") || !(*copy)["document"].is_object())
        return std::nullopt;
    if (copy->value("specPath", std::string()) != toStd(QFileInfo(specPath).absoluteFilePath()))
        return std::nullopt;
    return (*copy)["document"];
}

QList<QPair<QString, Json>> SpecDocument::unsavedNewSpecs(const QString &projectRoot)
{
    QList<QPair<QString, Json>> found;
    if (projectRoot.isEmpty())
        return found;
    const QString specs = QFileInfo(projectRoot).absoluteFilePath() + QStringLiteral("/specs/");
    const QDir folder(QFileInfo(recoveryPathFor(specs + QStringLiteral("x.json"))).absolutePath());
    for (const QFileInfo &file : folder.entryInfoList({QStringLiteral("*.json")}, QDir::Files)) {
        Result<Json> copy = readJsonFile(file.absoluteFilePath());
        if (!copy || !copy->is_object() || !copy->contains("document") || !(*copy)["document"].is_object())
            continue;
        const QString specPath = toQString(copy->value("specPath", std::string()));
        // A copy of a spec that exists on disk is offered by the editor when that spec opens.
        if (!specPath.startsWith(specs) || QFileInfo::exists(specPath)
            || file.absoluteFilePath() != recoveryPathFor(specPath))
            continue;
        found.append({specPath, (*copy)["document"]});
    }
    std::sort(found.begin(), found.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    return found;
}

void SpecDocument::applyDocument(const Json &document, const QString &pointer, const QString &variant)
{
    const QString variantBefore = m_variant;
    m_variant = variant;
    m_document = document;
    rebuildView();
    ++d->generation;
    d->recoveryStale = true;
    if (m_variant != variantBefore)
        Q_EMIT editingVariantChanged(m_variant);
    Q_EMIT changed(m_variant != variantBefore ? QString() : pointer);
    scheduleValidation();
}

bool SpecDocument::commit(const Json &newDocument, const QString &pointer, const QString &what, const QString &mergeKey)
{
    if (newDocument == m_document)
        return false;
    m_undo->push(new SpecEditCommand(this, m_document, newDocument, pointer, m_variant, mergeKey, what));
    return true;
}

bool SpecDocument::commitView(const Json &newView, const QString &pointer, const QString &what, const QString &mergeKey)
{
    const std::optional<Json> document = documentForView(newView);
    if (!document)
        return false;
    return commit(*document, pointer, what, mergeKey);
}

std::optional<Json> SpecDocument::documentForView(const Json &newView) const
{
    if (m_variant.isEmpty()) {
        Json document = newView;
        if (m_document.contains("variants"))
            document["variants"] = m_document["variants"];
        return document;
    }
    Json base = m_document;
    base.erase("variants");
    const Json overrides = diffOverrides(base, newView);
    // The schema keeps a spec's identity out of variants.
    if (overrides.contains("schemaVersion") || overrides.contains("id") || overrides.contains("variants"))
        return std::nullopt;
    Json document = m_document;
    for (Json &v : document["variants"]) {
        if (v.value("id", std::string()) == toStd(m_variant)) {
            v["overrides"] = overrides;
            return document;
        }
    }
    return std::nullopt;
}

void SpecDocument::rebuildView()
{
    if (!m_variant.isEmpty() && !variantIds().contains(m_variant))
        m_variant.clear();
    Result<Json> view = resolveVariantJson(m_document, m_variant);
    if (!view) {
        m_variant.clear();
        view = resolveVariantJson(m_document, QString());
    }
    m_view = view ? *view : Json::object();
}

void SpecDocument::scheduleValidation()
{
    const bool was = isValidating();
    d->validateTimer.start(m_delay_ms);
    if (!was)
        Q_EMIT validatingChanged(true);
}

void SpecDocument::startValidation()
{
    if (d->validating)
        return; // the finished handler starts again with the newest document
    if (!m_validator) {
        Q_EMIT validatingChanged(false);
        return;
    }
    d->validating = true;
    d->validatingGeneration = d->generation;
    std::shared_ptr<const SpecValidator> validator = m_validator;
    const Json document = m_document;
    const QString label = relativePath();
    const QString root = m_projectRoot;
    d->watcher.setFuture(QtConcurrent::run([validator, document, label, root] {
        return validator->validateDocument(document, label, root);
    }));
}

} // namespace greenlight
