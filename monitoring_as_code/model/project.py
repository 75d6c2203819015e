"""The Project: every definition of one load, checked as a whole."""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field

from monitoring_as_code.errors import DefinitionError, DefinitionErrors
from monitoring_as_code.model.alertmanager import Alertmanager
from monitoring_as_code.model.base import Definition
from monitoring_as_code.model.catalog import Metric
from monitoring_as_code.model.dashboards import Dashboard, Folder
from monitoring_as_code.model.matchers import matches_all
from monitoring_as_code.model.rules import AlertingRule, RecordingRule, RuleGroup, names_series
from monitoring_as_code.model.scrape import PrometheusConfig, ScrapeJob


@dataclass
class Project:
    """The metric catalog, scrape jobs, rules, Alertmanager and dashboards."""

    metrics: list[Metric] = field(default_factory=list)
    jobs: list[ScrapeJob] = field(default_factory=list)
    groups: list[RuleGroup] = field(default_factory=list)
    dashboards: list[Dashboard] = field(default_factory=list)
    folders: list[Folder] = field(default_factory=list)
    alertmanager: Alertmanager | None = None
    prometheus: PrometheusConfig = field(default_factory=PrometheusConfig)

    @classmethod
    def from_definitions(cls, definitions: list[Definition]) -> Project:
        """Sort collected definitions by kind and check them together."""
        project = cls()
        alertmanagers: list[Alertmanager] = []
        prometheus_configs: list[PrometheusConfig] = []
        for definition in definitions:
            if isinstance(definition, Metric):
                project.metrics.append(definition)
            elif isinstance(definition, ScrapeJob):
                project.jobs.append(definition)
            elif isinstance(definition, RuleGroup):
                project.groups.append(definition)
            elif isinstance(definition, Dashboard):
                project.dashboards.append(definition)
            elif isinstance(definition, Folder):
                project.folders.append(definition)
            elif isinstance(definition, Alertmanager):
                alertmanagers.append(definition)
            elif isinstance(definition, PrometheusConfig):
                prometheus_configs.append(definition)

        errors = []
        for kind, found in (
            ("Alertmanager", alertmanagers),
            ("PrometheusConfig", prometheus_configs),
        ):
            for extra in found[1:]:
                errors.append(
                    extra.error(
                        f"a second {kind} is declared (the first is at "
                        f"{found[0].location})",
                        f"declare one {kind} per project",
                    )
                )
        errors.extend(_left_out(definitions, project, alertmanagers))

        if alertmanagers:
            project.alertmanager = alertmanagers[0]
        if prometheus_configs:
            project.prometheus = prometheus_configs[0]

        errors.extend(project.check())
        if errors:
            raise DefinitionErrors(errors)
        return project

    # Lookups used by the compilers, checks and tests.

    @property
    def alerts(self) -> list[AlertingRule]:
        return [alert for group in self.groups for alert in group.alerts]

    @property
    def recording_rules(self) -> list[RecordingRule]:
        return [
            rule
            for group in self.groups
            for rule in group.rules
            if isinstance(rule, RecordingRule)
        ]

    def find_rule(
        self, group_name: str, index: int, file: str | None = None
    ) -> AlertingRule | RecordingRule | None:
        """Return rule `index` (1-based, as promtool counts) of a group, in the
        rule file with stem `file` when given."""
        for group in self.groups:
            if group.name != group_name or not 1 <= index <= len(group.rules):
                continue
            if file is None or group.file == file:
                return group.rules[index - 1]
        return None

    def series_index(self) -> dict[str, tuple[Metric, frozenset[str]]]:
        """Map every series name the catalog exposes to its metric and labels."""
        index = {}
        for metric in self.metrics:
            for name, labels in metric.series().items():
                index[name] = (metric, labels)
        return index

    # Checks across definitions.

    def check(self) -> list[DefinitionError]:
        errors: list[DefinitionError] = []
        errors += _duplicates(self.jobs, lambda job: job.job_name, "scrape job")
        errors += self._check_series_names()
        errors += self._check_origins()
        errors += self._check_group_names()
        errors += self._check_same_name_reads()
        errors += _duplicates(self.dashboards, lambda board: board.uid, "dashboard uid")
        errors += _duplicates(self.folders, lambda folder: folder.uid, "folder uid")
        errors += self._check_folders()
        errors += self._check_inhibit_labels()
        errors += self._check_alert_tests()
        return errors

    def check_rule_syntax(self) -> list[DefinitionError]:
        """Rule expressions must parse: Prometheus refuses to load a rule
        file with one that does not. Panel queries are left to `mac lint`,
        because Grafana variables make them templates, not PromQL.

        The loader runs this; a Project built directly (as the lint tests
        do, to lint broken expressions) skips it.
        """
        from monitoring_as_code import promql

        errors = []
        for group in self.groups:
            for rule in group.rules:
                try:
                    promql.parse(rule.expr)
                except promql.PromQLError as error:
                    kind = "alert" if isinstance(rule, AlertingRule) else "recording rule"
                    text = " ".join(rule.expr.split())
                    errors.append(
                        rule.error(
                            f"{kind} {rule.name!r} has invalid PromQL ({error}): {text}",
                            "fix the expression; `mac lint` marks where it fails",
                        )
                    )
        return errors

    def _check_alert_tests(self) -> list[DefinitionError]:
        """Check that each firing case gives the rendered value of every
        templated annotation, because promtool compares annotations whole."""
        from monitoring_as_code.compile.tests import templated_annotations
        from monitoring_as_code.testing.cases import AlertTest

        errors = []
        for alert in self.alerts:
            templated = templated_annotations(alert)
            known = set(alert.all_annotations())
            case_names: set[str] = set()
            for case in alert.tests:
                if isinstance(case, AlertTest) and case.name in case_names:
                    errors.append(
                        case.error(
                            f"alert {alert.name!r} has two test cases named {case.name!r}",
                            "give each case of an alert its own name, because "
                            "failures are reported by name",
                        )
                    )
                if isinstance(case, AlertTest):
                    case_names.add(case.name)
                if not isinstance(case, AlertTest):
                    errors.append(
                        alert.error(
                            f"alert {alert.name!r} has the test {case!r}, which is not "
                            "an AlertTest",
                            "build cases with fires(...) or quiet(...) from "
                            "monitoring_as_code.testing",
                        )
                    )
                    continue
                for expected in case.alerts:
                    missing = sorted(templated - set(expected.annotations))
                    unknown = sorted(set(expected.annotations) - known)
                    if missing:
                        errors.append(
                            expected.error(
                                f"case {case.name!r} of alert {alert.name!r} does not "
                                f"give the rendered {', '.join(missing)}",
                                "promtool compares every annotation; add "
                                f"annotations={{{missing[0]!r}: '<text as rendered>'}}",
                            )
                        )
                    if unknown:
                        errors.append(
                            expected.error(
                                f"case {case.name!r} expects annotations "
                                f"{', '.join(unknown)} that alert {alert.name!r} "
                                "does not have",
                                f"use {', '.join(sorted(known)) or 'no annotations'}",
                            )
                        )
        return errors

    def _check_series_names(self) -> list[DefinitionError]:
        errors = []
        owners: dict[str, Metric] = {}
        for metric in self.metrics:
            for name in metric.series():
                first = owners.setdefault(name, metric)
                if first is not metric:
                    errors.append(
                        metric.error(
                            f"series {name!r} of {metric.kind} {metric.name!r} is "
                            f"already declared by {first.kind} {first.name!r} at "
                            f"{first.location}",
                            "declare each metric once and import it where needed",
                        )
                    )
        return errors

    def _check_origins(self) -> list[DefinitionError]:
        declared = {id(job) for job in self.jobs}
        return [
            metric.error(
                f"metric {metric.name!r} comes from scrape job "
                f"{metric.origin.job_name!r}, which is not in the definitions",
                "declare the ScrapeJob in a definitions file",
            )
            for metric in self.metrics
            if id(metric.origin) not in declared
        ]

    def _check_group_names(self) -> list[DefinitionError]:
        by_file: dict[str, list[RuleGroup]] = defaultdict(list)
        for group in self.groups:
            by_file[group.file].append(group)
        errors = []
        for groups in by_file.values():
            errors += _duplicates(groups, lambda group: group.name, "rule group")
        return errors

    def group_reads(self) -> list[tuple[RuleGroup, RuleGroup, str]]:
        """Return (reader, source, series) for each series a rule group reads
        that another group records."""
        recorders: dict[str, list[RuleGroup]] = defaultdict(list)
        for group in self.groups:
            for rule in group.rules:
                if isinstance(rule, RecordingRule):
                    recorders[rule.record].append(group)
        reads = []
        for reader in self.groups:
            text = "\n".join(rule.expr for rule in reader.rules)
            for record, sources in recorders.items():
                if names_series(text, record):
                    reads += [
                        (reader, source, record) for source in sources if source is not reader
                    ]
        return reads

    def _check_same_name_reads(self) -> list[DefinitionError]:
        """Reject a group that depends on a group of the same name in another
        file, by reading a series it records or through other groups.

        promtool's `group_eval_order` orders groups by name, so an alert
        test could not put the recording group first, and the reading rule
        would see the recorded value one evaluation late now and then.
        """
        by_name: dict[str, list[RuleGroup]] = defaultdict(list)
        for group in self.groups:
            by_name[group.name].append(group)
        if all(len(groups) == 1 for groups in by_name.values()):
            return []
        reads: dict[int, list[tuple[RuleGroup, str]]] = defaultdict(list)
        for reader, source, record in self.group_reads():
            reads[id(reader)].append((source, record))
        errors = []
        for name, groups in by_name.items():
            for reader in groups if len(groups) > 1 else []:
                found = _same_name_source(reader, reads)
                if found is None:
                    continue
                source, record, direct = found
                relation = "which the rule group" if direct else "which depends on the rule group"
                errors.append(
                    reader.error(
                        f"rule group {name!r} of file {reader.file!r} reads {record}, "
                        f"{relation} {name!r} of file {source.file!r}"
                        + (" records" if direct else ""),
                        "rename one of the two groups: alert tests order groups "
                        "by name, so they cannot evaluate the recording group first",
                    )
                )
        return errors

    def _check_folders(self) -> list[DefinitionError]:
        declared = {id(folder) for folder in self.folders}
        errors = []
        for dashboard in self.dashboards:
            if dashboard.folder is not None and id(dashboard.folder) not in declared:
                errors.append(
                    dashboard.error(
                        f"dashboard {dashboard.uid!r} is in folder "
                        f"{dashboard.folder.uid!r}, which is not in the definitions",
                        "declare the Folder in a definitions file",
                    )
                )
        return errors

    def _check_inhibit_labels(self) -> list[DefinitionError]:
        """Each `equal` label must be carried by the alerts a rule applies to.

        Alertmanager treats a label missing on both alerts as equal, so an
        `equal` label no alert carries silently widens the rule to all of
        them. An alert carries alertname, its own labels and the labels its
        expression keeps; an expression whose labels cannot be worked out (or
        that does not parse, which lint reports) is given the benefit of the
        doubt.
        """
        if self.alertmanager is None or not self.alertmanager.inhibit_rules:
            return []
        from monitoring_as_code import promql

        catalog = promql.label_catalog(self)
        # Worked out on first use: an alert no rule matches is never parsed.
        carried: dict[int, frozenset[str] | None] = {}
        errors = []
        for rule in self.alertmanager.inhibit_rules:
            for side, matchers in (
                ("source", rule.parsed_source),
                ("target", rule.parsed_target),
            ):
                for alert in self.alerts:
                    labels = {"alertname": alert.name, **alert.all_labels()}
                    if not matches_all(matchers, labels):
                        continue
                    if id(alert) not in carried:
                        carried[id(alert)] = _carried_labels(alert, catalog)
                    known = carried[id(alert)]
                    if known is None:
                        continue
                    missing = [label for label in rule.equal if label not in known]
                    if missing:
                        errors.append(
                            rule.error(
                                f"inhibit rule compares {', '.join(missing)} but "
                                f"{side} alert {alert.name!r} ({alert.location}) "
                                "does not carry it",
                                "add the label to the alert's labels, keep it in the "
                                "expression, or remove it from equal",
                            )
                        )
        return errors



