"""The manifest: what was built, from what, and every national clause's fate with its reason."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from acocontract import __version__
from acocontract.errors import Diagnostic
from acocontract.library import Edition
from acocontract.model import Profile
from acocontract.tailor import Tailored


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(
    profile: Profile,
    profile_sha256: str,
    edition: Edition,
    tailored: list[Tailored],
    files: Mapping[str, bytes],
    warnings: list[Diagnostic],
    derogations: list[dict[str, Any]],
) -> bytes:
    documents = []
    for doc in tailored:
        doc_files = {
            name.rpartition(".")[2]: {"path": name, "sha256": sha256(data)}
            for name, data in sorted(files.items())
            if name.rpartition(".")[0] == doc.spec.id
        }
        documents.append(
            {
                "id": doc.spec.id,
                "title": doc.spec.title,
                "files": doc_files,
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
    data = {
        "acocontract": __version__,
        "edition": {"id": edition.id, "sha256": edition.sha256},
        "profile": {"path": profile.path, "sha256": profile_sha256},
        "name": profile.name,
        "model": profile.model,
        "documents": documents,
        "derogations": derogations,
        "warnings": [d.format() for d in warnings],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
