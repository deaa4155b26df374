"""Names for the FIT enums a summary shows: sports, file types, makers and products.

The tables are the FIT SDK profile as shipped with fitdecode (already a
dependency); only dictionary look-ups happen here, never any decoding.
"""

from __future__ import annotations

from typing import Final

from fitdecode import profile as _profile

_SPORTS: Final[dict[int, str]] = _profile.FIELD_TYPES["sport"].enum
_SUB_SPORTS: Final[dict[int, str]] = _profile.FIELD_TYPES["sub_sport"].enum
_FILE_TYPES: Final[dict[int, str]] = _profile.FIELD_TYPES["file"].enum
_MANUFACTURERS: Final[dict[int, str]] = _profile.FIELD_TYPES["manufacturer"].enum
_GARMIN_PRODUCTS: Final[dict[int, str]] = _profile.FIELD_TYPES["garmin_product"].enum
# Makers whose product numbers are Garmin product numbers (the profile's subfield rule).
_GARMIN_PRODUCT_MAKERS: Final = frozenset({"garmin", "dynastream", "dynastream_oem", "tacx"})

# FIT sport name -> heelraise's sport vocabulary; any other sport keeps its FIT name.
_OUR_SPORTS: Final = {
    "running": "run",
    "cycling": "ride",
    "e_biking": "ride",
    "walking": "walk",
    "swimming": "swim",
    "hiking": "hike",
    "training": "strength",
    "soccer": "football",
    "tennis": "tennis",
}

# FIT sub-sport name -> the surface it implies, for the few that say one.
_SURFACES: Final = {"treadmill": "treadmill", "trail": "trail", "track": "track"}


def fit_sport_name(value: int | str | None) -> str | None:
    """The FIT name of a `sport` value (a raw number, or a name already decoded)."""
    if value is None or isinstance(value, str):
        return value
    return _SPORTS.get(value, str(value))


def fit_sub_sport_name(value: int | str | None) -> str | None:
    """The FIT name of a `sub_sport` value."""
    if value is None or isinstance(value, str):
        return value
    return _SUB_SPORTS.get(value, str(value))


def file_type_name(value: int) -> str:
    """The FIT name of a `file_id.type` value, e.g. 'settings' or 'monitoring_b'."""
    return _FILE_TYPES.get(value, f"type {value}")


def our_sport(fit_sport: str | None) -> str:
    """heelraise's name for a FIT sport (running -> run); unknown sports keep their name."""
    if fit_sport is None:
        return "generic"
    return _OUR_SPORTS.get(fit_sport, fit_sport)


def surface_of(sub_sport: str | None) -> str | None:
    """The surface a sub-sport implies (treadmill, trail, track), or None."""
    return None if sub_sport is None else _SURFACES.get(sub_sport)


def device_name(
    manufacturer: int | str | None, product: int | str | None, product_name: str | None = None
) -> str | None:
    """A readable device such as 'garmin fr935', from `file_id` maker and product."""
    maker = manufacturer if not isinstance(manufacturer, int) else _MANUFACTURERS.get(manufacturer)
    if maker is None and isinstance(manufacturer, int) and manufacturer:
        maker = f"manufacturer {manufacturer}"
    model: str | None
    if product_name:
        model = product_name
    elif isinstance(product, int) and product and maker in _GARMIN_PRODUCT_MAKERS:
        model = _GARMIN_PRODUCTS.get(product, str(product))
    elif product:
        model = str(product)
    else:
        model = None
    parts = [part.replace("_", " ") for part in (maker, model) if part]
    return " ".join(parts) or None