def _same_name_source(
    reader: RuleGroup, reads: dict[int, list[tuple[RuleGroup, str]]]
) -> tuple[RuleGroup, str, bool] | None:
    """Find a group named like `reader` that `reader` depends on.

    Return it, the series `reader` reads on the way to it, and whether the
    read is direct; None if there is no such group.
    """
    seen = {id(reader)}
    queue = deque((source, record, True) for source, record in reads[id(reader)])
    while queue:
        source, record, direct = queue.popleft()
        if id(source) in seen:
            continue
        seen.add(id(source))
        if source.name == reader.name:
            return source, record, direct
        queue.extend((further, record, False) for further, _ in reads[id(source)])
    return None


def _carried_labels(alert: AlertingRule, catalog) -> frozenset[str] | None:
    from monitoring_as_code import promql

    try:
        kept = promql.output_labels(alert.expr, catalog)
    except promql.PromQLError:
        return None
    if kept is None:
        return None
    return kept | {"alertname"} | set(alert.all_labels())


def _left_out(
    definitions: list[Definition], project: Project, alertmanagers: list[Alertmanager]
) -> list[DefinitionError]:
    """Report rules, receivers, panels and rows that no container holds:
    they would be silently missing from the build."""
    contained: set[int] = set()
    for group in project.groups:
        contained.update(id(rule) for rule in group.rules)
    for config in alertmanagers:
        contained.update(id(receiver) for receiver in config.receivers)
    for dashboard in project.dashboards:
        contained.update(id(item) for item in dashboard.panels)
        contained.update(id(panel) for panel in dashboard.all_panels())
    errors = []
    for definition in definitions:
        if definition._contained_in and id(definition) not in contained:
            kind = type(definition).__name__
            name = getattr(definition, "name", None) or getattr(definition, "title", "")
            errors.append(
                definition.error(
                    f"{kind} {name!r} is not in {definition._contained_in}, so it "
                    "would be left out of the build",
                    f"add it to {definition._contained_in}, or delete it",
                )
            )
    return errors


def _duplicates(items, key, what: str) -> list[DefinitionError]:
    first_seen: dict[str, Definition] = {}
    errors = []
    for item in items:
        value = key(item)
        first = first_seen.setdefault(value, item)
        if first is not item:
            errors.append(
                item.error(
                    f"{what} {value!r} is declared twice (first at {first.location})",
                    f"give each {what} a unique value",
                )
            )
    return errors
