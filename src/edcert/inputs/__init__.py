"""The request model: every element of every request edcert sends (and every request a client must
send), the operators applied to each, and the answer each combination must get.

``model`` holds the vocabulary (elements, operators, cells, tables); each suite declares its tables in
a module of its own (``edfi``, ``linkit``, and the client side's). Feature files carry the tables as
data tables generated from here (``python -m edcert.inputs --write``), and the README carries the
whole model, so the scenarios, the steps and the documentation read the same cells.

``data_standard`` holds the rules that differ between Ed-Fi Data Standards (lengths and integer widths)
and which version a run judges by.

This package imports nothing from the rest of edcert: the suites, the profile and the client side read it.
"""
