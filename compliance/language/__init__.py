"""The rule language: the catalogue of facts a condition may read, conditions compiled to closures,
a profile's facts at a date, and their translation into logic."""
