"""Quality gate: HTML ingestion body-text F1 on the article-extraction benchmark."""

from __future__ import annotations

import pytest
from benchmarks.html_extraction import run, storyline_reader, trafilatura_direct
from tests.conftest import need_shared
from tests.quality_gate import assert_floors


@pytest.mark.quality
@pytest.mark.slow
def test_quality_extraction_f1_floor_and_not_worse_than_trafilatura() -> None:
    data = need_shared("data", "article-extraction")
    res = run(data, {"ours": storyline_reader, "trafilatura": trafilatura_direct})
    ours = res["ours"]
    assert_floors("extraction", {f"storyline_{k}": v for k, v in ours.items()})
    assert ours["f1"] >= res["trafilatura"]["f1"] - 0.002, res
