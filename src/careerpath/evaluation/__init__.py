"""The one evaluation path: load a population's facts from the database and evaluate it.

A plain package (no models): the API, the pages, the CLI, application snapshots, cycle openings
and placement runs all call :mod:`careerpath.evaluation.selectors`, so they cannot disagree.
"""
