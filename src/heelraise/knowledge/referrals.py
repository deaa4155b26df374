"""The referral destinations file: user-editable, never one hard-coded clinic."""

from __future__ import annotations

from typing import Literal

from heelraise.knowledge.checked import limit
from heelraise.knowledge.schema import KnowledgeModel


class Destination(KnowledgeModel):
    level: Literal["urgent", "clinician", "specialist"]
    name: str
    kind: Literal["nhs", "private", "other"]
    how: str
    url: str | None = None
    # A number to call, dialled as written (`tel:` links): digits, spaces and a leading +.
    phone: str | None = limit(default=None, pattern=r"^\+?[0-9][0-9 ]{1,19}$")


class ReferralsFile(KnowledgeModel):
    region: str
    destination: list[Destination] = limit(min_length=1)
