// validate_specs_per_s: structural validations (schema + rules) of the demo teaser spec per
// second, median of several rounds, in one thread. Assets are checked every time; their
// decode verdicts are cached per file as they are in the editor.
#include "common/jsonio.h"
#include "spec/specvalidator.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace greenlight;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString project = QStringLiteral(GREENLIGHT_SOURCE_DIR "/resources/demo");
    const QString spec = project + QStringLiteral("/specs/launch-teaser.greenlight.json");
    const SpecValidator validator;
    if (!validator.validateFile(spec, project).isEmpty()) {
        std::fprintf(stderr, "bench_validate: the demo spec is not clean\n");
        return 1;
    }
    constexpr int kRounds = 7;
    constexpr int kPerRound = 300;
    std::vector<double> rates;
    for (int r = 0; r < kRounds; ++r) {
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < kPerRound; ++i)
            (void)validator.validateFile(spec, project);
        rates.push_back(kPerRound / (double(timer.nsecsElapsed()) / 1e9));
    }
    std::sort(rates.begin(), rates.end());
    std::printf("validate_specs_per_s %.0f specs/s\n", rates[rates.size() / 2]);
    return 0;
}
