"""Assembling many variants of one library: a clause in the same situation is built once.

The library lint assembles every variant the rules allow, hundreds of them, and most clauses
come out the same in most: their paragraphs apply in the same way, their references land on the
same numbers, and the few texts that read profile data say the same thing. A clause's
*signature* is exactly those things; variants with the same signature get the clause's blocks,
terms and problems from the memo instead of building them again. Derogations are never
memoised (`assemble` keeps no memo when a profile has any).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from acocontract.errors import Diagnostic
from acocontract.library import BlockSpec, ClauseSpec, TableSpec, TextSpec, block_texts
from acocontract.templating import Evaluator, Refused, segments

if TYPE_CHECKING:
    from acocontract.assemble import _Assembler

Plan = tuple[tuple[BlockSpec, tuple[TextSpec, ...]], ...]
Entry = tuple[list[Any], dict[str, TextSpec], list[Diagnostic]]


def _varies(text: TextSpec) -> bool:
    output = text.program.output
    return output is None or output.refs


class Memo:
    def __init__(self) -> None:
        self.entries: dict[tuple[str, tuple[Any, ...]], Entry] = {}
        self.plans: dict[str, Plan] = {}

    def plan(self, clause: ClauseSpec) -> Plan:
        """For each block, the texts whose output can differ between variants."""
        found = self.plans.get(clause.id)
        if found is None:
            found = self.plans[clause.id] = tuple(
                (
                    block,
                    tuple(block_texts(block))
                    if isinstance(block, TableSpec) and block.each
                    else tuple(t for t in block_texts(block) if _varies(t)),
                )
                for block in clause.blocks
            )
        return found

    def blocks(self, work: _Assembler, clause: ClauseSpec) -> list[Any]:
        key = (clause.id, self.signature(work, clause))
        hit = self.entries.get(key)
        if hit is None:
            problems, work.recording = len(work.problems), []
            blocks = work.build_blocks(clause)
            terms: dict[str, TextSpec] = {}
            for term, spec in work.recording:
                terms.setdefault(term, spec)
            hit = self.entries[key] = (blocks, terms, work.problems[problems:])
            work.recording = None
            return list(blocks)
        used = work.used_terms
        for term in hit[1].keys() - used.keys():
            used[term] = hit[1][term]
        work.problems.extend(hit[2])
        return list(hit[0])

    def signature(self, work: _Assembler, clause: ClauseSpec) -> tuple[Any, ...]:
        """Everything a clause's assembly depends on in this variant: which blocks apply, what
        each text that reads profile data says, and where each reference lands."""
        found: list[Any] = []
        applies = work.tailored.block_applies
        for block, texts in self.plan(clause):
            if not applies(block):
                found.append(False)
                continue
            found.append(True)
            if isinstance(block, TableSpec) and block.each is not None:
                entries = work.rows[block.each]
                found.append(len(entries))
                for i, entry in enumerate(entries):
                    extra = {"item": entry, "index": i + 1}
                    found.extend(_said(work, t, extra) for t in texts)
            else:
                found.extend(_said(work, t, None) for t in texts)
        return tuple(found)


def _said(work: _Assembler, spec: TextSpec, extra: Mapping[str, Any] | None) -> Any:
    """What a text says in this variant: its output when it reads profile data, and the number
    (or the refusal) each of its references lands on."""
    output = spec.program.output
    said = None
    if output is None:
        try:
            evaluator = Evaluator({**work.context, **extra}) if extra else work.evaluator
            said = evaluator.run(spec.program.code)
        except Refused as err:
            return str(err)
        output = segments(said)
    if not output.refs:
        return said
    lands = []
    for part in output.parts:
        if part.__class__ is str:
            try:
                lands.append(work.resolve(part))
            except LookupError as err:
                lands.append(str(err))
    return (said, tuple(lands))
