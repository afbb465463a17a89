"""Load and validate a policy from YAML; every problem is reported with its YAML path.

The loader is pure: :func:`parse_policy` takes text. :func:`load_policy` reads a shipped preset by
name or a file by path — the only I/O in the core, kept here at the edge.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from careerpath.core.awards import parse_awards
from careerpath.core.criteria import ParseCtx, parse_criteria
from careerpath.core.policy import (
    CYCLE_REVIEW_STEPS,
    INDIVIDUAL_REVIEW_STEPS,
    PRAISE_SOURCES,
    TRAINING_RESULTS,
    EvidenceSettings,
    Level,
    Metric,
    Move,
    PlacementStandard,
    Policy,
    ProcessSettings,
    Text,
    Track,
    TrackKind,
)
from careerpath.core.probation import parse_probation_plan
from careerpath.core.yamlbounds import (
    DEFAULT_LIMITS,
    BoundedLoader,
    YamlLimits,
    YamlTooLarge,
    among,
    clip,
    load_bounded,
    shown,
)

Problems = list[tuple[str, str]]

_LEVEL_KEYS = ("code", "zh", "en", "track", "tier", "grade", "allowance", "duties", "kpis")
_TRACK_KEYS = ("zh", "en", "kind")
_EVIDENCE_KEYS = ("window_months", "leave_types", "exempt_leave_types", "exam_types", "incident_types",
                  "training_programs", "praise_sources", "training_results")
_PROCESS_KEYS = ("notice_working_days", "nomination_working_days", "placement_review_working_days",
                 "review_steps", "cycle_review_steps", "scoring_weights", "business_targets", "score_exam",
                 "allow_exceptions", "probation_months", "probation_plan", "deduct_allowance_levels",
                 "deduct_allowance_incidents", "demotion_incidents", "bonus_points")

DEFAULT_POLICY = "logistics-dual-track"
MAX_PROBLEMS_SHOWN = 100  # in the exception's text; ``problems`` keeps them all


class PolicyError(Exception):
    """A policy that cannot be used; ``problems`` lists (yaml path, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]], source: str = "policy") -> None:
        # Paths hold the policy's own keys and messages its values: clipped, so that no problem
        # renders a whole value (the values themselves go through ``shown``).
        self.problems = [(clip(str(p), 200), clip(str(m), 500)) for p, m in problems]
        self.source = source
        lines = [f"  {p}: {m}" for p, m in self.problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"  … 另有 {len(problems) - MAX_PROBLEMS_SHOWN} 处 and {len(problems) - MAX_PROBLEMS_SHOWN} more")
        super().__init__(f"{source}: 策略无效 invalid policy ({len(problems)} problem(s)):\n" + "\n".join(lines))


