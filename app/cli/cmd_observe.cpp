#include "command.h"

#include "common/jsonio.h"
#include "semantic/modelreviewer.h"
#include "semantic/observationstore.h"
#include "semantic/reviewercomparison.h"
#include "semantic/semanticcodes.h"

#include <QCommandLineParser>
#include <QRegularExpression>
#include <QThread>

#include <memory>
#include <optional>

namespace greenlight::cli {

namespace {

const QString kVerb = QStringLiteral("greenlight-cli observe: ");

int fail(const Error &e)
{
    err() << kVerb << e.toString() << "\n";
    static const QStringList usage = {QStringLiteral("observations.invalid"), QStringLiteral("observations.unknown-id"),
                                      QStringLiteral("observations.ambiguous-id"), QStringLiteral("observations.duplicate"),
                                      QStringLiteral("observations.state"), QStringLiteral("observations.store"),
                                      QStringLiteral("io.read"), QStringLiteral("json.parse"),
                                      QStringLiteral("review.input"), QStringLiteral("media.unreadable")};
    if (e.code == QLatin1String("review.cancelled"))
        return ExitCancelled;
    return usage.contains(e.code) ? ExitUsage : ExitFailed;
}

int usageError(const QString &message)
{
    err() << kVerb << message << "\n";
    return ExitUsage;
}

// "A-B" is the half-open range [A, B) (as reports print it); "A" alone is frame A.
std::optional<FrameRange> parseFrames(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^(\\d+)(?:-(\\d+))?$"));
    const QRegularExpressionMatch m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 start = m.captured(1).toLongLong();
    const qint64 end = m.captured(2).isEmpty() ? start + 1 : m.captured(2).toLongLong();
    return FrameRange{start, end};
}

std::optional<QList<qint64>> parseFrameList(const QString &text)
{
    QList<qint64> out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 n = part.trimmed().toLongLong(&ok);
        if (!ok || n < 0)
            return std::nullopt;
        out.append(n);
    }
    return out;
}

QStringList parseIds(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        out.append(part.trimmed());
    return out;
}

QString who(const QCommandLineParser &p)
{
    if (p.isSet(QStringLiteral("by")))
        return p.value(QStringLiteral("by"));
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("unknown") : user;
}

void printObservation(const Finding &f)
{
    out() << f.id << "  " << toString(f.severity).leftJustified(8) << toString(f.status).leftJustified(9)
          << QStringLiteral("frames %1–%2").arg(f.frames->start).arg(f.frames->end).leftJustified(18)
          << f.category.leftJustified(26) << observation::reviewerLabel(*f.reviewer) << "\n      " << f.message << "\n";
    if (f.status == FindingStatus::Waived)
        out() << "      waived: " << f.waiverReason << "\n";
}

int list(const ObservationStore &store, bool json)
{
    const Findings &all = store.observations();
    int open = 0, resolved = 0, waived = 0;
    for (const Finding &f : all)
        (f.status == FindingStatus::Open ? open : f.status == FindingStatus::Resolved ? resolved : waived) += 1;
    int openBlockers = 0;
    for (const Finding &f : all)
        openBlockers += f.status == FindingStatus::Open && f.severity == Severity::Blocker;
    if (json) {
        Json doc = findingsToJson(all);
        doc["summary"] = {{"files", 1},
                          {"blockers", countBySeverity(all, Severity::Blocker)},
                          {"warnings", countBySeverity(all, Severity::Warning)},
                          {"info", countBySeverity(all, Severity::Info)}};
        out() << QString::fromUtf8(toJsonText(doc));
    } else {
        for (const Finding &f : all)
            printObservation(f);
        out() << all.size() << (all.size() == 1 ? " observation: " : " observations: ") << open << " open ("
              << openBlockers << (openBlockers == 1 ? " blocker), " : " blockers), ") << resolved << " resolved, "
              << waived << " waived\n";
    }
    return hasOpenBlocker(all) ? ExitFindings : ExitOk;
}

int compare(const ObservationStore &store, const QCommandLineParser &p)
{
    ComparisonOptions options;
    if (p.isSet(QStringLiteral("min-iou"))) {
        bool ok = false;
        options.minIou = p.value(QStringLiteral("min-iou")).toDouble(&ok);
        if (!ok || options.minIou < 0 || options.minIou >= 1)
            return usageError(QStringLiteral("--min-iou takes a number from 0 to below 1"));
    }
    options.includeClosed = !p.isSet(QStringLiteral("open-only"));
    const ReviewerComparison c = ReviewerComparison::compare(store.observations(), options);
    if (p.isSet(QStringLiteral("json"))) {
        out() << QString::fromUtf8(toJsonText(c.toJson()));
        return ExitOk;
    }
    if (c.reviewers.size() < 2)
        out() << "Only " << c.reviewers.size() << " reviewer(s) made observations; nothing to compare.\n";
    auto range = [](const FrameRange &r) -> QString { return QStringLiteral("%1–%2").arg(r.start).arg(r.end); };
    auto label = [](const ComparedObservation &o) -> QString {
        return observation::reviewerLabel(o.reviewer) + QStringLiteral(": ") + o.category + QLatin1Char('/')
               + toString(o.severity) + QStringLiteral(" frames %1–%2").arg(o.frames.start).arg(o.frames.end);
    };
    auto inPair = [](const ReviewerPairSummary &pair, const Reviewer &x, const Reviewer &y) {
        return (x == pair.a && y == pair.b) || (x == pair.b && y == pair.a);
    };
    for (const ReviewerPairSummary &pair : c.pairs) {
        out() << observation::reviewerLabel(pair.a) << " vs " << observation::reviewerLabel(pair.b) << ": "
              << pair.agreements << " agree (mean IoU " << QString::number(pair.meanAgreementIou, 'f', 2) << "), "
              << pair.disagreements << " disagree\n";
        for (const ReviewerAgreement &a : c.agreements)
            if (inPair(pair, a.a.reviewer, a.b.reviewer))
                out() << "  agree     " << a.a.category << " frames " << range(a.a.frames) << " and "
                      << range(a.b.frames) << ", IoU " << QString::number(a.iou, 'f', 2) << "  (" << a.a.id << ", "
                      << a.b.id << ")\n";
        for (const ReviewerDisagreement &d : c.disagreements) {
            if (!inPair(pair, d.a.reviewer, d.b.reviewer))
                continue;
            if (d.kind == ReviewerDisagreement::Kind::Unmatched)
                out() << "  only      " << label(d.a) << "; " << observation::reviewerLabel(d.b.reviewer)
                      << " flagged nothing there  (" << d.a.id << ")\n";
            else
                out() << "  " << toString(d.kind).leftJustified(10) << label(d.a) << " vs " << label(d.b) << ", IoU "
                      << QString::number(d.iou, 'f', 2) << "\n";
        }
    }
    return ExitOk;
}

int review(ObservationStore &store, const QCommandLineParser &p)
{
    ModelReviewerConfig config;
    config.endpoint = QUrl(p.value(QStringLiteral("endpoint")));
    config.model = p.value(QStringLiteral("model"));
    if (!p.isSet(QStringLiteral("endpoint")) || !p.isSet(QStringLiteral("model")))
        return usageError(QStringLiteral("review needs --endpoint URL and --model NAME"));
    if (!config.endpoint.isValid() || config.endpoint.scheme().isEmpty())
        return usageError(QStringLiteral("--endpoint is not a URL: ") + p.value(QStringLiteral("endpoint")));
    config.apiKey = ModelReviewerConfig::apiKeyFromEnvironment();
    if (p.isSet(QStringLiteral("reviewer")))
        config.reviewerName = p.value(QStringLiteral("reviewer"));
    config.runtimeClass = p.value(QStringLiteral("runtime-class"));
    if (!config.runtimeClass.isEmpty() && config.runtimeClass != QLatin1String("remote-api")
        && config.runtimeClass != QLatin1String("remote-self-hosted"))
        return usageError(QStringLiteral("--runtime-class is remote-api or remote-self-hosted"));
    auto positiveInt = [&](const char *name, qint64 &into) {
        if (!p.isSet(QLatin1String(name)))
            return true;
        bool ok = false;
        into = p.value(QLatin1String(name)).toLongLong(&ok);
        return ok && into > 0;
    };
    qint64 frames = config.frameCount, timeout = config.timeout_ms, attempts = config.retry.maxAttempts;
    if (!positiveInt("frames", frames) || frames > 64 || !positiveInt("timeout-ms", timeout)
        || !positiveInt("attempts", attempts))
        return usageError(QStringLiteral("--frames (1-64), --timeout-ms and --attempts take positive whole numbers"));
    config.frameCount = int(frames);
    config.timeout_ms = timeout;
    config.retry.maxAttempts = int(attempts);
    const QString sampling = p.value(QStringLiteral("sampling"));
    if (sampling == QLatin1String("scenes"))
        config.sampling = ModelReviewerConfig::Sampling::SceneMidpoints;
    else if (!sampling.isEmpty() && sampling != QLatin1String("even"))
        return usageError(QStringLiteral("--sampling is even or scenes"));
    const QString format = p.value(QStringLiteral("response-format"));
    if (format == QLatin1String("json_schema"))
        config.responseFormat = ResponseFormat::JsonSchema;
    else if (!format.isEmpty() && format != QLatin1String("json_object"))
        return usageError(QStringLiteral("--response-format is json_object or json_schema"));
    config.log = [](const QString &line) { err() << "review: " << line << "\n" << Qt::flush; };

    auto materials = ReviewMaterials::fromRunDir(store.runDir());
    if (!materials)
        return fail(materials.error());
    const ModelReviewer reviewer(config);
    std::optional<Result<ModelReview>> outcome;
    // The reviewer blocks on its own event loop; give it a worker thread and wait.
    std::unique_ptr<QThread> worker(QThread::create([&] { outcome.emplace(reviewer.review(*materials)); }));
    worker->start();
    worker->wait();
    if (!outcome->ok())
        return fail(outcome->error());
    const ModelReview &r = outcome->value();
    auto added = store.addFindings(r.findings);
    if (!added)
        return fail(added.error());
    out() << r.findings.size() << " observations from " << (r.modelVersion.isEmpty() ? config.model : r.modelVersion)
          << " on " << r.sampledFrames.size() << " sampled frames; " << added->addedIds.size() << " added, "
          << added->duplicateIds.size() << " already recorded\n";
    for (const QString &id : added->addedIds)
        printObservation(*store.find(id));
    return ExitOk;
}

void describeObserve(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Semantic observations of a run (<run-dir>/observations.json).\n"
        "  add        --frames A-B --category C --severity S --text T --reviewer NAME\n"
        "  edit ID    [--frames A-B] [--category C] [--severity S] [--text T]\n"
        "             [--evidence-frames ..] [--cue-ids ..]\n"
        "  list       [--json]           exit 1 when an open blocker remains\n"
        "  resolve ID [--reason NOTE] [--by NAME]\n"
        "  waive ID   --reason WHY [--by NAME]\n"
        "  reopen ID  [--by NAME]\n"
        "  import FILE [--reviewer NAME --kind human|model --model M --model-version V]\n"
        "  compare    [--json] [--min-iou X] [--open-only]\n"
        "  review     --endpoint URL --model M [--frames N] [--reviewer NAME]\n"
        "             [--sampling even|scenes]\n"
        "             (API key from GREENLIGHT_REVIEWER_API_KEY when set)\n"
        "Frame ranges A-B are half-open [A, B); a single number is one frame. IDs may be shortened.\n"
        "Categories: ") + observationCategories().join(QStringLiteral(", ")) + QLatin1Char('.'));
    const auto opt = [&parser](const char *name, const char *description, const char *value = nullptr) {
        if (value)
            parser.addOption({QLatin1String(name), QLatin1String(description), QLatin1String(value)});
        else
            parser.addOption({QLatin1String(name), QLatin1String(description)});
    };
    opt("json", "Print JSON.");
    opt("frames", "add/edit: frame range A-B; review: how many frames to sample (default 8).", "frames");
    opt("category", "Observation category.", "category");
    opt("severity", "blocker, warning or info.", "severity");
    opt("text", "What is wrong.", "text");
    opt("reviewer", "Reviewer name.", "name");
    opt("kind", "import: reviewer kind (human or model).", "kind");
    opt("model", "review/import: model name.", "model");
    opt("model-version", "import: model version.", "version");
    opt("evidence-frames", "Comma-separated frame numbers.", "list");
    opt("cue-ids", "Comma-separated cue ids.", "list");
    opt("by", "Who makes the change (default $USER).", "name");
    opt("reason", "Waiver reason or resolution note.", "text");
    opt("min-iou", "compare: ranges match above this IoU (default 0).", "x");
    opt("open-only", "compare: open observations only.");
    opt("endpoint", "review: base URL of an OpenAI-compatible server.", "url");
    opt("runtime-class", "review: remote-api or remote-self-hosted.", "class");
    opt("sampling", "review: even or scenes.", "mode");
    opt("response-format", "review: json_object or json_schema.", "format");
    opt("timeout-ms", "review: per-attempt timeout.", "ms");
    opt("attempts", "review: attempts before giving up (default 3).", "n");
    parser.addPositionalArgument(QStringLiteral("run-dir"), QStringLiteral("The run folder."), QStringLiteral("<run-dir>"));
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("add, edit, list, resolve, waive, reopen, import, compare or review; "
                                                "edit, resolve, waive and reopen take an ID, import a FILE."),
                                 QStringLiteral("<action> [ID|FILE]"));
}

