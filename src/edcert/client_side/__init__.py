"""The client side of edcert: certify the vendor's client (an SIS writing to Ed-Fi, an application
calling LinkIt!) from the requests it sends, or from what it stored.

- ``edcert listen`` starts the built-in reference target with fresh credentials, records every
  request and answer (``recorder``, ``traffic``), shows which scenario each request belongs to
  (``edfi_traffic``, ``linkit_traffic``), and when the client is done judges the recorded traffic
  with the client-side features (``edcert.run.client_plugin``, loaded into pytest with ``-p``).
- ``edcert readback`` reads back what an SIS wrote into any Ed-Fi API, in two phases, keeping the
  ids of the first phase in the report directory (``readback_state``).

Imports the suites it plays (``edfi``, ``linkit``), ``record``, ``http`` and the reference target it serves;
never the seal, the reports or the run.
"""