class _StrictLoader(BoundedLoader):
    """YAML's safe loader within bounds, refusing a key given twice in one mapping (YAML would keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, (str, int, float, bool)):
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"重复字段 duplicate key {shown(key)}", key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def preset_names() -> list[str]:
    files = resources.files("careerpath.policies")
    return sorted(p.name[:-5] for p in files.iterdir() if p.name.endswith(".yaml"))


def load_policy(name_or_path: str | Path = DEFAULT_POLICY) -> Policy:
    """Load a shipped preset by name, or a YAML file by path."""
    text, source = read_policy_source(name_or_path)
    return parse_policy(text, source=source)


def read_policy_source(name_or_path: str | Path) -> tuple[str, str]:
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") or p.exists():
        try:
            if p.stat().st_size > DEFAULT_LIMITS.max_bytes:  # refused unread
                raise PolicyError([("$", f"策略文本超过 {DEFAULT_LIMITS.max_bytes:,} 字节 the file is larger than "
                                         f"{DEFAULT_LIMITS.max_bytes:,} bytes")], str(p))
            return p.read_text(encoding="utf-8"), str(p)
        except (OSError, UnicodeDecodeError) as exc:
            raise PolicyError([("$", f"无法读取文件 cannot read file: {exc}")], str(p)) from None
    name = str(name_or_path)
    if name in preset_names():
        return (resources.files("careerpath.policies") / f"{name}.yaml").read_text(encoding="utf-8"), name
    raise PolicyError([("$", f"未知策略 unknown policy {shown(name)}; presets: {', '.join(preset_names())}")], name)


def _text(v: Any, path: str, problems: list[tuple[str, str]], fallback: str = "") -> Text:
    if isinstance(v, str):
        return Text(v, v)
    if isinstance(v, Mapping) and isinstance(v.get("zh"), str):
        en = v.get("en")
        return Text(v["zh"], en if isinstance(en, str) else v["zh"])
    if v is None and fallback:
        return Text(fallback, fallback)
    problems.append((path, "应为字符串或 {zh, en} must be a string or a {zh, en} mapping"))
    return Text(fallback or "?", fallback or "?")


def _mapping(data: Mapping[str, Any], key: str, path: str, problems: list[tuple[str, str]],
             required: bool = True) -> Mapping[str, Any]:
    v = data.get(key)
    if v is None:
        if required:
            problems.append((f"{path}.{key}" if path != "$" else key, "缺少必填项 missing required section"))
        return {}
    if not isinstance(v, Mapping):
        problems.append((f"{path}.{key}" if path != "$" else key, "应为映射 must be a mapping"))
        return {}
    return v


def _int(v: Any, path: str, problems: list[tuple[str, str]], default: int | None = None) -> int:
    if v is None and default is not None:
        return default
    if isinstance(v, bool) or not isinstance(v, int):
        problems.append((path, f"应为整数 must be an integer, got {shown(v)}"))
        return default or 0
    return v


def _str_tuple(v: Any, path: str, problems: list[tuple[str, str]], default: tuple[str, ...]) -> tuple[str, ...]:
    if v is None:
        return default
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        problems.append((path, "应为字符串列表 must be a list of strings"))
        return default
    return tuple(v)


def _mappings(items: list[Any], key: str, problems: Problems) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Yield the mappings of the list at ``key`` with their paths; report any other item."""
    for i, item in enumerate(items):
        path = f"{key}[{i}]"
        if isinstance(item, Mapping):
            yield path, item
        else:
            problems.append((path, "应为映射 must be a mapping"))


def _unknown_keys(data: Mapping[str, Any], known: tuple[str, ...], path: str, problems: Problems) -> None:
    for k in sorted(set(map(str, data)) - set(known)):
        problems.append((f"{path}.{k}", f"未知字段 unknown key; known: {', '.join(known)}"))


def _count(v: Any, path: str, problems: Problems, default: int, minimum: int) -> int:
    """A whole number ≥ ``minimum`` (``default`` when absent)."""
    if v is None:
        return default
    if isinstance(v, bool) or not isinstance(v, int) or v < minimum:
        problems.append((path, f"应为不小于 {minimum} 的整数 must be an integer ≥ {minimum}, got {shown(v)}"))
        return default
    return v


def _codes(v: Any, path: str, problems: Problems, default: Mapping[str, Text], *,
           allowed: tuple[str, ...] | None = None, extra: tuple[str, ...] = ()) -> dict[str, Text]:
    """A code list with labels: ``[code, …]`` or ``{code: label | {zh, en}}``.

    A code's Chinese label defaults to the code itself (leave, exam and incident codes are Chinese words),
    its English label to the Chinese one. ``allowed`` closes the set (codes the engine gives a meaning to);
    ``extra`` names further keys an entry may carry (read by the caller).
    """
    if v is None:
        return dict(default)
    if isinstance(v, list):
        if not all(isinstance(x, str) and x for x in v):
            problems.append((path, "应为字符串列表 must be a list of strings"))
            return dict(default)
        v = {x: None for x in v}
    if not isinstance(v, Mapping):
        problems.append((path, "应为列表或映射 must be a list or a mapping of code to label"))
        return dict(default)
    out: dict[str, Text] = {}
    for code, label in v.items():
        cpath = f"{path}.{code}"
        code = str(code)
        if allowed is not None and code not in allowed:
            problems.append((cpath, f"未知代码 unknown code {shown(code)}; allowed: {', '.join(allowed)}"))
            continue
        if label is None:
            out[code] = Text(code, code)
        elif isinstance(label, str):
            out[code] = Text(label, label)
        elif isinstance(label, Mapping):
            _unknown_keys(label, ("zh", "en", *extra), cpath, problems)
            zh, en = label.get("zh", code), label.get("en")
            if not isinstance(zh, str) or (en is not None and not isinstance(en, str)):
                problems.append((cpath, "标签应为字符串 labels must be strings"))
                continue
            out[code] = Text(zh, en or zh)
        else:
            problems.append((cpath, "应为字符串或 {zh, en} must be a string or a {zh, en} mapping"))
    if allowed is not None:
        # Relabelling is allowed, dropping is not: the database may hold any of the engine's codes.
        out = {c: out.get(c) or default[c] for c in allowed}
    return out


