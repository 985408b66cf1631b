"""Small data sets made in code (seeded, no download) for the lessons' projects.

Seed 002's course project regresses daily bike rentals from the weather and
the calendar. `bike_rentals` invents a data set of that kind: the numbers are
made up by a formula plus noise, not measured, so a small network can learn
them and every run with the same seed gives the same table.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["BikeRentals", "bike_rentals"]

FEATURES = ("temperature", "humidity", "wind", "working_day")


@dataclass(frozen=True)
class BikeRentals:
    """Columns are days (samples), as in `nn`.

    X: (4, n) rows temperature (deg C), humidity (0..1), wind (km/h), working_day (0 or 1).
    Y: (1, n) rentals that day, in thousands of bikes.
    """
    X: np.ndarray
    Y: np.ndarray
    features: tuple = FEATURES
    unit: str = "thousand rentals per day"

    @property
    def n(self):
        """Number of days."""
        return self.X.shape[1]

    def standardized(self):
        """X with each feature shifted to mean 0 and scaled to standard deviation 1."""
        mean = self.X.mean(axis=1, keepdims=True)
        std = self.X.std(axis=1, keepdims=True)
        return (self.X - mean) / np.where(std > 0, std, 1.0)


def rentals_formula(temperature, humidity, wind, working_day):
    """The hidden rule behind the invented data (thousands of rentals, before noise)."""
    pleasant = np.exp(-(((temperature - 24.0) / 9.0) ** 2))   # most rides near 24 deg C
    muggy = np.maximum(humidity - 0.7, 0.0)                     # very humid days put riders off
    return 1.0 + 5.0 * pleasant - 6.0 * muggy - 0.05 * wind + 0.6 * working_day


def bike_rentals(n=730, noise=0.3, seed=0):
    """An invented table of bike rentals, one column per day for n days (seeded).

    Temperature follows the seasons, humidity and wind vary at random, five days
    in seven are working days; rentals = rentals_formula(...) + N(0, noise^2),
    never below 0.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be a whole number of days >= 2, got {n!r}")
    if isinstance(noise, bool) or not isinstance(noise, (int, float)) or not 0 <= noise < 10:
        raise ValueError(f"noise must be a number in [0, 10), got {noise!r}")
    rng = np.random.default_rng(seed)
    day = np.arange(n)
    temperature = 14.0 + 10.0 * np.sin(2 * np.pi * (day - 110) / 365) + rng.normal(0, 3, n)
    humidity = np.clip(rng.normal(0.65, 0.12, n), 0.2, 1.0)
    wind = rng.gamma(2.0, 6.0, n)
    working_day = (day % 7 < 5).astype(float)
    rentals = rentals_formula(temperature, humidity, wind, working_day) + rng.normal(0, noise, n)
    X = np.vstack([temperature, humidity, wind, working_day])
    Y = np.maximum(rentals, 0.0).reshape(1, n)
    return BikeRentals(X, Y)
