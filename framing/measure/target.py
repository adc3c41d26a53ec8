"""Target: which actor group does a frame mention characterise?

The rules below are applied by :func:`framing.measure.engine.assign_targets`, one
function per rule: :func:`framing.measure.engine.choose_target` (b–c, contrast, the
opposition guard and its narrowings), :func:`framing.measure.engine.opponent_of_subject`
(c'), :func:`framing.measure.engine.resolve_anaphora` (e), with the cue of
:func:`framing.measure.engine.opposition_cue`. This module holds their data (the
opposition-cue file); :func:`framing.measure.apply.add_targets` applies the
same rules to a table.

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
    previous one (adjectives follow their noun). A word joined by the
    conjunction و to an anchor just before it (at most three tokens between)
    stands with that anchor (قوات الحكومة في طرابلس والمليشيات المناصرة لها),
    or, after بين, against it: the anchor's opponent, rule ``contrast``
    (اشتباكات بين قوات حفتر وثوار المدينة;
    :func:`framing.measure.engine.conjunct_of`).
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
    A liberation verb (تحرير، تطهير، تخليص; for :func:`~framing.measure.apply.add_targets`, a
    ``liberation`` column) takes the nearest anchor *before* it — the
    liberator — never one after it, which is what a city is liberated from.
    *Outside parties* (the UN, Egypt, Turkey, the Gulf states, the West,
    Russia, the Arab League: ``outside_parties`` in
    ``framing/data/opposition_cues.yaml``) are never the nearest anchor: a
    label beside "the UN envoy" or "Cairo" characterises a Libyan side, not
    them; they are still targets when adjacent (مرتزقة أردوغان), and when
    named right after في at most one word after the mention (``locative`` in
    the YAML, :func:`framing.measure.engine.located_in`): الانقلاب في مصر is
    Egypt's coup, not a brand of Haftar's war (eleventh session, from the
    blind-coded mentions of copy comparing him with Sisi).
   *Opposition guard*: a frame mention governed by an opposition cue in the
   few words before it (ضد، مواجهة، الحرب على، تطهير … من — the list is data,
   ``framing/data/opposition_cues.yaml``) is the object of someone's action:
   in "تطهير بنغازي من الإرهابيين" the terrorists are the opponents of the
   sentence's actor, not that actor. Such a mention never takes the nearest
   anchor; rules a) and b) still apply (ضد ميليشيات حفتر → haftar). A
   liberation word itself (تحرير، تطهير) is never governed: it is the act of
   the sentence's subject ("أطلق حفتر هجوما لتحرير درنة"), not the object
   of the fight.
   Cues are words (ضد، مواجهة، الحرب على، محاربة …), a liberation verb
   before من (تحرير … من), or من before a noun of grip (من أيدي / قبضة /
   سيطرة / براثن Y) — :func:`framing.measure.engine.opposition_cue`. For
   :func:`~framing.measure.apply.add_targets`, give the cue per mention in an ``opposed`` column.
   *Narrowed* (issue 15, the tune half of the hand-coded real mentions; the
   data is in ``framing/data/opposition_cues.yaml``, :func:`load_narrowing`):
   a word of ``nearest_narrowed_families`` (terrorism, revolution,
   legitimising) takes the nearest anchor only in its own clause (else no
   target), and never a group of ``never_nearest`` for its family (a
   revolution word no nearest anchor at all, a terror word never Haftar nor
   the House of Representatives: tenth and thirteenth sessions, from the
   blind-coded mentions); a title never takes a name with only a default
   referent (الجيش الليبي) as its nearest anchor: a title is a person's;
   an anchor *after* the word beyond an opposition cue or a
   liberation verb that follows it (الميليشيات تشن هجوما على قوات حفتر) is the
   object of the word's fight, never its referent (``cue_after``,
   :func:`framing.measure.engine.cue_after`); an *event* name (الثورة، ثورة فبراير، الربيع العربي:
   ``events``) takes no nearest anchor, no opponent and no anaphora; a
   terrorism-family word after a verb of naming or accusing in its clause
   (ما يسميه الإرهاب، يتهم … بأنهم: ``naming``) is governed, like an opposition
   cue (:func:`framing.measure.engine.naming_verb_before`).
c'') ``default``
   A frame name with a default referent (``default_referents``: الجيش الليبي →
   haftar, and before the split of 4 August 2014 the state's army, a dated
   entry → gnc; the brands of a coup or an aggression, الانقلاب، العدوان، التمرد →
   haftar) with no label takes an adjacent anchor or, by ``contrast``, the
   other camp (label inversion: وقال الجيش الليبي إن ميليشيات حفتر …);
   otherwise its default group. It is an anchor of that group for the words
   around it (so the objects of its fight take its opponent).
c''') ``inverted``
   Label inversion across the article: when the author's own voice brands the
   default group with a terror or delegitimising word tied to it by name
   (``label`` or ``adjacent``: ميليشيات حفتر، اللواء الانقلابي حفتر، عدوان
   حفتر), the default name is the other camp's — a writer who calls Haftar's
   forces militias and his war an aggression calls the Tripoli side "the
   Libyan army" (anti-Haftar and Turkish copy from 2019). The default group
   is replaced by its opponent for the whole article, as an anchor too
   (:func:`framing.measure.engine.branded_groups`). Only a name that
   honours its group changes hands: a default brand (العدوان → haftar)
   stays with its group.
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
f) ``unattached``
    Else a terror or extremism label (``unattached`` in the YAML: category →
    group) takes Haftar's adversaries' camp: in this coverage a bare
    "المتشددين" or "الإرهابيين" with no actor in reach is the forces he fights
    (the blind coders read 84 of 86 such words so, and one as Turkey, its
    patron; fifteenth session). Not the militia or mercenary labels, which
    both camps' writers use of the other side (31 of 39 and 14 of 28 were
    the adversaries'); and not in an article whose own voice brands Haftar
    by name and none of his adversaries (ميليشيات حفتر): there the word
    stays without a target (:func:`framing.measure.engine.unattached_labels`).
d) ``none``
    Else no target (``""``).

A clause runs between the clause breaks of :func:`framing.measure.voice.clause_breaks`
(``، , ؛ ; : . ! ? ؟ – — ( )`` …, or ``framing.text.arabic.clause_breaks`` once that
exists). Give a ``clause`` column, or ``start`` offsets plus the article
``text`` and the clause numbers are computed.

Token spans are half-open: ``[token_start, token_end)``.

Example
-------
>>> import pandas as pd
>>> from framing.measure.apply import add_targets
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
from typing import NamedTuple

from framing.errors import FramingError

KINDS = ("frame", "actor", "title")
#: the pole of a frame family: names that honour (+1) or brand (−1) what they name
POLARITY = {"legitimising": 1, "revolution": 1, "terrorism": -1, "delegitimising": -1}
TARGET_RULES = ("self", "label", "adjacent", "nearest", "contrast", "default", "inverted", "discourse",
                "opponent", "anaphora", "opposed", "unattached", "none")


@lru_cache(maxsize=4)
def load_target_rules(path: str | None = None) -> tuple[frozenset[str], dict[str, str]]:
    """(outside parties, opponents): the actor groups that are never the nearest
    anchor, and each conflict party's opponent (the target of a label its fight
    governs), from ``framing/data/opposition_cues.yaml``."""
    data, source = _cue_file(path)
    try:
        outside = frozenset(str(g) for g in data["outside_parties"])
        opponents = {str(k): str(v) for k, v in data["opponents"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as error:
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
    ``never_nearest``
        family → the groups its words never take as the nearest anchor
        (``"*"``: none at all);
    ``naming_families``, ``naming_verbs``
        a word of these families after a verb of naming or accusing in its
        clause (ما يسميه الإرهاب) is governed, like an opposition cue;
    ``unsubjected``
        family → group: a governed word of that family whose sentence names
        no party before it takes this group (rule ``opponent``);
    ``unattached``
        category → group: a word of that category that no rule gave a
        target takes this group (rule ``unattached``; optional, default none).
    """

    defaults: dict[str, str]
    events: frozenset[str]
    nearest_families: frozenset[str]
    never_nearest: dict[str, frozenset[str]]
    naming_families: frozenset[str]
    naming_verbs: frozenset[str]
    unsubjected: dict[str, str]
    unattached: dict[str, str]