def _subset(v: Any, path: str, problems: Problems, default: tuple[str, ...], known: Mapping[str, Any],
            what: str) -> tuple[str, ...]:
    """A list of codes, each of which must be declared in ``known``."""
    values = _str_tuple(v, path, problems, default)
    for i, x in enumerate(values):
        if x not in known:
            problems.append((f"{path}[{i}]", f"未知{what} unknown {what} {shown(x)}; declared: {', '.join(known)}"))
    return values


def _review_steps(v: Any, path: str, problems: Problems, default: tuple[str, ...],
                  allowed: tuple[str, ...]) -> tuple[str, ...]:
    """An approval chain: known steps in the order of ``allowed``, no repeats, reviews first, HR last."""
    steps = _str_tuple(v, path, problems, default)
    if steps is default:
        return steps
    bad = [(i, s) for i, s in enumerate(steps) if s not in allowed]
    for i, s in bad:
        problems.append((f"{path}[{i}]", f"未知审核步骤 unknown review step {shown(s)}; allowed: {', '.join(allowed)}"))
    if bad:
        return default
    if len(set(steps)) != len(steps):
        problems.append((path, f"审核步骤重复 a review step repeats: {', '.join(steps)}"))
    elif not steps or steps[-1] != "hr":
        problems.append((path, "人力资源部应为最后一步 hr must be the last step"))
    elif len(steps) < 2:
        problems.append((path, "人力资源部之前至少需一个审核步骤 at least one review must come before hr"))
    elif list(steps) != sorted(steps, key=allowed.index):
        problems.append((path, f"审核步骤顺序应为 the steps must keep the order {' → '.join(allowed)}"))
    else:
        return steps
    return default


def _texts(v: Any, path: str, problems: Problems) -> tuple[Text, ...]:
    """A list of sentences (a level's duties or KPIs): each a string or ``{zh, en}``, reported by index."""
    if v is None:
        return ()
    if not isinstance(v, list):
        problems.append((path, "应为列表 must be a list"))
        return ()
    out: list[Text] = []
    for i, x in enumerate(v):
        ipath = f"{path}[{i}]"
        if isinstance(x, Mapping):
            # A key without a value is what an unquoted comma in a flow mapping leaves behind ({zh: …, en: a,
            # b}); versions stored before this check carry such keys, and a stored version must stay readable.
            _unknown_keys({k: v for k, v in x.items() if v is not None}, ("zh", "en"), ipath, problems)
            zh, en = x.get("zh"), x.get("en")
            if not isinstance(zh, str) or not zh.strip():
                problems.append((f"{ipath}.zh", "缺少中文 missing the Chinese text"))
                continue
            if en is not None and (not isinstance(en, str) or not en.strip()):
                problems.append((f"{ipath}.en", "英文应为非空字符串 the English must be a non-empty string"))
                continue
            out.append(Text(zh, en or zh))
        elif isinstance(x, str) and x.strip():
            out.append(Text(x, x))
        else:
            problems.append((ipath, "应为非空字符串或 {zh, en} must be a non-empty string or a {zh, en} mapping"))
    return tuple(out)


def _number_map(v: Any) -> dict[str, float] | None:
    if not isinstance(v, Mapping) or not all(
            isinstance(x, (int, float)) and not isinstance(x, bool) for x in v.values()):
        return None
    return {str(k): float(x) for k, x in v.items()}


def parse_policy(text: str, *, source: str = "policy", limits: YamlLimits = DEFAULT_LIMITS) -> Policy:
    """Parse and validate policy YAML within ``limits``; raise :class:`PolicyError` listing every problem."""
    try:
        data = load_bounded(text, loader=_StrictLoader, limits=limits)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "$"
        problem = clip(str(getattr(exc, "problem", None) or exc), 300)
        if not isinstance(exc, YamlTooLarge):
            problem = f"YAML 语法错误 syntax error: {problem}"
        raise PolicyError([(where, problem)], source) from None
    try:
        return _validate(data, source)
    except RecursionError:
        # The YAML's nesting is bounded; what remains is a chain the checks follow, such as a ladder
        # of thousands of levels. Refused like any other problem rather than a traceback.
        raise PolicyError([("$", "策略过于复杂，无法校验 the policy is too large to check")], source) from None


