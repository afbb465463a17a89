"""synth → write → read gives back the same records: the writer and the reader agree on the format."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.core.loader import load_policy
from careerpath.workbook.reader import RECORD_TYPES, read_workbook
from careerpath.workbook.synth import synth
from careerpath.workbook.writer import write_workbook

AS_OF = date(2026, 12, 31)


@pytest.mark.parametrize("preset", ["logistics-dual-track", "ecommerce-three-levels"])
def test_synth_write_read_gives_equal_records(tmp_path, preset):
    policy = load_policy(preset)
    data = synth(120, seed=5, as_of=AS_OF, policy=policy)
    path = tmp_path / "company.xlsx"

    write_workbook(path, data, policy=policy)
    back = read_workbook(path, policy)

    for kind in RECORD_TYPES:
        assert back.records(kind) == data.records(kind), kind
    assert back.source == "company.xlsx"
    assert sum(back.counts().values()) == sum(data.counts().values())


def test_round_trip_without_a_policy_writes_codes_the_reader_accepts(tmp_path, policy):
    data = synth(40, seed=9, as_of=AS_OF, policy=policy)
    path = tmp_path / "codes.xlsx"

    write_workbook(path, data)
    back = read_workbook(path, policy)

    assert back.positions == data.positions
    assert back.attestations == data.attestations
    assert back.metrics == data.metrics


def test_records_read_back_behave_like_constructed_ones(tmp_path, policy):
    # The reader fills record slots directly for speed; the objects must be indistinguishable.
    data = synth(10, seed=2, as_of=AS_OF, policy=policy)
    path = tmp_path / "small.xlsx"
    write_workbook(path, data, policy=policy)
    back = read_workbook(path, policy)

    original, read = data.positions[0], back.positions[0]
    assert type(read) is type(original)
    assert hash(read) == hash(original)
    assert repr(read) == repr(original)
    with pytest.raises(AttributeError):
        read.level = "director"  # still frozen
