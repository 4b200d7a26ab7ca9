#include "runs/runlaunchdialog.h"

#include "spec/project.h"
#include "spec/specvalidator.h"
#include "spec/videospec.h"
#include "settings.h"
#include "tts/engineconfig.h"
#include "tts/secrets.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace greenlight {

namespace {

const QString kLocal = QStringLiteral("local");

void selectData(QComboBox *combo, const QVariant &value)
{
    const int i = combo->findData(value);
    if (i >= 0)
        combo->setCurrentIndex(i);
}

} // namespace

RunLaunchDialog::RunLaunchDialog(const QString &projectRoot, const QList<RunSummary> &knownRuns, QWidget *parent)
    : QDialog(parent), m_root(QDir(projectRoot).absolutePath()), m_runs(knownRuns),
      m_validator(std::make_shared<const SpecValidator>())
{
    setObjectName(QStringLiteral("runLaunchDialog"));
    setWindowTitle(tr("Launch Run"));
    if (m_runs.isEmpty())
        m_runs = RunSummary::loadProject(m_root);
    if (Result<Runbook> runbook = Runbook::forProject(m_root))
        m_runbook = *runbook;
    else
        m_runbookError = runbook.error().toString();

    m_spec = new QComboBox(this);
    m_spec->setObjectName(QStringLiteral("specCombo"));
    if (Result<Project> project = Project::open(m_root))
        for (const QString &rel : project->specFiles())
            m_spec->addItem(rel, rel);
    m_variant = new QComboBox(this);
    m_variant->setObjectName(QStringLiteral("variantCombo"));
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("kindCombo"));
    m_kind->addItem(tr("Render (video)"), toString(RunKind::Render));
    m_kind->addItem(tr("Narration (text to speech)"), toString(RunKind::Tts));
    m_workload = new QComboBox(this);
    m_workload->setObjectName(QStringLiteral("workloadCombo"));
    m_workloadInfo = new QLabel(this);
    m_workloadInfo->setWordWrap(true);
    m_workloadInfo->setForegroundRole(QPalette::PlaceholderText);
    m_class = new QComboBox(this);
    m_class->setObjectName(QStringLiteral("classCombo"));
    m_class->setToolTip(tr("Runtime classes the runbook allows for this workload, in its fallback order; the first is the default"));
    m_engine = new QLabel(this);
    m_engine->setObjectName(QStringLiteral("engineLabel"));
    m_engine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const AppSettings settings;
    m_sshHosts = settings.sshHosts();
    m_engineSettings = settings.engineSettings();
    m_host = new QComboBox(this);
    m_host->setObjectName(QStringLiteral("hostCombo"));
    m_host->setToolTip(tr("The SSH host that renders (Project \u2192 SSH Hosts)"));
    for (const SshHostProfile &h : std::as_const(m_sshHosts))
        m_host->addItem(h.port ? QStringLiteral("%1:%2").arg(h.host).arg(*h.port) : h.host, h.host);
    m_slurm = slurmAvailable();
    m_chunks = new QSpinBox(this);
    m_chunks->setObjectName(QStringLiteral("chunksSpin"));
    m_chunks->setRange(1, 64);
    m_chunks->setValue(4);
    m_chunks->setToolTip(tr("The render is split into this many chunks of whole scenes, one farm task each"));
    m_narration = new QComboBox(this);
    m_narration->setObjectName(QStringLiteral("narrationCombo"));
    m_narration->setToolTip(tr("A succeeded narration run of the same spec and variant: its track plays under the video and its cues time the captions"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("launchStatus"));
    m_status->setWordWrap(true);
    m_status->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // Room for a three-line note, so the dialog does not jump as notes change.
    m_status->setMinimumHeight(m_status->fontMetrics().lineSpacing() * 3 + 4);

    auto *form = new QFormLayout;
    form->addRow(tr("&Spec:"), m_spec);
    form->addRow(tr("&Variant:"), m_variant);
    form->addRow(tr("&Kind:"), m_kind);
    form->addRow(tr("&Workload:"), m_workload);
    form->addRow(QString(), m_workloadInfo);
    form->addRow(tr("Runtime &class:"), m_class);
    form->addRow(tr("Engine:"), m_engine);
    form->addRow(tr("&Host:"), m_host);
    m_hostLabel = qobject_cast<QLabel *>(form->labelForField(m_host));
    form->addRow(tr("C&hunks:"), m_chunks);
    m_chunksLabel = qobject_cast<QLabel *>(form->labelForField(m_chunks));
    form->addRow(tr("&Narration:"), m_narration);
    m_narrationLabel = qobject_cast<QLabel *>(form->labelForField(m_narration));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Launch"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(560);

    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (canLaunch())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_spec, &QComboBox::currentIndexChanged, this, [this] {
        fillVariants();
        fillNarrationRuns();
        validateSpec();
    });
    connect(m_variant, &QComboBox::currentIndexChanged, this, [this] {
        fillNarrationRuns();
        validateSpec();
    });
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        fillWorkloads();
        fillNarrationRuns();
    });
    connect(m_workload, &QComboBox::currentIndexChanged, this, &RunLaunchDialog::fillClasses);
    connect(m_class, &QComboBox::currentIndexChanged, this, &RunLaunchDialog::updateEngine);
    connect(&m_validation, &QFutureWatcherBase::finished, this, [this] {
        m_blockers = m_validation.result();
        updateState();
    });

    fillVariants();
    fillWorkloads();
    fillNarrationRuns();
    validateSpec();
}

