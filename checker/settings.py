"""One run's settings, merged: what `check` and `audit` share below the command line.

Settings come from three places, and the first that says something wins: the command line, the config file
(``repcheck.toml`` or ``[tool.repcheck]``), the defaults (:mod:`checker.defaults`). Rule settings (severities,
disabled rules) are layered the same way for every page by :func:`page_rules`: the config's top level, then its
``[[override]]``s whose pattern matches the page, then the page's own ``[[target]]``, then the command line's
``--severity`` / ``--disable`` / ``--enable``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .baseline import Baseline
from .config import Config, Target, load_config
from .config_values import did_you_mean
from .defaults import CONFIG_DEFAULTS, FailOn
from .engine import Checker, PageRules
from .errors import UsageProblem
from .formats import OutputFormat
from .pack import AUTO, Pack, auto_pack, load_pack, shipped_packs
from .redact import Redactor
from .report import SEVERITIES
from .urls import is_remote

if TYPE_CHECKING:
    from .render.session import RenderOptions


@dataclass(frozen=True)
class RuleChoices:
    """One layer of rule settings: severities by rule id, rules switched off, rules switched back on."""

    severity: Mapping[str, str] = field(default_factory=dict)
    disable: Collection[str] = frozenset()
    enable: Collection[str] = frozenset()


NO_CHOICES = RuleChoices()


def page_rules(
    config: Config, location: str | None, target: Target | None = None, command_line: RuleChoices = NO_CHOICES
) -> PageRules:
    """Which rules run on the page at ``location`` (a URL or a path; None: a page no override can match), and
    at what severity. The layers, later winning: the config's top-level ``severity``, ``disable`` and
    ``enable``; every ``[[override]]`` that matches ``location``, in file order; ``target``'s own; the command
    line's. A severity replaces an earlier one for the same rule, ``disable`` turns a rule off, ``enable`` turns
    it back on (within one layer, ``enable`` is applied after ``disable``)."""
    severity: dict[str, str] = {}
    disabled: set[str] = set()

    def apply(layer: RuleChoices) -> None:
        severity.update(layer.severity)
        disabled.update(layer.disable)
        disabled.difference_update(layer.enable)

    settings = config.settings
    layers = [RuleChoices(settings.get("severity", {}), settings.get("disable", ()), settings.get("enable", ()))]
    if location is not None:
        layers += [RuleChoices(o.severity, o.disable, o.enable) for o in config.overrides if o.matches(location)]
    if target is not None:
        layers.append(RuleChoices(target.severity, target.disable, target.enable))
    layers.append(command_line)
    for layer in layers:
        apply(layer)
    return PageRules(severity, frozenset(disabled))


def parse_assignments(values: Iterable[str], option: str, what: str) -> dict[str, str]:
    """``("logo=warning", ...)`` as a dict; a value without ``=`` is a :class:`UsageProblem`."""
    pairs: dict[str, str] = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip() or not rest.strip():
            raise UsageProblem(f"{option} takes {what}, not {value!r}")
        pairs[key.strip()] = rest.strip()
    return pairs


def known_formats() -> tuple[str, ...]:
    return tuple(f.value for f in OutputFormat)


def parse_reports(values: Iterable[str], configured: Mapping[str, Any]) -> dict[str, str]:
    """``--report FORMAT=PATH`` values over the config's ``reports`` table (the command line wins per format)."""
    reports = {str(k): str(v) for k, v in configured.items()}
    for fmt, path in parse_assignments(values, "--report", "FORMAT=PATH (e.g. junit=build/repcheck.xml)").items():
        if fmt not in known_formats():
            raise UsageProblem(f"--report {fmt}={path}: unknown format {fmt!r} (formats: {', '.join(known_formats())})")
        reports[fmt] = path
    return reports


#: Command-line option names whose config key differs.
_CONFIG_KEY = {"pack_name": "rules", "fmt": "format", "check_all": "all"}


