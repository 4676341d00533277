"""Foundations every room stands on: money and quantities, ids, time and periods, hybrid clocks, errors,
formatting, hash chains, sequences, the database engine and schema upgrades. Imports no other room."""
