"""Analyses over many evaluations: diff, history, compare, contradictions, market infeasibility,
tailoring, plan and inventory, with the models of their reports."""