@lru_cache(maxsize=4)
def load_narrowing(path: str | None = None) -> Narrowing:
    """The :class:`Narrowing` of the opposition-cue file (normalised verbs).

    >>> load_narrowing().defaults["legitimising.libyan_army"]
    'haftar'
    """
    from framing.text.arabic import normalise

    data, source = _cue_file(path)
    try:
        return Narrowing(
            {str(k): str(v) for k, v in data["default_referents"].items()},
            frozenset(str(e) for e in data["events"]),
            frozenset(str(f) for f in data["nearest_narrowed_families"]),
            {str(f): frozenset(str(g) for g in groups)
             for f, groups in (data.get("never_nearest") or {}).items()},
            frozenset(str(f) for f in data["naming"]["families"]),
            frozenset(normalise(v["word"]) for v in data["naming"]["verbs"]),
            {str(k): str(v) for k, v in data["opponent_without_subject"].items()},
            {str(k): str(v) for k, v in (data.get("unattached") or {}).items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise FramingError(f"{source}: not a valid opposition-cue file ({error})") from None


@lru_cache(maxsize=4)
def load_opposition_cues(path: str | None = None
                         ) -> tuple[int, frozenset[str], frozenset[str], str, int]:
    """(window, cue stems, liberation verb stems, preposition, reach), normalised, from
    the YAML; ``reach``: how many words before من a liberation verb may stand (default:
    the window)."""
    from framing.text.arabic import normalise

    data, source = _cue_file(path)
    try:
        window = int(data["window"])
        cues = frozenset(normalise(c["word"]) for c in data["cues"])
        verbs = frozenset(normalise(v["word"]) for v in data["liberation"]["verbs"])
        preposition = normalise(data["liberation"]["preposition"])
        reach = int(data["liberation"].get("reach", window))
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise FramingError(f"{source}: not a valid opposition-cue file ({error})") from None
    return window, cues, verbs, preposition, reach


@lru_cache(maxsize=4)
def load_grip_nouns(path: str | None = None) -> frozenset[str]:
    """The nouns of grip (أيدي، قبضة، سيطرة، براثن), normalised: after من they
    mark what follows as the object of a fight (من أيدي الميليشيات)."""
    from framing.text.arabic import normalise

    data, source = _cue_file(path)
    try:
        return frozenset(normalise(c["word"]) for c in data["grip"]["nouns"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise FramingError(f"{source}: not a valid opposition-cue file ({error})") from None


@lru_cache(maxsize=32)
def load_cue_words(section: str, path: str | None = None, only: str = "") -> frozenset[str]:
    """A list of words of the opposition-cue file, normalised: ``alongside``,
    the words that make a verb of fighting a fight *beside* someone (يقاتل ضمن
    قوات الوفاق، إلى جانب، في صفوف); ``affiliation``, the words of belonging
    (التابع، الموالية) whose object says whose a force is; ``title_modifiers``,
    the words that may stand between a title and its bearer's name (ركن،
    المتقاعد، الليبي); ``fight_verbs``, the verbs of fighting (يحارب، واجهت).
    ``only``: the entries with that key true (``first_person``). A missing
    section is empty.

    >>> "ضمن" in load_cue_words("alongside")
    True
    """
    from framing.text.arabic import normalise

    data, source = _cue_file(path)
    try:
        return frozenset(normalise(c["word"]) for c in data.get(section, ())
                         if not only or c.get(only) is True)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise FramingError(f"{source}: not a valid opposition-cue file ({error})") from None


@lru_cache(maxsize=4)
def _cue_file(path: str | None = None) -> tuple[dict, Path]:
    """The parsed opposition-cue file and its path, read once for every loader here."""
    import yaml

    from framing.measure.lexicon import safe_load

    source = Path(path) if path else Path(str(resources.files("framing") / "data" /
                                              "opposition_cues.yaml"))
    try:
        data = safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise FramingError(f"{source}: not a valid opposition-cue file ({error})") from None
    if not isinstance(data, dict):
        raise FramingError(f"{source}: not a valid opposition-cue file (not a mapping)")
    return data, source


def is_cue(norm: str, stems: frozenset[str]) -> bool:
    """Whether ``norm`` is one of ``stems`` or a clitic form of one
    (:func:`framing.text.arabic.analyse`).

    >>> is_cue("وضد", frozenset({"ضد"}))
    True
    """
    from framing.text.arabic import analyse

    return norm in stems or any(a.stem in stems for a in analyse(norm))


__all__ = ["KINDS", "POLARITY", "TARGET_RULES", "Narrowing", "is_cue", "load_cue_words",
           "load_grip_nouns", "load_narrowing", "load_opposition_cues", "load_target_rules"]
