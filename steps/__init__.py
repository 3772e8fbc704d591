"""Step definitions of the conformance suite, and the test module that binds the features."""