@dataclass(frozen=True)
class RunSettings:
    """Everything a `check` or an `audit` run was told, merged: the command line over the config file over the
    defaults. Built once by :meth:`build`, which validates everything (a bad setting raises a
    :class:`~checker.errors.RepcheckError` before any page is checked)."""

    config: Config
    pack: Pack  # the pack, or the auto pack (``pack.id == AUTO``)
    fail_on: FailOn
    rule_choices: RuleChoices  # the command line's --severity, --disable, --enable
    reports: Mapping[str, str]  # extra report files by format
    baseline: Baseline | None
    write_baseline: str | None
    reporter: str | None
    original: str | None
    timeout: float
    max_bytes: int
    check_timeout: float
    user_agent: str | None
    format: str
    output: str | None
    check_all: bool
    base_url: str | None
    jobs: int
    per_host: int
    delay: float
    retries: int
    ignore_robots: bool
    redact_params: tuple[str, ...] = ()  # the config's and --redact-param's, over checker.redact.SECRET_PARAMS
    render: RenderOptions | None = None  # --render (or the config's render = true), checked available
    page_css: bool = True  # the page's own <style> rules applied (--no-page-css, the config's page_css = false)
    logo_references: tuple[str, ...] = ()  # --logo-reference: files or URLs of the licensor's logo, over the pack's
    logo_references_by_pack: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # the config's, per pack

    @classmethod
    def build(cls, options: Mapping[str, Any], given: Collection[str]) -> RunSettings:
        """The settings from the command line's ``options`` (by parameter name), of which ``given`` were given
        there (not defaults), the config file (``options["config_path"]``, else found) and the defaults."""
        from .render.options import render_options  # imported when a run starts: `import checker` stays light

        config = load_config(options.get("config_path"))

        def value(name: str) -> Any:
            key = _CONFIG_KEY.get(name, name)
            if name in given:
                return options[name]
            if key in CONFIG_DEFAULTS and config.is_set(key):
                return config.get(key)
            return options[name] if name in options else CONFIG_DEFAULTS.get(key)

        name = value("pack_name")
        pack = auto_pack() if name == AUTO else load_pack(name)
        packs = [load_pack(n) for n in shipped_packs()] if name == AUTO else [pack]
        known = {rule.id for each in packs for rule in each.rules}
        config.check_rule_ids(known)
        fail_on = FailOn(value("fail_on"))
        severity = parse_assignments(options["severities"], "--severity", "RULE=LEVEL (e.g. logo=warning)")
        for option, ids in (
            ("--severity", severity),
            ("--disable", options["disable"]),
            ("--enable", options["enable"]),
        ):
            for rule_id in ids:
                if rule_id not in known:
                    raise UsageProblem(
                        f"{option} {rule_id}: no such rule in the {pack.id} pack (rules: {', '.join(sorted(known))})"
                    )
        for rule_id, level in severity.items():
            if level not in SEVERITIES:
                raise UsageProblem(f"--severity {rule_id}={level}: the level must be error, warning or info")
        rule_choices = RuleChoices(severity, frozenset(options["disable"]), frozenset(options["enable"]))
        reports = parse_reports(options["reports"], config.get("reports"))
        baseline_path = value("baseline")
        redact_params = tuple(dict.fromkeys([*config.get("redact_params"), *options.get("redact_params", ())]))
        logo_references = tuple(options.get("logo_references") or ())
        _check_logo_references(logo_references, config, {*shipped_packs(), pack.id})
        if logo_references and name == AUTO:
            raise UsageProblem(
                "--logo-reference names one licensor's logo, and --rules auto picks the licensor per page: name "
                "each pack's references in the config file's [logo_reference] table instead"
            )
        return cls(
            config=config,
            pack=pack,
            fail_on=fail_on,
            rule_choices=rule_choices,
            reports=reports,
            baseline=Baseline.load(baseline_path, Redactor(redact_params)) if baseline_path else None,
            write_baseline=options.get("write_baseline"),
            reporter=options.get("reporter"),
            original=options.get("original"),
            logo_references=logo_references,
            logo_references_by_pack={k: tuple(v) for k, v in config.get("logo_reference").items()},
            timeout=value("timeout"),
            max_bytes=value("max_bytes"),
            check_timeout=value("check_timeout"),
            user_agent=value("user_agent"),
            format=value("fmt"),
            output=options.get("output"),
            check_all=value("check_all"),
            base_url=value("base_url"),
            jobs=value("jobs"),
            per_host=value("per_host"),
            delay=value("delay"),
            retries=value("retries"),
            ignore_robots=value("ignore_robots"),
            redact_params=redact_params,
            render=render_options(
                value("render"), options.get("browser"), options.get("render_block") or "", options.get("screenshots")
            ),
            page_css=value("page_css"),
        )

    def page_rules(self, location: str | None, target: Target | None = None) -> PageRules:
        """The rules of the page at ``location``: see :func:`page_rules`."""
        return page_rules(self.config, location, target, self.rule_choices)

    def checker(self, targets: Mapping[str, Target] | None = None) -> Checker:
        """The run's checker. ``targets``: config targets by location, whose own rule settings apply to them."""
        run_wide = self.page_rules(None)
        targets = targets or {}
        targets_differ = any(target.severity or target.disable or target.enable for target in targets.values())
        overrides = None
        if targets_differ or self.config.overrides:

            def overrides(location: str) -> PageRules:
                return self.page_rules(location, targets.get(location))

        return Checker(
            AUTO if self.pack.id == AUTO else self.pack,
            reporter=self.reporter,
            original=self.original,
            timeout=self.timeout,
            max_bytes=self.max_bytes,
            check_timeout=self.check_timeout,
            user_agent=self.user_agent,
            fail_on=self.fail_on,
            severity=run_wide.severity,
            disabled=run_wide.disabled,
            overrides=overrides,
            redact_params=self.redact_params,
            render=self.render,
            logo_references=self.logo_references,
            logo_references_by_pack=self.logo_references_by_pack,
            page_css=self.page_css,
        )


def _check_logo_references(given: tuple[str, ...], config: Config, pack_ids: set[str]) -> None:
    """Refuse, before any page is checked, reference logos that cannot be used: a pack id the config's table
    names that does not exist, a file that is not there, or references at all without the extra ``logo``."""
    table: dict[str, list[str]] = config.get("logo_reference")
    for pack_id in table:
        if pack_id not in pack_ids:
            raise UsageProblem(
                f"{config.source}: [logo_reference] {pack_id}: no such pack "
                f"({did_you_mean(pack_id, pack_ids)}packs: {', '.join(sorted(pack_ids))})"
            )
    named = [("--logo-reference", ref) for ref in given]
    named += [(f"{config.source}: [logo_reference] {pack_id}", ref) for pack_id, refs in table.items() for ref in refs]
    if not named:
        return
    from .logo_match import available

    if not available():
        raise UsageProblem(
            f"{named[0][0]}: comparing logos by their pixels needs the extra 'logo': pip install 'repcheck[logo]'"
        )
    for where, ref in named:
        if not is_remote(ref) and not Path(ref).is_file():
            raise UsageProblem(f"{where}: {ref}: no such file")
