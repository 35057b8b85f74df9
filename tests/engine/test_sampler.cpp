// SPDX-License-Identifier: GPL-3.0-or-later
// Sampling: every stage against hand-computed distributions, and seeded determinism.

#include "engine/sampling/sampler.h"

#include <QtTest>

#include <cmath>
#include <map>

using namespace hearth;

namespace {

std::vector<Candidate> make(std::initializer_list<float> logits) {
    std::vector<Candidate> c;
    int32_t id = 0;
    for (float l : logits) {
        c.push_back({id++, l, 0.0f});
    }
    return c;
}

std::vector<int32_t> ids(const std::vector<Candidate>& c) {
    std::vector<int32_t> out;
    for (const auto& x : c) {
        out.push_back(x.id);
    }
    return out;
}

} // namespace

class TestSampler : public QObject {
    Q_OBJECT

private slots:
    void softmaxMatchesHandComputation() {
        // logits ln(1), ln(2), ln(3), ln(4): probabilities 0.1, 0.2, 0.3, 0.4.
        auto c = make({std::log(1.f), std::log(2.f), std::log(3.f), std::log(4.f)});
        sampling::softmax(c);
        QCOMPARE(ids(c), (std::vector<int32_t>{3, 2, 1, 0}));
        QVERIFY(std::abs(c[0].p - 0.4f) < 1e-6f);
        QVERIFY(std::abs(c[3].p - 0.1f) < 1e-6f);
    }

    void topKKeepsTheKBest() {
        auto c = make({0.5f, 3.0f, -1.0f, 2.0f, 2.0f});
        sampling::topK(c, 3);
        // Ties broken by the smaller id.
        QCOMPARE(ids(c), (std::vector<int32_t>{1, 3, 4}));
        auto all = make({1, 2, 3});
        sampling::topK(all, 0);
        QCOMPARE(all.size(), size_t(3));
    }

    void topPKeepsTheSmallestSetWithTheMass() {
        // p = 0.4, 0.3, 0.2, 0.1: cumulative 0.4, 0.7, 0.9, 1.0.
        const auto base = make({std::log(1.f), std::log(2.f), std::log(3.f), std::log(4.f)});
        auto c = base;
        sampling::topP(c, 0.7f);
        QCOMPARE(ids(c), (std::vector<int32_t>{3, 2}));
        c = base;
        sampling::topP(c, 0.71f);
        QCOMPARE(ids(c), (std::vector<int32_t>{3, 2, 1}));
        c = base;
        sampling::topP(c, 0.05f);
        QCOMPARE(ids(c), (std::vector<int32_t>{3}));
        c = base;
        sampling::topP(c, 1.0f);
        QCOMPARE(c.size(), size_t(4));
    }

    void minPIsRelativeToTheBest() {
        // p = 0.4, 0.3, 0.2, 0.1; min-p 0.5 keeps p >= 0.2.
        auto c = make({std::log(1.f), std::log(2.f), std::log(3.f), std::log(4.f)});
        sampling::minP(c, 0.5f);
        QCOMPARE(ids(c), (std::vector<int32_t>{3, 2, 1}));
    }

    void temperatureScalesLogits() {
        auto c = make({2.0f, 4.0f});
        sampling::temperature(c, 2.0f);
        QCOMPARE(c[0].logit, 1.0f);
        QCOMPARE(c[1].logit, 2.0f);
        // At t = 2, softmax of (1, 2): p(1) = 1/(1+e) = 0.268941.
        sampling::softmax(c);
        QVERIFY(std::abs(c[1].p - 0.268941f) < 1e-5f);
    }

    void penalties() {
        std::vector<float> logits = {2.0f, -2.0f, 1.0f, 0.5f};
        const std::vector<int32_t> recent = {0, 1, 0};
        sampling::applyPenalties(logits, recent, 2.0f, 0.1f, 0.25f);
        // Token 0: 2/2 - 2·0.1 - 0.25 = 0.55; token 1: -2·2 - 0.1 - 0.25 = -4.35.
        QVERIFY(std::abs(logits[0] - 0.55f) < 1e-6f);
        QVERIFY(std::abs(logits[1] + 4.35f) < 1e-6f);
        QCOMPARE(logits[2], 1.0f);
        QCOMPARE(logits[3], 0.5f);
    }

    void drawFollowsTheDistribution() {
        std::mt19937_64 rng(42);
        std::map<int32_t, int> counts;
        constexpr int kDraws = 20000;
        for (int i = 0; i < kDraws; ++i) {
            auto c = make({std::log(1.f), std::log(3.f)}); // p = 0.25, 0.75
            ++counts[sampling::draw(c, rng)];
        }
        const double share = counts[1] / double(kDraws);
        QVERIFY2(std::abs(share - 0.75) < 0.02, qPrintable(QString::number(share)));
    }

    void greedyAtZeroTemperature() {
        SamplingParams p;
        p.temperature = 0.0f;
        Sampler s(p);
        std::vector<float> logits = {0.1f, 5.0f, 4.9f};
        QCOMPARE(s.sample(logits, {}), 1);
        std::vector<float> again = {0.1f, 5.0f, 4.9f};
        const int32_t banned[] = {1};
        QCOMPARE(s.sample(again, {}, banned), 2);
    }

    void seededRunsRepeat() {
        SamplingParams p;
        p.seed = 1234;
        p.temperature = 1.0f;
        p.topK = 0;
        p.topP = 1.0f;
        p.minP = 0.0f;
        std::vector<float> base(100);
        for (size_t i = 0; i < base.size(); ++i) {
            base[i] = std::sin(float(i));
        }
        auto run = [&] {
            Sampler s(p);
            std::vector<int32_t> out;
            for (int i = 0; i < 50; ++i) {
                std::vector<float> l = base;
                out.push_back(s.sample(l, out));
            }
            return out;
        };
        const auto a = run();
        QCOMPARE(run(), a);
        p.seed = 1235;
        QVERIFY(run() != a);
    }

    void repeatPenaltyLooksAtLastN() {
        SamplingParams p;
        p.temperature = 0.0f;
        p.repeatPenalty = 10.0f;
        p.repeatLastN = 2;
        Sampler s(p);
        std::vector<float> logits = {3.0f, 2.0f, 1.0f};
        // Token 0 is older than the last two tokens: not penalised.
        const std::vector<int32_t> history = {0, 2, 2};
        QCOMPARE(s.sample(logits, history), 0);
        std::vector<float> l2 = {3.0f, 2.0f, 1.0f};
        const std::vector<int32_t> recent0 = {2, 0};
        QCOMPARE(s.sample(l2, recent0), 1);
    }
};

QTEST_GUILESS_MAIN(TestSampler)
#include "test_sampler.moc"
