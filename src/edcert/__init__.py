"""edcert: conformance test harness for Ed-Fi v3 StudentCohortAssociation and LinkIt! program APIs."""

__version__ = "0.1.0"
