"""The manifest: what was built, from what, and every national clause's fate with its reason."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from acocontract import __version__
from acocontract.check import Ready


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(ready: Ready, files: Mapping[str, bytes]) -> bytes:
    return manifest_from(summary(ready), files)


def manifest_from(summary: dict[str, Any], files: Mapping[str, bytes]) -> bytes:
    """The manifest of a set of files, from the summary of the profile that made them."""
    data = dict(summary)
    data["documents"] = [
        {
            **doc,
            "files": {
                name.rpartition(".")[2]: {"path": name, "sha256": sha256(content)}
                for name, content in sorted(files.items())
                if name.rpartition(".")[0] == doc["id"]
            },
        }
        for doc in summary["documents"]
    ]
    for doc in data["documents"]:  # keep the keys in their documented order
        doc["clauses"] = doc.pop("clauses")
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def summary(ready: Ready) -> dict[str, Any]:
    """Everything the manifest says about a profile but its files' digests: small, plain data."""
    profile, edition = ready.profile, ready.edition
    documents = []
    for doc in ready.tailored:
        documents.append(
            {
                "id": doc.spec.id,
                "title": doc.spec.title,
                "clauses": [
                    {
                        "id": d.clause.id,
                        "number": d.clause.label,
                        "title": d.clause.title,
                        "included": d.included,
                        "reason": d.reason,
                    }
                    for d in doc.decisions
                ],
            }
        )
    derogations: list[dict[str, Any]] = [
        {
            "clause": d.clause,
            "action": d.action,
            "status": d.status,
            "applied": d.applies_in(ready.draft),
            "reference": d.approval.reference,
            "date": d.approval.date.isoformat() if d.approval.date else None,
            "against": d.against,
        }
        for d in profile.derogations
    ]
    return {
        "acocontract": __version__,
        "edition": {"id": edition.id, "sha256": edition.sha256},
        "profile": {"path": profile.path, "sha256": ready.loaded.sha256},
        "name": profile.name,
        "model": profile.model,
        "documents": documents,
        "derogations": derogations,
        "warnings": [d.format() for d in ready.warnings],
    }
