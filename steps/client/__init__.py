"""Step definitions of the client side (edcert listen, edcert readback)."""
