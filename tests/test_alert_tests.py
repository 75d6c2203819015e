"""Alert test cases, coverage and routing tests (`mac test`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from monitoring_as_code.errors import DefinitionError, ExitCode
from monitoring_as_code.testing import counter, disappears, gauge, histogram, quiet
from monitoring_as_code.testing.cases import Series

needs_tools = pytest.mark.skipif(
    shutil.which("promtool") is None or shutil.which("amtool") is None,
    reason="promtool and amtool are installed by .ci/run",
)


def test_counter_values():
    series = counter("x_total", {"a": "b"}, per_second=2, duration="10m")
    assert series.values == "0+120x10"
    assert series.selector() == 'x_total{a="b"}'


def test_gauge_and_disappears():
    assert gauge("g", value=0.5, duration="5m").values == "0.5x5"
    assert disappears("up", {"job": "a"}, after="3m").values == "1x3 stale"


def test_histogram_buckets_around_observation():
    series = {s.selector(): s.values for s in histogram("h", {}, observe=0.3, per_second=1, duration="2m")}
    assert series['h_bucket{le="0.25"}'] == "0+0x2"
    assert series['h_bucket{le="0.5"}'] == "0+60x2"
    assert series['h_bucket{le="+Inf"}'] == "0+60x2"
    assert series["h_count"] == "0+60x2"
    assert series["h_sum"] == "0+18x2"


def test_invalid_series_values():
    with pytest.raises(DefinitionError) as caught:
        Series("x", {}, "0+1x10 oops")
    assert "invalid values '0+1x10 oops'" in caught.value.message


def test_quiet_case_needs_series():
    with pytest.raises(DefinitionError) as caught:
        quiet("nothing", [], at="5m")
    assert "has no input series" in caught.value.message


@needs_tools
def test_minimal_passes(run_mac, minimal_project: Path):
    result = run_mac("test", "--strict", "--definitions", str(minimal_project))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "ok   HighErrorRate  3/3 cases passed  -> pager",
        "ok   SlowRequests   2/2 cases passed  -> team",
    ]


@needs_tools
def test_wrong_case_reports_promtool_lines(run_mac, minimal_project: Path):
    rules = minimal_project / "rules.py"
    rules.write_text(rules.read_text().replace('"10% of requests fail."', '"11% of requests fail."'))
    result = run_mac("test", "--definitions", str(minimal_project))
    assert result.exit_code == ExitCode.PROBLEMS_FOUND
    assert "FAIL HighErrorRate  2/3 cases passed  -> pager" in result.stdout
    assert "error: case '10% of requests fail' of alert 'HighErrorRate' failed" in result.stdout
    assert f"{minimal_project}/rules.py:34" in result.stdout
    assert 'Annotations:{description="11% of requests fail."' in result.stdout
    assert 'Annotations:{description="10% of requests fail."' in result.stdout


@needs_tools
def test_missing_quiet_case(run_mac, minimal_project: Path):
    rules = minimal_project / "rules.py"
    text = rules.read_text()
    start = text.index('quiet("every request takes 0.3 s"')
    end = text.index("\n", start)
    rules.write_text(text[:start] + text[end + 1 :])

    relaxed = run_mac("test", "--definitions", str(minimal_project))
    assert relaxed.exit_code == 0
    assert "warn SlowRequests   1/1 cases passed  -> team" in relaxed.stdout
    assert "warning: alert 'SlowRequests' has no test with a quiet case" in relaxed.stdout

    strict = run_mac("test", "--strict", "--definitions", str(minimal_project))
    assert strict.exit_code == ExitCode.PROBLEMS_FOUND
    assert "error: alert 'SlowRequests' has no test with a quiet case" in strict.stdout


@needs_tools
def test_critical_routed_to_default(run_mac, minimal_project: Path):
    routing = minimal_project / "routing.py"
    routing.write_text(routing.read_text().replace("""matchers=['severity="critical"']""", """matchers=['severity="page"']"""))
    result = run_mac("test", "--definitions", str(minimal_project))
    assert result.exit_code == ExitCode.PROBLEMS_FOUND
    assert (
        "error: alert 'HighErrorRate' reaches only the root route's default receiver 'team'"
        in result.stdout
    )
    assert "error: alert 'HighErrorRate' reaches team, expected pager" in result.stdout
    assert "warning: receiver 'pager' is reached by no alert" in result.stdout


@needs_tools
def test_inhibit_matcher_matches_nothing(run_mac, minimal_project: Path):
    routing = minimal_project / "routing.py"
    routing.write_text(routing.read_text().replace("""source_matchers=['severity="critical"']""", """source_matchers=['severity="page"']"""))
    result = run_mac("test", "--definitions", str(minimal_project))
    assert result.exit_code == 0
    assert """warning: inhibit rule's source matchers severity="page" match no alert""" in result.stdout


