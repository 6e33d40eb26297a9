"""Industrie-Dialog: the platform for a city's industry dialogue."""
