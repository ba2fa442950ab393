"""Bringing a network in from the files people have: address books and invitation histories.

``records`` is the contract between the readers (``formats``, one module per kind of file) and
the pipeline that previews and applies an import.
"""