@needs_tools
def test_json_report(run_mac, minimal_project: Path):
    result = run_mac("test", "--format", "json", "--definitions", str(minimal_project))
    report = json.loads(result.stdout)
    assert report["version"] == 1
    first = report["alerts"][0]
    assert first["alert"] == "HighErrorRate"
    assert first["cases"] == 3
    assert first["failed"] == []
    assert first["receivers"] == ["pager"]
    assert first["missing_cases"] == []
    assert report["problems"] == []


def test_missing_rendered_annotation(minimal_project: Path):
    from monitoring_as_code.errors import DefinitionErrors
    from monitoring_as_code.load import load_project

    rules = minimal_project / "rules.py"
    rules.write_text(rules.read_text().replace(
        'alerts=[Alert(annotations={"description": "10% of requests fail."})]', "alerts=[Alert()]"
    ))
    with pytest.raises(DefinitionErrors) as caught:
        load_project(minimal_project)
    assert "does not give the rendered description" in str(caught.value)


@needs_tools
def test_rule_file_not_loading_reported_once(run_mac, minimal_project: Path):
    """A bad template reaches promtool (mac cannot parse Go templates): the
    cases are reported as not run, and the error once, at the rule."""
    rules = minimal_project / "rules.py"
    rules.write_text(rules.read_text().replace(
        'summary="P95 latency above 2 s"', 'summary="P95 latency above {{ $value "'
    ))
    result = run_mac("test", "--definitions", str(minimal_project))
    assert result.exit_code == ExitCode.PROBLEMS_FOUND
    assert "skip HighErrorRate  3 cases not run  -> pager" in result.stdout
    assert result.stdout.count("error:") == 1
    assert 'group "api", rule 3, "SlowRequests"' in result.stdout
    assert f"{minimal_project}/rules.py:44" in result.stdout


@needs_tools
def test_root_receiver_when_declared(run_mac, minimal_project: Path):
    routing = minimal_project / "routing.py"
    text = routing.read_text()
    text = text.replace("""            Route(team, matchers=['severity="warning"']),\n""", "")
    routing.write_text(text)
    result = run_mac("test", "--definitions", str(minimal_project))
    assert result.exit_code == 0, result.output
    assert "ok   SlowRequests   2/2 cases passed  -> team" in result.stdout


PROMTOOL_FAILURE = """    alertname: HighErrorRate, time: 15m,
        exp:[
            0:
              Labels:{alertname="HighErrorRate", severity="critical"}
              Annotations:{description="11% fail, \\"now\\"", summary="x"}
            ],
        got:[
            0:
              Labels:{alertname="HighErrorRate", severity="warning"}
              Annotations:{description="10% fail, \\"now\\"", summary="x"}
            ]"""


def test_failure_explained_per_field():
    from monitoring_as_code.testing.explain import explain_failure

    assert explain_failure(PROMTOOL_FAILURE) == [
        'label severity: expected "critical", got "warning"',
        'annotation description: expected "11% fail, \\"now\\"", got "10% fail, \\"now\\""',
    ]


def test_failure_explained_count():
    from monitoring_as_code.testing.explain import explain_failure

    details = "    alertname: A, time: 5m,\n        exp:[],\n        got:[\n            0:\n              Labels:{alertname=\"A\"}\n              Annotations:{}\n            ]"
    assert explain_failure(details) == ["expected 0 alerts, got 1"]


def test_groups_recording_first(minimal_project: Path):
    """A group reading another group's recording rule is evaluated after it."""
    from monitoring_as_code.compile.tests import evaluation_order
    from monitoring_as_code.load import load_project

    rules = minimal_project / "rules.py"
    rules.write_text(rules.read_text() + '''
RuleGroup("readers", [AlertingRule(
    "NoTraffic", "job:http_requests:rate5m == 0", severity="warning",
    labels={"service": "api"}, summary="No traffic",
    runbook_url="https://runbooks.example.org/NoTraffic",
)])
''')
    project = load_project(minimal_project)
    project.groups.reverse()
    assert evaluation_order(project) == ["api", "readers"]