int runObserve(const QStringList &args)
{
    QCommandLineParser p;
    if (const std::optional<int> exit = parseCommandLine(p, args, QStringLiteral("observe")))
        return *exit;
    const QStringList pos = p.positionalArguments();
    if (pos.size() < 2)
        return usageError(QStringLiteral("give a run folder and an action (see --help)"));
    const QString action = pos[1];
    auto store = ObservationStore::open(pos[0]);
    if (!store)
        return fail(store.error());

    const bool needsTarget = QStringList{QStringLiteral("edit"), QStringLiteral("resolve"), QStringLiteral("waive"),
                                         QStringLiteral("reopen"), QStringLiteral("import")}
                                 .contains(action);
    if (needsTarget && pos.size() != 3)
        return usageError(action + QStringLiteral(" needs exactly one ") + (action == QLatin1String("import") ? QStringLiteral("FILE") : QStringLiteral("ID")));
    if (!needsTarget && pos.size() != 2)
        return usageError(QStringLiteral("unexpected argument: ") + pos[2]);

    // Fields shared by add and edit.
    ObservationEdit edit;
    if (p.isSet(QStringLiteral("frames")) && action != QLatin1String("review")) {
        edit.frames = parseFrames(p.value(QStringLiteral("frames")));
        if (!edit.frames)
            return usageError(QStringLiteral("--frames takes A-B (half-open) or a single frame number"));
    }
    if (p.isSet(QStringLiteral("category")))
        edit.category = p.value(QStringLiteral("category"));
    if (p.isSet(QStringLiteral("severity"))) {
        edit.severity = severityFromString(p.value(QStringLiteral("severity")));
        if (!edit.severity)
            return usageError(QStringLiteral("--severity is blocker, warning or info"));
    }
    if (p.isSet(QStringLiteral("text")))
        edit.text = p.value(QStringLiteral("text"));
    if (p.isSet(QStringLiteral("evidence-frames"))) {
        edit.evidenceFrames = parseFrameList(p.value(QStringLiteral("evidence-frames")));
        if (!edit.evidenceFrames)
            return usageError(QStringLiteral("--evidence-frames takes comma-separated frame numbers"));
    }
    if (p.isSet(QStringLiteral("cue-ids")))
        edit.evidenceCueIds = parseIds(p.value(QStringLiteral("cue-ids")));

    if (action == QLatin1String("add")) {
        if (!edit.frames || !edit.category || !edit.severity || !edit.text || !p.isSet(QStringLiteral("reviewer")))
            return usageError(QStringLiteral("add needs --frames, --category, --severity, --text and --reviewer"));
        ObservationInput in{*edit.frames, *edit.category, *edit.severity, *edit.text,
                            edit.evidenceFrames.value_or(QList<qint64>{}), edit.evidenceCueIds.value_or(QStringList{}),
                            Reviewer{QStringLiteral("human"), p.value(QStringLiteral("reviewer")), {}, {}}};
        auto f = store->add(in);
        if (!f)
            return fail(f.error());
        out() << f->id << "\n";
        return ExitOk;
    }
    if (action == QLatin1String("edit")) {
        auto f = store->edit(pos[2], edit, who(p));
        if (!f)
            return fail(f.error());
        printObservation(*f);
        return ExitOk;
    }
    if (action == QLatin1String("list"))
        return list(*store, p.isSet(QStringLiteral("json")));
    if (action == QLatin1String("resolve") || action == QLatin1String("waive") || action == QLatin1String("reopen")) {
        if (action == QLatin1String("waive") && p.value(QStringLiteral("reason")).trimmed().isEmpty())
            return usageError(QStringLiteral("waive needs --reason"));
        auto f = action == QLatin1String("resolve") ? store->resolve(pos[2], who(p), p.value(QStringLiteral("reason")))
                 : action == QLatin1String("waive") ? store->waive(pos[2], p.value(QStringLiteral("reason")), who(p))
                                                    : store->reopen(pos[2], who(p));
        if (!f)
            return fail(f.error());
        printObservation(*f);
        return ExitOk;
    }
    if (action == QLatin1String("import")) {
        std::optional<Reviewer> override;
        if (p.isSet(QStringLiteral("reviewer"))) {
            const QString kind = p.value(QStringLiteral("kind")).isEmpty()
                                     ? (p.isSet(QStringLiteral("model")) ? QStringLiteral("model") : QStringLiteral("human"))
                                     : p.value(QStringLiteral("kind"));
            if (kind != QLatin1String("human") && kind != QLatin1String("model"))
                return usageError(QStringLiteral("--kind is human or model"));
            override = Reviewer{kind, p.value(QStringLiteral("reviewer")), p.value(QStringLiteral("model")),
                                p.value(QStringLiteral("model-version"))};
        }
        auto summary = store->importFile(pos[2], override);
        if (!summary) {
            err() << kVerb << "nothing imported from " << pos[2] << "\n";
            return fail(summary.error());
        }
        out() << "imported " << summary->addedIds.size() << " observations (" << summary->duplicateIds.size()
              << " already recorded)\n";
        for (const QString &id : summary->addedIds)
            out() << "  " << id << "\n";
        return ExitOk;
    }
    if (action == QLatin1String("compare"))
        return compare(*store, p);
    if (action == QLatin1String("review"))
        return review(*store, p);
    return usageError(QStringLiteral("unknown action '") + action + QStringLiteral("' (see --help)"));
}

} // namespace

GREENLIGHT_CLI_COMMAND(observe, "observe", "Semantic observations: add, list, resolve, waive, import, compare, model review.",
                       describeObserve, runObserve);

} // namespace greenlight::cli
