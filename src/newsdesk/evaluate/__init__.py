"""Evaluation on real datasets: metrics and the runners behind `newsdesk eval`."""