_READER = """
RuleGroup("{name}", [AlertingRule(
    "NoTraffic", "job:http_requests:rate5m == 0", severity="warning",
    labels={{"service": "api"}}, summary="No traffic",
    runbook_url="https://runbooks.example.org/NoTraffic",
)], file="{file}")
"""


def test_order_with_shared_group_names(minimal_project: Path):
    """Groups that share a name across files still get an evaluation order."""
    from monitoring_as_code.compile import compile_project
    from monitoring_as_code.load import load_project

    rules = minimal_project / "rules.py"
    rules.write_text(
        rules.read_text()
        + _READER.format(name="readers", file="readers")
        + 'RuleGroup("readers", [RecordingRule("job:up:sum", "sum by (job) (up)")], file="more")\n'
    )
    project = load_project(minimal_project)
    project.groups.reverse()
    text = compile_project(project)["prometheus/tests/api.yml"].decode()
    assert "group_eval_order:\n- api\n- readers\n" in text


def test_same_name_group_read_rejected(minimal_project: Path):
    from monitoring_as_code.errors import DefinitionErrors
    from monitoring_as_code.load import load_project

    rules = minimal_project / "rules.py"
    rules.write_text(rules.read_text() + _READER.format(name="api", file="api-readers"))
    with pytest.raises(DefinitionErrors) as caught:
        load_project(minimal_project)
    [error] = caught.value.errors
    assert error.message == (
        "rule group 'api' of file 'api-readers' reads job:http_requests:rate5m, "
        "which the rule group 'api' of file 'api' records"
    )
    assert error.location.line == 62
    assert "rename one of the two groups" in error.hint


def test_same_name_group_indirect_read_rejected(minimal_project: Path):
    from monitoring_as_code.errors import DefinitionErrors
    from monitoring_as_code.load import load_project

    rules = minimal_project / "rules.py"
    rules.write_text(
        rules.read_text()
        + 'RuleGroup("middle", [RecordingRule("job:http_requests:rate5m_max", '
        '"max(job:http_requests:rate5m)")])\n'
        + _READER.format(name="api", file="api-readers").replace(
            "job:http_requests:rate5m == 0", "job:http_requests:rate5m_max == 0"
        )
    )
    with pytest.raises(DefinitionErrors) as caught:
        load_project(minimal_project)
    [error] = caught.value.errors
    assert error.message == (
        "rule group 'api' of file 'api-readers' reads job:http_requests:rate5m_max, "
        "which depends on the rule group 'api' of file 'api'"
    )


def test_tiers_named_apart(minimal_project: Path):
    from monitoring_as_code.compile import compile_project
    from monitoring_as_code.load import load_project

    rules = minimal_project / "rules.py"
    rules.write_text(rules.read_text().replace('"SlowRequests",', '"HighErrorRate",'))
    files = compile_project(load_project(minimal_project))
    text = files["prometheus/tests/api.yml"].decode()
    assert "name: 'HighErrorRate [critical]: 10% of requests fail'" in text
    assert "name: 'HighErrorRate [warning]: every request takes 4 s'" in text


def test_duplicate_case_names_rejected(minimal_project: Path):
    from monitoring_as_code.errors import DefinitionErrors
    from monitoring_as_code.load import load_project

    rules = minimal_project / "rules.py"
    rules.write_text(rules.read_text().replace('"for not yet elapsed"', '"1% of requests fail"'))
    with pytest.raises(DefinitionErrors) as caught:
        load_project(minimal_project)
    assert "alert 'HighErrorRate' has two test cases named '1% of requests fail'" in str(caught.value)


def test_restarted_counter_keeps_increments():
    from monitoring_as_code.testing import restarted

    [series] = restarted([counter("x_total", {}, per_second=1, duration="10m")], after="4m")
    assert series.values == "0+60x4 60+60x5"


def test_restarted_needs_counter_series():
    from monitoring_as_code.testing import restarted

    with pytest.raises(DefinitionError) as caught:
        restarted([gauge("g", value=1)], after="4m")
    assert "series 'g' was not built by counter()" in caught.value.message


def test_histogram_mix_rates():
    from monitoring_as_code.testing import histogram_mix

    series = {
        s.selector(): s.values
        for s in histogram_mix("h", {}, {3: 19, 8: 1}, duration="2m", buckets=(1, 5, 10))
    }
    assert series['h_bucket{le="1"}'] == "0+0x2"
    assert series['h_bucket{le="5"}'] == "0+1140x2"
    assert series['h_bucket{le="10"}'] == "0+1200x2"
    assert series["h_count"] == "0+1200x2"
    assert series["h_sum"] == "0+3900x2"
