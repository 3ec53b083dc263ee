"""Scoring for the atlas's self-assessment quiz: standard library only.

The same files run in CPython (the tests) and in Pyodide (the browser). The browser talks to
`quiz.api.Engine`; the rules live in `quiz.scoring`.
"""
