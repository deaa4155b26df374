"""How to decode one defined FIT message: a precompiled `struct.Struct` per definition.

Built only for the messages a summary decodes; every other message is skipped
by its size without ever building a layout.
"""

from __future__ import annotations

import math
import struct

from heelraise.training.fit.profile import BASE_TYPE_NUMBER, BASE_TYPES

FieldValue = int | float | str
Message = dict[str, FieldValue]


class MessageLayout:
    """The byte layout of one definition message, for the fields we name."""

    __slots__ = ("_fields", "_struct", "global_number", "size")

    def __init__(
        self,
        global_number: int,
        big_endian: bool,
        field_definitions: list[tuple[int, int, int]],
        developer_size: int,
        wanted: dict[int, str],
    ) -> None:
        """Build the layout from (field number, size, base type) triples.

        Fields we do not name, fields of unknown base type and fields whose size
        does not match their base type (arrays, or misaligned writers) are padding.
        """
        codes = [">" if big_endian else "<"]
        fields: list[tuple[str, int, int | None, bool]] = []
        index = 0
        for number, size, base_byte in field_definitions:
            name = wanted.get(number)
            base = BASE_TYPES.get(base_byte & BASE_TYPE_NUMBER)
            if name is not None and base is not None and base.code == "s" and size:
                codes.append(f"{size}s")
            elif name is not None and base is not None and size == base.size:
                codes.append(base.code)
            else:
                codes.append(f"{size}x")
                continue
            fields.append((name, index, base.invalid, base.code in "fd"))
            index += 1
        self._struct = struct.Struct("".join(codes))
        self._fields = fields
        self.global_number = global_number
        self.size = self._struct.size + developer_size

    def decode(self, data: bytes, offset: int) -> Message:
        """The named, valid fields of the message whose payload starts at `offset`."""
        values = self._struct.unpack_from(data, offset)
        message: Message = {}
        for name, index, invalid, is_float in self._fields:
            value = values[index]
            if isinstance(value, bytes):
                text = value.split(b"\0", 1)[0].decode("utf-8", "replace")
                if text:
                    message[name] = text
            elif is_float:
                if math.isfinite(value):
                    message[name] = value
            elif value != invalid:
                message[name] = value
        return message
