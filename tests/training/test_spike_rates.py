"""The weekly volume rule on generated histories: seldom a false spike where training
was steady, and a +50% block found whatever weekday it starts on (a smaller seeded
sample of `benchmarks/spike_rates.py`)."""

from __future__ import annotations

from heelraise.clinical.assess import default_engine
from heelraise.contract import parse_case
from tests.training.spike_histories import engine_spike_days, measure, report, samples


def test_steady_histories_seldom_spike_and_a_block_is_found_on_any_weekday() -> None:
    engine = default_engine()
    spike_days = engine_spike_days(lambda document: engine.assess(parse_case(document)))
    rates = measure(samples(seed=3, count=150), spike_days)
    summary = report(rates, "150 generated histories")
    assert rates.false_rate < 0.05, summary
    for weekday in range(7):
        assert rates.blocks[weekday] >= 100, summary
        assert rates.detection(weekday) >= 0.95, summary
    assert rates.spikes_per_found_block == 1.0, summary
