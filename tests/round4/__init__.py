"""A fourth set of Ed-Fi and LinkIt! servers, written from the source documents and the research notes alone,
each with at most one realistic defect (tests/test_round4_servers.py runs edcert against each)."""