RunLaunchDialog::~RunLaunchDialog() = default; // a running validation owns what it uses

bool RunLaunchDialog::setSpec(const QString &specPath)
{
    const QString rel = QFileInfo(specPath).isAbsolute() ? QDir(m_root).relativeFilePath(specPath) : specPath;
    const int i = m_spec->findData(rel);
    if (i >= 0)
        m_spec->setCurrentIndex(i);
    return i >= 0;
}

bool RunLaunchDialog::setVariant(const QString &variant)
{
    const int i = m_variant->findData(variant);
    if (i >= 0)
        m_variant->setCurrentIndex(i);
    return i >= 0;
}

void RunLaunchDialog::setKind(RunKind kind)
{
    selectData(m_kind, toString(kind));
}

bool RunLaunchDialog::setWorkload(const QString &workloadId)
{
    const int i = m_workload->findData(workloadId);
    if (i >= 0)
        m_workload->setCurrentIndex(i);
    return i >= 0;
}

bool RunLaunchDialog::setRuntimeClass(const QString &runtimeClass)
{
    if (!isRuntimeClassEnabled(runtimeClass))
        return false;
    selectData(m_class, runtimeClass);
    return true;
}

bool RunLaunchDialog::setNarrationRun(const QString &runDir)
{
    const int i = m_narration->findData(runDir);
    if (i >= 0)
        m_narration->setCurrentIndex(i);
    return i >= 0;
}

RunJobRequest RunLaunchDialog::request() const
{
    RunJobRequest r;
    r.kind = currentKind();
    r.projectRoot = m_root;
    r.specPath = QDir(m_root).filePath(m_spec->currentData().toString());
    r.variant = m_variant->currentData().toString();
    r.workload = m_workload->currentData().toString();
    r.runtimeClass = m_class->currentData().toString();
    if (const Workload *w = currentWorkload())
        r.engine = w->engineFor(r.runtimeClass);
    if (r.kind == RunKind::Render)
        r.narrationRun = m_narration->currentData().toString();
    if (r.kind == RunKind::Tts)
        r.engineSettings = m_engineSettings;
    if (r.isSshRender() && m_host->currentIndex() >= 0)
        r.sshHost = m_sshHosts.value(m_host->currentIndex());
    if (r.isSlurmRender())
        r.renderOptions.chunks = m_chunks->value();
    return r;
}

bool RunLaunchDialog::canLaunch() const
{
    if (!m_runbook || m_spec->currentIndex() < 0 || !currentWorkload())
        return false;
    if (!isRuntimeClassEnabled(m_class->currentData().toString()))
        return false;
    // Renders wait for the structural check; narration runs refuse blocked specs themselves.
    return currentKind() != RunKind::Render || (m_blockers && *m_blockers == 0);
}

QStringList RunLaunchDialog::offeredWorkloads() const
{
    QStringList ids;
    for (int i = 0; i < m_workload->count(); ++i)
        ids.append(m_workload->itemData(i).toString());
    return ids;
}

QStringList RunLaunchDialog::offeredRuntimeClasses() const
{
    QStringList classes;
    for (int i = 0; i < m_class->count(); ++i)
        classes.append(m_class->itemData(i).toString());
    return classes;
}

bool RunLaunchDialog::isRuntimeClassEnabled(const QString &runtimeClass) const
{
    const int i = m_class->findData(runtimeClass);
    const auto *model = qobject_cast<const QStandardItemModel *>(m_class->model());
    return i >= 0 && model && model->item(i)->isEnabled();
}

QStringList RunLaunchDialog::offeredNarrationRuns() const
{
    QStringList dirs;
    for (int i = 0; i < m_narration->count(); ++i)
        dirs.append(m_narration->itemData(i).toString());
    return dirs;
}

QPushButton *RunLaunchDialog::launchButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

bool RunLaunchDialog::slurmAvailable()
{
    return !QStandardPaths::findExecutable(QStringLiteral("sbatch")).isEmpty();
}