def _validate(data: Any, source: str) -> Policy:
    if not isinstance(data, Mapping):
        raise PolicyError([("$", "策略应为 YAML 映射 a policy must be a YAML mapping")], source)
    problems: list[tuple[str, str]] = []

    known_top = {"name", "version", "title", "tracks", "levels", "moves", "placement", "competencies",
                 "metrics", "evidence", "process", "common_criteria", "awards"}
    for k in sorted(set(map(str, data)) - known_top):
        problems.append((str(k), f"未知字段 unknown key; known: {', '.join(sorted(known_top))}"))

    name = data.get("name")
    if not isinstance(name, str) or not name:
        problems.append(("name", "缺少策略名称 missing policy name"))
        name = "?"
    raw_version = data.get("version", "1")
    if isinstance(raw_version, bool) or not isinstance(raw_version, (str, int, float)):
        problems.append(("version", f"版本应为字符串或数字 must be a string or a number, got {shown(raw_version)}"))
        raw_version = "?"
    version = str(raw_version)
    title = _text(data.get("title"), "title", problems, fallback=name)

    # Tracks
    tracks: dict[str, Track] = {}
    for tcode, v in _mapping(data, "tracks", "$", problems).items():
        path = f"tracks.{tcode}"
        kind = TrackKind.SKILL
        if isinstance(v, Mapping):
            _unknown_keys(v, _TRACK_KEYS, path, problems)
            raw_kind = v.get("kind", TrackKind.SKILL.value)
            if raw_kind in tuple(TrackKind):
                kind = TrackKind(raw_kind)
            else:
                problems.append((f"{path}.kind", f"未知通道类型 unknown track kind {shown(raw_kind)}; "
                                                 f"allowed: {', '.join(TrackKind)}"))
        tracks[str(tcode)] = Track(str(tcode), _text(v, path, problems, fallback=str(tcode)), kind)

    # Levels
    levels: dict[str, Level] = {}
    raw_levels = data.get("levels")
    if not isinstance(raw_levels, list) or not raw_levels:
        problems.append(("levels", "缺少职级列表 missing list of levels"))
        raw_levels = []
    for path, lv in _mappings(raw_levels, "levels", problems):
        _unknown_keys(lv, _LEVEL_KEYS, path, problems)
        code = lv.get("code")
        if not isinstance(code, str) or not code:
            problems.append((f"{path}.code", "缺少职级代码 missing level code"))
            continue
        if code in levels:
            problems.append((f"{path}.code", f"职级代码重复 duplicate level code {shown(code)}"))
            continue
        track = lv.get("track")
        if not among(track, tracks):
            problems.append((f"{path}.track", f"未知通道 unknown track {shown(track)}; declared: {', '.join(tracks)}"))
        allowance = lv.get("allowance", 0)
        if isinstance(allowance, bool) or not isinstance(allowance, (int, float)) or allowance < 0:
            problems.append((f"{path}.allowance", f"津贴应为非负数 allowance must be a non-negative number, got {shown(allowance)}"))
            allowance = 0
        levels[code] = Level(
            code=code,
            name=Text(str(lv.get("zh") or code), str(lv.get("en") or lv.get("zh") or code)),
            track=str(track),
            tier=_int(lv.get("tier"), f"{path}.tier", problems),
            grade=_int(lv.get("grade"), f"{path}.grade", problems),
            allowance=float(allowance),
            duties=_texts(lv.get("duties"), f"{path}.duties", problems),
            kpis=_texts(lv.get("kpis"), f"{path}.kpis", problems),
        )
        if not lv.get("zh"):
            problems.append((f"{path}.zh", "缺少中文名称 missing Chinese name"))

    # Competencies and metrics
    competencies = {str(c): _text(v, f"competencies.{c}", problems, fallback=str(c))
                    for c, v in _mapping(data, "competencies", "$", problems, required=False).items()}
    metrics: dict[str, Metric] = {}
    for code, v in _mapping(data, "metrics", "$", problems, required=False).items():
        path = f"metrics.{code}"
        if isinstance(v, Mapping):
            metrics[str(code)] = Metric(str(code), _text(v, path, problems, fallback=str(code)),
                                        bool(v.get("rate", False)))
        else:
            metrics[str(code)] = Metric(str(code), _text(v, path, problems, fallback=str(code)))

    # Evidence settings: the window and the code lists evidence is recorded with
    ev = _mapping(data, "evidence", "$", problems, required=False)
    _unknown_keys(ev, _EVIDENCE_KEYS, "evidence", problems)
    d = EvidenceSettings()
    leave_types = _codes(ev.get("leave_types"), "evidence.leave_types", problems, d.leave_types)
    evidence = EvidenceSettings(
        window_months=_count(ev.get("window_months"), "evidence.window_months", problems, d.window_months, 1),
        leave_types=leave_types,
        exempt_leave_types=_subset(ev.get("exempt_leave_types"), "evidence.exempt_leave_types", problems,
                                   tuple(t for t in d.exempt_leave_types if t in leave_types),
                                   leave_types, "假期类型 leave type"),
        exam_types=_codes(ev.get("exam_types"), "evidence.exam_types", problems, d.exam_types),
        incident_types=_codes(ev.get("incident_types"), "evidence.incident_types", problems, d.incident_types),
        training_programs=_codes(ev.get("training_programs"), "evidence.training_programs", problems,
                                 d.training_programs),
        praise_sources=_codes(ev.get("praise_sources"), "evidence.praise_sources", problems, d.praise_sources,
                              allowed=PRAISE_SOURCES),
        training_results=_codes(ev.get("training_results"), "evidence.training_results", problems,
                                d.training_results, allowed=TRAINING_RESULTS),
    )

    process = _parse_process(_mapping(data, "process", "$", problems, required=False), levels, metrics,
                             evidence, problems)

    pctx = ParseCtx(
        levels=set(levels),
        competencies=set(competencies),
        metrics=set(metrics),
        exam_types=set(evidence.exam_types),
        incident_types=set(evidence.incident_types),
        leave_types=set(evidence.leave_types),
        problems=problems,
    )
    common = parse_criteria(data.get("common_criteria") or [], "common_criteria", pctx)
    common_ids = {c.id for c in common}

    # Moves
    moves: list[Move] = []
    raw_moves = data.get("moves")
    if not isinstance(raw_moves, list):
        problems.append(("moves", "缺少晋升路径列表 missing list of moves"))
        raw_moves = []
    move_ids: set[str] = set()
    for path, mv in _mappings(raw_moves, "moves", problems):
        unknown = sorted(set(mv) - {"id", "from", "to", "type", "criteria", "name", "appointed"})
        for k in unknown:
            problems.append((f"{path}.{k}", "未知字段 unknown key"))
        frm, to = mv.get("from"), mv.get("to")
        ok = True
        for key, code in (("from", frm), ("to", to)):
            if not among(code, levels):
                problems.append((f"{path}.{key}", f"未知职级 unknown level {shown(code)}"))
                ok = False
        mtype = mv.get("type", "promotion")
        if mtype not in ("promotion", "lateral"):
            problems.append((f"{path}.type", f"应为 promotion 或 lateral must be promotion or lateral, got {shown(mtype)}"))
            ok = False
        mid = mv.get("id") or f"{frm}_to_{to}"
        if among(mid, move_ids):
            problems.append((f"{path}.id", f"路径 id 重复 duplicate move id {shown(mid)}"))
        move_ids.add(str(mid))
        if "criteria" not in mv:
            problems.append((f"{path}.criteria", "缺少条件 missing criteria"))
        crit = parse_criteria(mv.get("criteria") or [], f"{path}.criteria", pctx)
        for j, c in enumerate(crit):
            if c.id in common_ids:
                problems.append((f"{path}.criteria[{j}].id", f"与通用条件 id 冲突 clashes with common criterion {shown(c.id)}"))
        appointed = mv.get("appointed", False)
        if not isinstance(appointed, bool):
            problems.append((f"{path}.appointed", "应为 true/false must be a boolean"))
            appointed = False
        if ok:
            moves.append(Move(str(mid), str(frm), str(to), mtype, crit,
                              _text(mv["name"], f"{path}.name", problems) if "name" in mv else None, appointed))
            _check_move_shape(moves[-1], levels, tracks, path, problems)

    _check_cycles(moves, raw_moves, problems)

    # Initial placement
    placement: list[PlacementStandard] = []
    raw_pl = data.get("placement") or []
    if not isinstance(raw_pl, list):
        problems.append(("placement", "应为列表 must be a list"))
        raw_pl = []
    for path, st in _mappings(raw_pl, "placement", problems):
        code = st.get("level")
        if not among(code, levels):
            problems.append((f"{path}.level", f"未知职级 unknown level {shown(code)}"))
            continue
        placement.append(PlacementStandard(str(code), parse_criteria(st.get("criteria") or [], f"{path}.criteria", pctx)))

    if evidence.training_programs:
        for key in ("common_criteria", "moves", "placement"):
            _check_programs(data.get(key), key, evidence.training_programs, problems)

    awards = parse_awards(data.get("awards"), metrics=metrics, incident_types=evidence.incident_types,
                          business_targets=process.business_targets, problems=problems)

    if problems:
        raise PolicyError(problems, source)
    return Policy(
        name=name, version=version, title=title, tracks=tracks, levels=levels, moves=tuple(moves),
        placement=tuple(placement), competencies=competencies, metrics=metrics, evidence=evidence,
        process=process, common_criteria=common, awards=awards,
    )



