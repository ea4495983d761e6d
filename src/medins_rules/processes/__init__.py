"""The rules: one module (or package) per business process, each importing only ``core`` and ``vocab``.

Each rule module's docstring opens with the source sentence it encodes and has a Limitations
section; it holds its input model, options, decision, reason templates and one decision function,
and exposes ``RULES`` for the catalogue (``medins_rules.engine.catalogue``). A process imports no
other process: what two share is in ``medins_rules.vocab``. ``docs/index.md`` draws the layers.
"""