QString RunLaunchDialog::unavailableReason(RunKind kind, const QString &runtimeClass, const QString &engine,
                                           int sshHostCount, bool slurmAvailable)
{
    if (kind != RunKind::Render || runtimeClass == kLocal)
        return {};
    if (runtimeClass == QLatin1String("remote-self-hosted") && engine == QLatin1String("slurm"))
        return slurmAvailable ? QString() : tr("this machine cannot submit to a Slurm farm (no sbatch)");
    if (runtimeClass == QLatin1String("remote-self-hosted") && engine == QLatin1String("ssh"))
        return sshHostCount > 0 ? QString() : tr("no SSH host is set up (Project \u2192 SSH Hosts)");
    return tr("the desk renders locally, over SSH or on Slurm (engine %1 is not available here)").arg(engine.isEmpty() ? runtimeClass : engine);
}

void RunLaunchDialog::fillVariants()
{
    const QSignalBlocker block(m_variant);
    const QString previous = m_variant->currentData().toString();
    m_variant->clear();
    m_variant->addItem(tr("base (no variant)"), QString());
    const QString rel = m_spec->currentData().toString();
    if (!rel.isEmpty()) {
        if (Result<VideoSpec> spec = loadVideoSpec(QDir(m_root).filePath(rel)); spec && spec->variants) {
            for (const Variant &v : *spec->variants)
                m_variant->addItem(v.title ? QStringLiteral("%1 \u2014 %2").arg(v.id, *v.title) : v.id, v.id);
        }
    }
    selectData(m_variant, previous);
}

void RunLaunchDialog::fillWorkloads()
{
    const QSignalBlocker block(m_workload);
    m_workload->clear();
    if (m_runbook) {
        const QString kind = toString(currentKind());
        for (const Workload &w : m_runbook->workloads()) {
            if (w.kind != kind)
                continue;
            m_workload->addItem(w.id, w.id);
            m_workload->setItemData(m_workload->count() - 1, w.description, Qt::ToolTipRole);
        }
    }
    const bool render = currentKind() == RunKind::Render;
    m_narration->setVisible(render);
    if (m_narrationLabel)
        m_narrationLabel->setVisible(render);
    fillClasses();
}

void RunLaunchDialog::fillClasses()
{
    const QSignalBlocker block(m_class);
    m_class->clear();
    const Workload *w = currentWorkload();
    m_workloadInfo->setText(w ? w->description : QString());
    if (w) {
        auto *model = qobject_cast<QStandardItemModel *>(m_class->model());
        for (qsizetype i = 0; i < w->runtimeClasses.size(); ++i) {
            const QString cls = w->runtimeClasses.at(i);
            const QString reason = unavailableReason(currentKind(), cls, w->engineFor(cls), int(m_sshHosts.size()), m_slurm);
            QString text = i == 0 ? tr("%1 (default)").arg(cls) : cls;
            if (!reason.isEmpty())
                text += QStringLiteral(" \u2014 ") + tr("not available: %1").arg(reason);
            m_class->addItem(text, cls);
            if (!reason.isEmpty() && model) {
                model->item(m_class->count() - 1)->setEnabled(false);
                m_class->setItemData(m_class->count() - 1, reason, Qt::ToolTipRole);
            }
        }
        // The default when it can run here, else the first class that can.
        for (int i = 0; i < m_class->count(); ++i) {
            if (isRuntimeClassEnabled(m_class->itemData(i).toString())) {
                m_class->setCurrentIndex(i);
                break;
            }
        }
        if (!w->runtimeClasses.isEmpty() && m_class->currentIndex() > 0) {
            const QString skipped = w->runtimeClasses.first();
            m_workloadInfo->setText(w->description + QLatin1Char('\n')
                                    + tr("Its default class, %1, is not offered: %2.")
                                          .arg(skipped, unavailableReason(currentKind(), skipped, w->engineFor(skipped), int(m_sshHosts.size()), m_slurm)));
        }
    }
    updateEngine();
}

void RunLaunchDialog::fillNarrationRuns()
{
    const QString previous = m_narration->currentData().toString();
    m_narration->clear();
    const QString spec = m_spec->currentData().toString();
    const QString variant = m_variant->currentData().toString();
    for (const RunSummary &s : std::as_const(m_runs)) { // newest first
        if (s.readable && s.kind == RunKind::Tts && s.status == RunStatus::Succeeded && s.specPath == spec
            && s.variant == variant)
            m_narration->addItem(QStringLiteral("%1 \u00b7 %2 \u00b7 %3").arg(s.id, s.runtimeClass, s.engine), s.runDir);
    }
    m_narration->addItem(tr("none (no narration track, no cue-timed captions)"), QString());
    // The newest narration by default: a render usually follows the narration just made.
    if (!previous.isEmpty())
        selectData(m_narration, previous);
    updateState();
}

