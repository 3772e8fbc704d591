"""The reference clients: a conformant Ed-Fi SIS and a conformant LinkIt! application, with named faults.

The client-side twin of the reference target: edcert listen must certify them clean and catch each
of their faults. Like the reference target they import nothing from the harness side (no checks,
steps, clients or schemas), so a mistake on one side cannot hide itself on the other.

    python -m edcert.reference_clients --config CONFIG.json [--suite edfi|linkit|all] [--fault NAME ...]
"""

from __future__ import annotations

from edcert.reference_clients.faults import CLIENT_FAULTS, CLIENT_FAULTS_BY_NAME, ClientFault, check_client_fault_names

__all__ = ["CLIENT_FAULTS", "CLIENT_FAULTS_BY_NAME", "ClientFault", "check_client_fault_names"]