def _parse_process(pr: Mapping[str, Any], levels: Mapping[str, Level], metrics: Mapping[str, Metric],
                   evidence: EvidenceSettings, problems: Problems) -> ProcessSettings:
    """The ``process`` section; every key is typed and an unknown key is an error."""
    _unknown_keys(pr, _PROCESS_KEYS, "process", problems)
    dp = ProcessSettings()
    weights = _number_map(pr.get("scoring_weights", dict(dp.scoring_weights)))
    if weights is None or set(weights) != {"business", "exam", "appraisal"} or min(weights.values()) < 0:
        problems.append(("process.scoring_weights", "应为 {business, exam, appraisal} 的非负权重 must give non-negative "
                         "weights for business, exam and appraisal"))
        weights = dict(dp.scoring_weights)
    elif abs(sum(weights.values()) - 1.0) > 1e-6:
        problems.append(("process.scoring_weights", f"权重之和应为 1 weights must sum to 1, got {sum(weights.values())}"))
    allow_exc = pr.get("allow_exceptions", dp.allow_exceptions)
    if not isinstance(allow_exc, bool):
        problems.append(("process.allow_exceptions", "应为 true/false must be a boolean"))
        allow_exc = False
    # Without explicit targets, the default 500票/60万 applies to whichever of those metrics exist.
    targets = _number_map(pr.get("business_targets", {k: v for k, v in dp.business_targets.items() if k in metrics}))
    if targets is None or any(v <= 0 for v in targets.values()):
        problems.append(("process.business_targets", "应为 {指标: 正数} must map metrics to positive monthly targets"))
        targets = {}
    for k in targets:
        if k not in metrics:
            problems.append((f"process.business_targets.{k}", f"未知指标 unknown metric {shown(k)}"))
    score_exam = pr.get("score_exam", dp.score_exam)
    if not isinstance(score_exam, str) or score_exam not in evidence.exam_types:
        problems.append(("process.score_exam", f"未知考试 unknown exam {shown(score_exam)}; "
                                               f"declared: {', '.join(evidence.exam_types)}"))
        score_exam = dp.score_exam
    # The deduction defaults name the default ladder's levels: a ladder without them deducts nothing
    # unless it says whose allowance an incident withholds.
    deduct_default = tuple(lv for lv in dp.deduct_allowance_levels if lv in levels)
    incidents = evidence.incident_types

    def known_incidents(defaults: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(t for t in defaults if t in incidents)

    bonus = pr.get("bonus_points", dp.bonus_points)
    if isinstance(bonus, bool) or not isinstance(bonus, (int, float)) or not 0 <= bonus <= 100:
        problems.append(("process.bonus_points", f"应为 0–100 的数 must be a number 0–100, got {shown(bonus)}"))
        bonus = dp.bonus_points
    return ProcessSettings(
        bonus_points=float(bonus),
        notice_working_days=_count(pr.get("notice_working_days"), "process.notice_working_days", problems,
                                   dp.notice_working_days, 1),
        nomination_working_days=_count(pr.get("nomination_working_days"), "process.nomination_working_days",
                                       problems, dp.nomination_working_days, 1),
        placement_review_working_days=_count(pr.get("placement_review_working_days"),
                                             "process.placement_review_working_days", problems,
                                             dp.placement_review_working_days, 1),
        review_steps=_review_steps(pr.get("review_steps"), "process.review_steps", problems, dp.review_steps,
                                   INDIVIDUAL_REVIEW_STEPS),
        cycle_review_steps=_review_steps(pr.get("cycle_review_steps"), "process.cycle_review_steps", problems,
                                         dp.cycle_review_steps, CYCLE_REVIEW_STEPS),
        scoring_weights=weights,
        business_targets=targets,
        score_exam=score_exam,
        allow_exceptions=allow_exc,
        probation_months=_count(pr.get("probation_months"), "process.probation_months", problems,
                                dp.probation_months, 0),
        probation_plan=parse_probation_plan(pr.get("probation_plan"), "process.probation_plan", problems,
                                            levels=levels, programs=evidence.training_programs),
        deduct_allowance_levels=_subset(pr.get("deduct_allowance_levels"), "process.deduct_allowance_levels",
                                        problems, deduct_default, levels, "职级 level"),
        deduct_allowance_incidents=_subset(pr.get("deduct_allowance_incidents"),
                                           "process.deduct_allowance_incidents", problems,
                                           known_incidents(dp.deduct_allowance_incidents), incidents,
                                           "事故类型 incident type"),
        demotion_incidents=_subset(pr.get("demotion_incidents"), "process.demotion_incidents", problems,
                                   known_incidents(dp.demotion_incidents), incidents, "事故类型 incident type"),
    )

def _check_programs(node: Any, path: str, programs: Mapping[str, Text], problems: Problems) -> None:
    """Every training program a criterion counts must be declared (once the policy declares any)."""
    if isinstance(node, list):
        for i, x in enumerate(node):
            _check_programs(x, f"{path}[{i}]", programs, problems)
        return
    if not isinstance(node, Mapping):
        return
    where = node.get("where")
    if node.get("evidence") == "trainings" and isinstance(where, Mapping) and "program" in where:
        values = where["program"] if isinstance(where["program"], list) else [where["program"]]
        for v in values:
            if not among(v, programs):
                problems.append((f"{path}.where.program", f"未声明的培训项目 undeclared training program {shown(v)}; "
                                                          f"declared: {', '.join(programs)}"))
    for key in ("criteria", "criterion"):
        if key in node:
            _check_programs(node[key], f"{path}.{key}", programs, problems)


def _check_move_shape(move: Move, levels: Mapping[str, Level], tracks: Mapping[str, Track], path: str,
                      problems: Problems) -> None:
    a, b = levels[move.from_level], levels[move.to_level]
    if move.from_level == move.to_level:
        problems.append((f"{path}.to", "起止职级相同 a move must change level"))
    elif move.type == "promotion" and b.grade != a.grade + 1:
        # 逐级晋升，不得跨级: a promotion goes exactly one grade up.
        problems.append((f"{path}.to", f"跨级晋升 the move skips a level: {a.code} (grade {a.grade}) → "
                                        f"{b.code} (grade {b.grade}); promotions go one grade up"))
    elif move.type == "lateral" and (a.tier != b.tier or a.track == b.track):
        problems.append((f"{path}.to", f"横向调整须同层级、不同通道 a lateral move stays in the tier and changes "
                                        f"track: {a.code} (tier {a.tier}, {a.track}) → {b.code} (tier {b.tier}, {b.track})"))
    elif move.type == "lateral" and tracks and a.track in tracks and b.track in tracks and (
            (tracks[a.track].kind == TrackKind.MANAGEMENT) == (tracks[b.track].kind == TrackKind.MANAGEMENT)):
        # 管理类与技能类转换: a lateral move converts between a management post and a specialist level.
        problems.append((f"{path}.to", f"横向调整须在管理通道与非管理通道之间 a lateral move goes between a management "
                                        f"track and another kind: {a.track} ({tracks[a.track].kind}) → "
                                        f"{b.track} ({tracks[b.track].kind})"))


def _check_cycles(moves: list[Move], raw: list[Any], problems: list[tuple[str, str]]) -> None:
    """Promotions must form a ladder: following them can never return to a level."""
    graph: dict[str, list[str]] = {}
    for m in moves:
        if m.type == "promotion":
            graph.setdefault(m.from_level, []).append(m.to_level)
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return [*trail[trail.index(nxt):], nxt] if nxt in trail else [*trail, nxt]
            if state.get(nxt) is None:
                found = visit(nxt, [*trail, nxt])
                if found:
                    return found
        state[node] = 2
        return None

    for start in sorted(graph):
        if state.get(start) is None:
            cycle = visit(start, [start])
            if cycle:
                problems.append(("moves", f"晋升路径成环 the ladder has a cycle: {' → '.join(cycle)}"))
                return
