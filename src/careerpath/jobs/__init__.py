"""Scheduled jobs that span several apps (e.g. the daily apply-effective run).

This app sits above promotions, discipline and cycles, so they never have to import each other to
be run together: cycles builds on promotions, and promotions knows nothing of cycles.
"""
