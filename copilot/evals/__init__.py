"""Recorded-fixture evaluation: run prompt versions x models over datasets, grade, compare."""