void RunLaunchDialog::updateEngine()
{
    const Workload *w = currentWorkload();
    const QString cls = m_class->currentData().toString();
    const QString engine = w ? w->engineFor(cls) : QString();
    m_engine->setText(engine.isEmpty() ? tr("the class's default engine") : engine);
    const bool ssh = currentKind() == RunKind::Render && cls == QLatin1String("remote-self-hosted") && engine == QLatin1String("ssh");
    m_host->setVisible(ssh);
    if (m_hostLabel)
        m_hostLabel->setVisible(ssh);
    const bool farm = currentKind() == RunKind::Render && cls == QLatin1String("remote-self-hosted") && engine == QLatin1String("slurm");
    m_chunks->setVisible(farm);
    if (m_chunksLabel)
        m_chunksLabel->setVisible(farm);
    updateState();
}

QString RunLaunchDialog::engineNote() const
{
    const Workload *w = currentWorkload();
    const QString cls = m_class->currentData().toString();
    if (!w || currentKind() != RunKind::Tts || cls == kLocal)
        return {};
    // Where the engine is, as Preferences > Speech engines set it.
    const QString engine = w->engineFor(cls);
    const Result<EngineConfig> configured = EngineConfig::fromJson(m_engineSettings);
    const std::optional<RemoteEngineSettings> settings =
        configured ? configured->engine(engine) : EngineConfig::defaults(engine);
    if (!settings)
        return {};
    const QString fallback = w->runtimeClasses.indexOf(cls) + 1 < w->runtimeClasses.size()
                                 ? tr("if it cannot be reached, the run falls back to the next class the workload allows")
                                 : tr("if it cannot be reached, the run fails and says why");
    if (settings->requireKey)
        return tr("%1 needs an API key (%2 or the desktop keyring); %3.")
            .arg(settings->engine, Secrets::environmentVariableFor(settings->keyName), fallback);
    return tr("%1 is expected at %2 (Edit \u2192 Preferences \u2192 Speech engines); %3.")
        .arg(settings->engine, settings->baseUrl.toString(), fallback);
}

void RunLaunchDialog::validateSpec()
{
    m_blockers.reset();
    const QString rel = m_spec->currentData().toString();
    if (rel.isEmpty()) {
        updateState();
        return;
    }
    const QString path = QDir(m_root).filePath(rel);
    const QString root = m_root;
    const QString variant = m_variant->currentData().toString();
    const std::shared_ptr<const SpecValidator> validator = m_validator;
    m_validation.setFuture(QtConcurrent::run([validator, path, root, variant] {
        int blockers = 0;
        for (const Finding &f : validator->validateFile(path, root))
            if (f.severity == Severity::Blocker && f.status == FindingStatus::Open
                && (f.variant.isEmpty() || f.variant == variant))
                ++blockers;
        return blockers;
    }));
    updateState();
}

void RunLaunchDialog::updateState()
{
    QString status;
    if (!m_runbook)
        status = tr("The project's runbook cannot be read: %1").arg(m_runbookError);
    else if (m_spec->count() == 0)
        status = tr("The project has no specs to run.");
    else if (m_workload->count() == 0)
        status = tr("The runbook has no workload of this kind.");
    else if (!isRuntimeClassEnabled(m_class->currentData().toString()))
        status = tr("No runtime class of this workload can run here.");
    else if (currentKind() == RunKind::Render && !m_blockers)
        status = tr("Checking the spec\u2026");
    else if (currentKind() == RunKind::Render && *m_blockers > 0)
        status = tr("The spec has %n structural blocker(s) for this variant; fix them in the spec, then render.", nullptr, *m_blockers);
    else if (currentKind() == RunKind::Render && m_narration->currentData().toString().isEmpty())
        status = tr("No narration run: the video will be silent. Launch a narration run of this spec and variant first to hear it.");
    else
        status = engineNote();
    m_status->setText(status);
    launchButton()->setEnabled(canLaunch());
    // Wrapped notes grow in height; a window does not follow height-for-width by itself.
    if (layout() && isVisible()) {
        const int needed_px = layout()->totalHeightForWidth(width());
        if (needed_px > height())
            resize(width(), needed_px);
    }
}

RunKind RunLaunchDialog::currentKind() const
{
    return m_kind->currentData().toString() == toString(RunKind::Tts) ? RunKind::Tts : RunKind::Render;
}

const Workload *RunLaunchDialog::currentWorkload() const
{
    return m_runbook ? m_runbook->workload(m_workload->currentData().toString()) : nullptr;
}

} // namespace greenlight
