"""Target: which actor group does a frame mention characterise?

The rule, applied to every mention in this order (``target_rule`` records which
branch decided; ``target`` is ``""`` when none did):

``self``
    An actor mention (``kind == "actor"``) targets its own group: its
    ``category``.
a) ``label``
    A frame or title mention whose lexicon entry names a group (``refers_to``
    set, e.g. الجماعات الإرهابية → jihadists, كتائب الثوار → islamist_brigades)
    targets that group.
b) ``adjacent``
    Else an *anchor* — an actor mention, or a frame/title mention with
    ``refers_to`` — in the same clause that touches the mention, as in an idafa
    or noun–adjective construct: ميليشيات حفتر, قوات حفتر (anchor after),
    الإخوان المتطرفين (anchor before). Title mentions between the two are
    transparent (ميليشيات المشير حفتر). Preference: an anchor overlapping the
    mention, then the next one (Arabic idafa: the possessor follows), then the
    previous one (adjectives follow their noun).
c) ``nearest``
    Else the nearest anchor in the same sentence. Sort keys, in order: an
    anchor in the same clause before one in another clause; fewer tokens
    between them; on a tie the *preceding* anchor (Arabic modifiers and
    appositions follow what they qualify); then the earlier anchor.
    *Contrast*: when that nearest anchor is itself a frame term naming its
    group with the opposite pole (``POLARITY``: legitimising / revolution +1,
    terrorism / delegitimising −1) — "تصد القوات الحكومية هجوم المليشيات",
    "تقدم الجيش الوطني نحو مواقع الميليشيات" — the mention is about the other
    camp: the anchor group's opponent (rule ``contrast``). An author does not
    call one side both the legitimate forces and the militias in a sentence.
    A liberation verb (تحرير، تطهير، تخليص; a ``liberation`` column, from
    :func:`liberation_verbs`) takes the nearest anchor *before* it — the
    liberator — never one after it, which is what a city is liberated from.
    *Outside parties* (the UN, Egypt, Turkey, the Gulf states, the West,
    Russia, the Arab League: ``outside_parties`` in
    ``framing/data/opposition_cues.yaml``) are never the nearest anchor: a
    label beside "the UN envoy" or "Cairo" characterises a Libyan side, not
    them; they are still targets when adjacent (مرتزقة أردوغان).
   *Opposition guard*: a frame mention governed by an opposition cue in the
   few words before it (ضد، مواجهة، الحرب على، تطهير … من — the list is data,
   ``framing/data/opposition_cues.yaml``) is the object of someone's action:
   in "تطهير بنغازي من الإرهابيين" the terrorists are the opponents of the
   sentence's actor, not that actor. Such a mention never takes the nearest
   anchor; rules a) and b) still apply (ضد ميليشيات حفتر → haftar).
   Cues are words (ضد، مواجهة، الحرب على، محاربة …), a liberation verb
   before من (تحرير … من), or من before a noun of grip (من أيدي / قبضة /
   سيطرة / براثن Y). Give the cue per mention in an ``opposed`` column
   (:func:`opposition_cues`).
   *Narrowed* (issue 15, the tune half of the hand-coded real mentions; the
   data is in ``framing/data/opposition_cues.yaml``, :func:`load_narrowing`):
   a word of ``nearest_narrowed_families`` (terrorism, revolution,
   legitimising) takes the nearest anchor only in its own clause (else no
   target); an anchor *after* the word beyond an opposition cue or a
   liberation verb that follows it (الميليشيات تشن هجوما على قوات حفتر) is the
   object of the word's fight, never its referent (``cue_after``,
   :func:`cues_after`); an *event* name (ثورة فبراير، الربيع العربي:
   ``events``) takes no nearest anchor, no opponent and no anaphora; a
   terrorism-family word after a verb of naming or accusing in its clause
   (ما يسميه الإرهاب، يتهم … بأنهم: ``naming``) is governed, like an opposition
   cue.
c'') ``default``
   A frame name with a default referent (``default_referents``: الجيش الليبي →
   haftar) with no label takes an adjacent anchor or, by ``contrast``, the
   other camp (label inversion: وقال الجيش الليبي إن ميليشيات حفتر …);
   otherwise its default group. It is an anchor of that group for the words
   around it (so the objects of its fight take its opponent).
c') ``opponent``
   A governed frame mention without a label or adjacent anchor is the object
   of the fight of its subject — the nearest anchor *before* it in its
   sentence whose group has a declared opponent (``opponents`` in the YAML): the object of Haftar's fight is his adversary (``haftar`` →
   ``haftar_adversaries``: "الجيش الوطني يواصل تقدمه لتحرير العاصمة من
   الميليشيات"), and the object of his adversaries' fight is his camp. With
   no such subject, a word of a family of ``opponent_without_subject``
   (terrorism → haftar_adversaries) governed by a cue of a fight takes that
   group (rule ``opponent``); otherwise — and always after a verb of naming,
   whose namer is unknown — ``target_rule`` is ``opposed`` with no target, an
   honest blank rather than the wrong side.
e) ``anaphora``
    Else, a frame mention takes the group that the last *explicit* frame
    mention of its category in the article named (by its label or an adjacent
    anchor): after "ميليشيات حفتر" a later bare "الميليشيات" is his; after
    "ميليشيات الوفاق", the GNA's. Nothing else is an antecedent.
d) ``none``
    Else no target (``""``).

A clause runs between the clause breaks of :func:`framing.voice.clause_breaks`
(``، , ؛ ; : . ! ? ؟ – — ( )`` …, or ``framing.arabic.clause_breaks`` once that
exists). Give a ``clause`` column, or ``start`` offsets plus the article
``text`` and the clause numbers are computed.

Token spans are half-open: ``[token_start, token_end)``.

Example
-------
>>> import pandas as pd
>>> m = pd.DataFrame({
...     "kind": ["frame", "actor", "frame"],
...     "sentence": [0, 0, 0], "clause": [0, 0, 0],
...     "token_start": [3, 4, 7], "token_end": [4, 5, 8],
...     "category": ["militia", "haftar", "terrorism"],
...     "refers_to": ["", "", "jihadists"],
... })
>>> add_targets(m)[["target", "target_rule"]].values.tolist()
[['haftar', 'adjacent'], ['haftar', 'self'], ['jihadists', 'label']]
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from framing.errors import FramingError
from framing.voice import clause_ids

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

KINDS = ("frame", "actor", "title")
#: the pole of a frame family: names that honour (+1) or brand (−1) what they name
POLARITY = {"legitimising": 1, "revolution": 1, "terrorism": -1, "delegitimising": -1}
TARGET_RULES = ("self", "label", "adjacent", "nearest", "contrast", "default", "opponent",
                "anaphora", "opposed", "none")
_REQUIRED = ("kind", "sentence", "token_start", "token_end", "category")


def _text_col(s: pd.Series) -> pd.Series:
    """Strings with missing values as ``""``."""
    return s.astype(object).where(s.notna(), "").astype(str).str.strip()


def add_targets(mentions: pd.DataFrame, text: str | None = None) -> pd.DataFrame:
    """The mentions with ``target`` and ``target_rule`` columns (see the module rule).

    Parameters
    ----------
    mentions
        One row per mention with columns ``kind`` (frame | actor | title),
        ``sentence``, ``token_start``, ``token_end`` (half-open), ``category``,
        optionally ``refers_to`` (missing/empty = none), ``article`` (mentions
        are only linked within one article) and ``clause``.
    text
        The article text, needed only when there is no ``clause`` column: the
        clause of each mention is then computed from its ``start`` offset.

    Returns
    -------
    DataFrame
        A copy with ``target`` (an actor group or ``""``) and ``target_rule``
        (in :data:`TARGET_RULES`); row order and index kept.

    Raises
    ------
    FramingError
        On missing columns or an unknown ``kind``.

    Example
    -------
    >>> import pandas as pd
    >>> t = "ميليشيات حفتر، الإرهابيين"
    >>> m = pd.DataFrame({"kind": ["frame", "actor", "frame"], "sentence": [0, 0, 0],
    ...                   "start": [0, 9, 15], "token_start": [0, 1, 2], "token_end": [1, 2, 3],
    ...                   "category": ["militia", "haftar", "terrorism"]})
    >>> add_targets(m, t)["target_rule"].tolist()
    ['adjacent', 'self', 'nearest']
    """
    import numpy as np  # lazy: keep `import framing` light
    import pandas as pd

    missing = [c for c in _REQUIRED if c not in mentions.columns]
    if missing:
        raise FramingError(f"add_targets: mentions table lacks columns {missing}")
    bad = sorted(set(mentions["kind"].astype(str)) - set(KINDS))
    if bad:
        raise FramingError(f"add_targets: unknown mention kind(s) {bad}; expected one of {KINDS}")

    out = mentions.copy()
    df = pd.DataFrame(
        {
            "row": np.arange(len(out)),
            "kind": out["kind"].astype(str).to_numpy(),
            "sentence": out["sentence"].to_numpy(),
            "ts": out["token_start"].astype(int).to_numpy(),
            "te": out["token_end"].astype(int).to_numpy(),
            "category": _text_col(out["category"]).to_numpy(),
            "refers_to": (
                _text_col(out["refers_to"]).to_numpy() if "refers_to" in out.columns else ""
            ),
            "article": out["article"].to_numpy() if "article" in out.columns else 0,
            "pole": [POLARITY.get(f, 0) if k == "frame" else 0 for k, f in zip(
                out["kind"].astype(str), _text_col(out["family"]) if "family" in out.columns
                else [""] * len(out))],
            "family": _text_col(out["family"]).to_numpy() if "family" in out.columns else "",
            "entry_id": _text_col(out["entry_id"]).to_numpy() if "entry_id" in out.columns else "",
        }
    )
    if "clause" in out.columns:
        df["clause"] = out["clause"].to_numpy()
    elif text is not None and "start" in out.columns:
        if "article" in out.columns and out["article"].nunique() > 1:
            raise FramingError(
                "add_targets: one text for mentions of several articles; give a 'clause' column"
            )
        df["clause"] = clause_ids(text, out["start"].astype(int).tolist())
    else:
        raise FramingError("add_targets: need a 'clause' column, or 'start' offsets and the article text")

    # the group a mention names by itself (anchors have one)
    actor = df["kind"] == "actor"
    own = np.where(actor, df["category"], df["refers_to"])
    df["own"] = own
    target = pd.Series(np.where(df["own"] != "", df["own"], ""), index=df.index, dtype=object)
    rule = pd.Series(
        np.where(actor, "self", np.where(df["own"] != "", "label", "none")), index=df.index, dtype=object
    )

    opposed = (
        _text_col(out["opposed"]).to_numpy() != "" if "opposed" in out.columns
        else np.zeros(len(out), dtype=bool)
    )
    df["opposed"] = opposed
    df["naming"] = (out["naming"].fillna(False).astype(bool).to_numpy()
                    if "naming" in out.columns else np.zeros(len(out), dtype=bool))
    df["cue_after"] = (out["cue_after"].fillna(-1).astype(int).to_numpy()
                       if "cue_after" in out.columns else np.full(len(out), -1))
    df["liberation"] = (out["liberation"].fillna(False).astype(bool).to_numpy()
                        if "liberation" in out.columns else np.zeros(len(out), dtype=bool))
    narrowing = load_narrowing()
    # rule `default`: a frame name with a default referent (الجيش الليبي → haftar)
    # is an anchor of that group for the others; its own target is decided below
    default = np.array([narrowing.defaults.get(e, "") if k == "frame" and o == "" else ""
                        for e, k, o in zip(df["entry_id"], df["kind"], df["own"])], dtype=object)
    event = df["entry_id"].isin(narrowing.events).to_numpy()
    rule[(df["own"] == "") & df["opposed"] & ~event] = "opposed"  # an event has no opponent
    todo = df[df["own"] == ""]
    anchors = df.assign(own=np.where(default != "", default, df["own"]))
    anchors = anchors[anchors["own"] != ""]
    if len(todo) and len(anchors):
        keys = ["article", "sentence"]
        pairs = todo.merge(anchors, on=keys, suffixes=("", "_a"))
        pairs = pairs[pairs["row"] != pairs["row_a"]]  # a default name is no anchor for itself
        if len(pairs):
            # token positions covered by title mentions are transparent for adjacency
            titles = df[df["kind"] == "title"]
            title_tokens: dict[object, set[int]] = {}
            for art, ts, te in zip(titles["article"], titles["ts"], titles["te"]):
                title_tokens.setdefault(art, set()).update(range(int(ts), int(te)))

            after = pairs["ts_a"] >= pairs["te"]
            before = pairs["te_a"] <= pairs["ts"]
            gap = np.where(
                after, pairs["ts_a"] - pairs["te"], np.where(before, pairs["ts"] - pairs["te_a"], -1)
            )
            lo = np.where(after, pairs["te"], pairs["te_a"])
            hi = np.where(after, pairs["ts_a"], pairs["ts"])
            eff_gap = gap.copy()
            for k in np.flatnonzero(gap > 0):
                tt = title_tokens.get(pairs["article"].iat[k], ())
                if tt:
                    eff_gap[k] = sum(1 for j in range(int(lo[k]), int(hi[k])) if j not in tt)
            same_clause = (pairs["clause"] == pairs["clause_a"]).to_numpy()
            overlap = gap < 0
            # rank: 0 overlap, 1 adjacent next, 2 adjacent previous,
            #       3 nearest in the same clause, 4 nearest in another clause
            adjacent = same_clause & (eff_gap == 0)
            rank = np.select(
                [overlap, adjacent & after.to_numpy(), adjacent & before.to_numpy(), same_clause],
                [0, 1, 2, 3],
                default=4,
            )
            # the opposition guard: no nearest-anchor link for a governed frame term;
            # outside parties are never the nearest anchor; a liberation verb's
            # nearest anchor is before it (the liberator), never after (the one
            # it liberates from)
            outside, _ = load_target_rules()
            liberation = (pairs["liberation"].to_numpy() if "liberation" in pairs.columns
                          else np.zeros(len(pairs), dtype=bool))
            # event names (ثورة فبراير) take no nearest anchor (Narrowing.events)
            # an anchor after an opposition cue that follows the word is the
            # object of the word's fight (cue_after, from cues_after)
            cue_after = (pairs["cue_after"].to_numpy() if "cue_after" in pairs.columns
                         else np.full(len(pairs), -1))
            beyond = after.to_numpy() & (cue_after >= 0) & (cue_after < pairs["ts_a"].to_numpy())
            blocked = (pairs["opposed"].to_numpy() | pairs["own_a"].isin(outside).to_numpy()
                       | (liberation & after.to_numpy()) | beyond
                       | pairs["entry_id"].isin(narrowing.events).to_numpy()) & (rank >= 3)
            # contrast: a nearest anchor that names its group with the opposite
            # pole (القوات الحكومية … المليشيات) points to the other camp
            _, opponents = load_target_rules()
            contrast = ((rank >= 3) & (pairs["pole"].to_numpy() * pairs["pole_a"].to_numpy() < 0)
                        & pairs["own_a"].isin(list(opponents)).to_numpy())
            pairs = pairs.assign(own_a=np.where(contrast, pairs["own_a"].map(opponents),
                                                pairs["own_a"]), _contrast=contrast)
            pairs = pairs.assign(
                _rank=rank,
                _gap=np.where(overlap, 0, gap),
                _after=after.to_numpy().astype(int),  # ties → the preceding anchor
            )
            pairs = pairs[~blocked]
            best = (
                pairs.sort_values(["row", "_rank", "_gap", "_after", "ts_a", "te_a"], kind="mergesort")
                .drop_duplicates("row")
                .set_index("row")
            )
            target.loc[best.index] = best["own_a"].to_numpy()
            rule.loc[best.index] = np.where(best["_rank"] <= 2, "adjacent",
                                            np.where(best["_contrast"], "contrast", "nearest"))
            # nearest, narrowed: a word of Narrowing.nearest_families takes the
            # nearest anchor only in its own clause (rank 3); else no target
            far = (best["_rank"] == 4) & ~best["_contrast"] & best["family"].isin(
                narrowing.nearest_families)
            if far.any():
                target.loc[best.index[far]] = ""
                rule.loc[best.index[far]] = "none"
    # rule `default`: a default name left without an adjacent anchor or a
    # contrast takes its default group (before the opponent pass)
    for k in np.flatnonzero(default != ""):
        if rule.iat[k] not in ("adjacent", "contrast"):
            target.iat[k], rule.iat[k] = default[k], "default"
    # the object of a fight: the opponent of its subject
    _opponent_pass(df, anchors, target, rule)

    # anaphora: a frame label left without a target takes the group that the
    # last explicit (label / adjacent) frame mention of its category named
    frame = (df["kind"] == "frame").to_numpy()
    if frame.any():
        targets, rules = target.to_numpy().copy(), rule.to_numpy().copy()
        order = np.lexsort((df["ts"].to_numpy(), df["article"].astype(str).to_numpy()))
        named: dict[tuple, str] = {}
        articles, categories = df["article"].to_numpy(), df["category"].to_numpy()
        for k in order:
            if not frame[k] or event[k]:  # an event name is no antecedent-taker
                continue
            key = (articles[k], categories[k])
            if targets[k] and rules[k] in ("label", "adjacent"):
                named[key] = targets[k]
            elif not targets[k] and key in named:
                targets[k], rules[k] = named[key], "anaphora"
        target = pd.Series(targets, index=df.index, dtype=object)
        rule = pd.Series(rules, index=df.index, dtype=object)

    out["target"] = target.to_numpy().tolist()
    out["target_rule"] = rule.to_numpy().tolist()
    return out


def _opponent_pass(df, anchors, target, rule) -> None:
    """Rule c'): a governed frame mention left without a target (``opposed``)
    takes the opponent of its subject — the nearest anchor before it in its
    sentence whose group has a declared opponent. (Reaching back to earlier
    sentences was tried on the tune half and made both indices worse.) With
    no such party, the group ``Narrowing.unsubjected`` gives its family."""
    import numpy as np

    _, opponents = load_target_rules()
    left = (rule == "opposed").to_numpy()
    if not left.any():
        return
    parties = anchors[anchors["own"].isin(list(opponents))]
    cands = df[left].merge(parties, on=["article", "sentence"], suffixes=("", "_a"))
    cands = cands[cands["te_a"] <= cands["ts"]]
    if len(cands):
        subject = (cands.assign(_gap=cands["ts"] - cands["te_a"])
                   .sort_values(["row", "_gap", "ts_a"], ascending=[True, True, False],
                                kind="mergesort")
                   .drop_duplicates("row").set_index("row"))
        index = df.index[subject.index.to_numpy()]
        target.loc[index] = [opponents[g] for g in subject["own_a"]]
        rule.loc[index] = "opponent"
    # no party before it: the group of its family (Narrowing.unsubjected), if any,
    # for the object of a fight (not the complement of a verb of naming)
    unsubjected = load_narrowing().unsubjected
    for k in np.flatnonzero((rule == "opposed").to_numpy() & ~df["naming"].to_numpy()):
        group = unsubjected.get(df["family"].iat[k], "")
        if group:
            target.iat[k], rule.iat[k] = group, "opponent"


@lru_cache(maxsize=4)
def load_target_rules(path: str | None = None) -> tuple[frozenset[str], dict[str, str]]:
    """(outside parties, opponents): the actor groups that are never the nearest
    anchor, and each conflict party's opponent (the target of a label its fight
    governs), from ``framing/data/opposition_cues.yaml``."""
    import yaml

    from framing.lexicon import safe_load

    source = Path(path) if path else Path(str(resources.files("framing") / "data" /
                                              "opposition_cues.yaml"))
    try:
        data = safe_load(source.read_text(encoding="utf-8"))
        outside = frozenset(str(g) for g in data["outside_parties"])
        opponents = {str(k): str(v) for k, v in data["opponents"].items()}
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise FramingError(f"{source}: not a valid opposition-cue file ({error})") from None
    return outside, opponents


class Narrowing(NamedTuple):
    """The narrowings of the target rules measured on the hand-coded real
    mentions (issue 15), from ``framing/data/opposition_cues.yaml``:

    ``defaults``
        entry id → its default group (rule ``default``: الجيش الليبي → haftar);
    ``events``
        entry ids of event names (ثورة فبراير): label or adjacent anchor only;
    ``nearest_families``
        families whose words take the nearest anchor only before them in
        their own clause (rule ``nearest``);
    ``naming_families``, ``naming_verbs``
        a word of these families after a verb of naming or accusing in its
        clause (ما يسميه الإرهاب) is governed, like an opposition cue;
    ``unsubjected``
        family → group: a governed word of that family whose sentence names
        no party before it takes this group (rule ``opponent``).
    """

    defaults: dict[str, str]
    events: frozenset[str]
    nearest_families: frozenset[str]
    naming_families: frozenset[str]
    naming_verbs: frozenset[str]
    unsubjected: dict[str, str]


@lru_cache(maxsize=4)
def load_narrowing(path: str | None = None) -> Narrowing:
    """The :class:`Narrowing` of the opposition-cue file (normalised verbs).

    >>> load_narrowing().defaults["legitimising.libyan_army"]
    'haftar'
    """
    import yaml

    from framing.arabic import normalise
    from framing.lexicon import safe_load

    source = Path(path) if path else Path(str(resources.files("framing") / "data" /
                                              "opposition_cues.yaml"))
    try:
        data = safe_load(source.read_text(encoding="utf-8"))
        return Narrowing(
            {str(k): str(v) for k, v in data["default_referents"].items()},
            frozenset(str(e) for e in data["events"]),
            frozenset(str(f) for f in data["nearest_narrowed_families"]),
            frozenset(str(f) for f in data["naming"]["families"]),
            frozenset(normalise(v["word"]) for v in data["naming"]["verbs"]),
            {str(k): str(v) for k, v in data["opponent_without_subject"].items()},
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise FramingError(f"{source}: not a valid opposition-cue file ({error})") from None


@lru_cache(maxsize=4)
def load_opposition_cues(path: str | None = None) -> tuple[int, frozenset[str], frozenset[str], str]:
    """(window, cue stems, liberation verb stems, preposition), normalised, from the YAML."""
    import yaml

    from framing.arabic import normalise
    from framing.lexicon import safe_load

    source = Path(path) if path else Path(str(resources.files("framing") / "data" /
                                              "opposition_cues.yaml"))
    try:
        data = safe_load(source.read_text(encoding="utf-8"))
        window = int(data["window"])
        cues = frozenset(normalise(c["word"]) for c in data["cues"])
        verbs = frozenset(normalise(v["word"]) for v in data["liberation"]["verbs"])
        preposition = normalise(data["liberation"]["preposition"])
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise FramingError(f"{source}: not a valid opposition-cue file ({error})") from None
    return window, cues, verbs, preposition


@lru_cache(maxsize=4)
def load_grip_nouns(path: str | None = None) -> frozenset[str]:
    """The nouns of grip (أيدي، قبضة، سيطرة، براثن), normalised: after من they
    mark what follows as the object of a fight (من أيدي الميليشيات)."""
    import yaml

    from framing.arabic import normalise
    from framing.lexicon import safe_load

    source = Path(path) if path else Path(str(resources.files("framing") / "data" /
                                              "opposition_cues.yaml"))
    try:
        data = safe_load(source.read_text(encoding="utf-8"))
        return frozenset(normalise(c["word"]) for c in data["grip"]["nouns"])
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise FramingError(f"{source}: not a valid opposition-cue file ({error})") from None


def _is_cue(norm: str, stems: frozenset[str]) -> bool:
    from framing.arabic import analyse

    return norm in stems or any(a.stem in stems for a in analyse(norm))


def cues_after(tokens, mentions: pd.DataFrame, path: str | None = None) -> list[int]:
    """For each frame mention, the index of the first token after it in its
    clause that is an opposition cue word or a liberation verb (ضد، قصف، تحرير،
    يطهرون …), or -1. An anchor beyond it is the object of the fight the
    mention's word is the subject of (ثوار ليبيا يطهرون العاصمة من عصابات حفتر),
    never the word's nearest referent (:func:`add_targets`, ``cue_after``).

    >>> import pandas as pd
    >>> from framing.arabic import tokenise
    >>> tokens = tokenise("الثوار يطهرون العاصمة من عصابات حفتر")
    >>> cues_after(tokens, pd.DataFrame({"kind": ["frame"], "token_start": [0],
    ...                                  "token_end": [1]}))
    [1]
    """
    _, cues, verbs, _ = load_opposition_cues(path)
    found = []
    for kind, te in zip(mentions["kind"], mentions["token_end"]):
        at = -1
        if kind == "frame" and te < len(tokens):
            clause = tokens[te - 1].clause
            for i in range(te, len(tokens)):
                if tokens[i].clause != clause:
                    break
                if _is_cue(tokens[i].norm, cues) or _is_cue(tokens[i].norm, verbs):
                    at = i
                    break
        found.append(at)
    return found


def liberation_verbs(tokens, mentions: pd.DataFrame, path: str | None = None) -> list[bool]:
    """For each mention, whether it is a frame word that is a liberation verb
    of the opposition-cue file (تحرير، تطهير، تخليص, with its clitics)."""
    _, _, verbs, _ = load_opposition_cues(path)
    return [kind == "frame" and _is_cue(tokens[ts].norm, verbs)
            for kind, ts in zip(mentions["kind"], mentions["token_start"])]


def opposition_cues(tokens, mentions: pd.DataFrame, path: str | None = None) -> list[str]:
    """For each frame mention, the surface of the opposition cue governing it, or ``""``.

    A cue is a word of the cue list among the ``window`` tokens before the
    mention, in its clause; or the preposition من there, itself preceded
    (within ``window`` tokens, same clause) by a liberation verb (تحرير … من);
    or a noun of grip there right after من (من أيدي، من قبضة); or, for a word
    of ``Narrowing.naming_families`` (``family`` column), a verb of naming or
    accusing anywhere before it in its clause (:func:`naming_verb_before`).
    """
    window, cues, verbs, preposition = load_opposition_cues(path)
    grip = load_grip_nouns(path)
    narrowing = load_narrowing(path)
    families = (mentions["family"].astype(object).where(mentions["family"].notna(), "")
                if "family" in mentions.columns else [""] * len(mentions))
    found = []
    for kind, ts, family in zip(mentions["kind"], mentions["token_start"], families):
        cue = ""
        if kind == "frame":
            clause = tokens[ts].clause
            lo = max(0, ts - window)
            for i in range(ts - 1, lo - 1, -1):
                tok = tokens[i]
                if tok.clause != clause:
                    break
                if _is_cue(tok.norm, cues):
                    cue = tok.surface
                    break
                if (i > 0 and tokens[i - 1].clause == clause and tokens[i - 1].norm == preposition
                        and _is_cue(tok.norm, grip)):
                    cue = f"{tokens[i - 1].surface} {tok.surface}"
                    break
                if tok.norm == preposition:
                    for j in range(i - 1, max(0, i - window) - 1, -1):
                        if tokens[j].clause != clause:
                            break
                        if _is_cue(tokens[j].norm, verbs):
                            cue = f"{tokens[j].surface} … {tok.surface}"
                            break
                    if cue:
                        break
            if not cue and family in narrowing.naming_families:
                cue = naming_verb_before(tokens, ts, narrowing.naming_verbs)
        found.append(cue)
    return found


def naming_governed(tokens, mentions: pd.DataFrame, opposed: list[str],
                    path: str | None = None) -> list[bool]:
    """For each mention, whether its opposition cue (``opposed``, from
    :func:`opposition_cues`) is only a verb of naming: then the namer, not a
    fighter, governs it, and with no party before it it keeps no target
    (``Narrowing.unsubjected`` is for the objects of a fight)."""
    verbs = load_narrowing(path).naming_verbs
    return [bool(cue) and _is_cue(normalise_cue(cue), verbs) for cue in opposed]


def normalise_cue(surface: str) -> str:
    """The normalised form of a one-word cue surface (``""`` for a phrase)."""
    from framing.arabic import tokenise

    tokens = tokenise(surface)
    return tokens[0].norm if len(tokens) == 1 else ""


def naming_verb_before(tokens, ts: int, verbs: frozenset[str]) -> str:
    """The surface of a verb of naming or accusing before token ``ts`` in its
    clause (any distance), or ``""``: what follows it is said of the one named,
    not of the namer (``Narrowing.naming_verbs``).

    >>> from framing.arabic import tokenise
    >>> naming_verb_before(tokenise("يتهم حفتر خصومه بأنهم إرهابيون"), 4,
    ...                    load_narrowing().naming_verbs)
    'يتهم'
    """
    clause = tokens[ts].clause
    for i in range(ts - 1, -1, -1):
        if tokens[i].clause != clause:
            break
        if _is_cue(tokens[i].norm, verbs):
            return tokens[i].surface
    return ""


__all__ = ["KINDS", "TARGET_RULES", "Narrowing", "add_targets", "cues_after", "liberation_verbs",
           "load_narrowing", "naming_governed", "naming_verb_before", "load_grip_nouns",
           "load_opposition_cues",
           "load_target_rules", "opposition_cues"]
