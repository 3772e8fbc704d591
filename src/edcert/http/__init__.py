"""One bounded HTTP exchange with a target edcert does not trust, and what may be read from it.

- ``transport``: ``HttpClient.send`` and the ``Exchange`` it records; every failure to get a usable
  answer is named (``CheckFailed`` for the target's fault, ``TargetUnreachable`` when it cannot be reached).
- ``wire``: the socket-level bounds of one exchange (its deadline, the byte budget, interim answers,
  name resolution within the time left).
- ``target_urls``: which URLs edcert sends to, and which origins may receive credentials.
- ``target_health``, ``waiting``: a target that stopped answering, and what the console says meanwhile.
- ``safe_json``: JSON from the target, read within the bounds of ``edcert.untrusted``.

Imports only the shared modules of the package root (errors, masking, untrusted); never a suite, the
run, the reports or the reference packages.
"""
