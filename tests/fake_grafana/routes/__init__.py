"""Route handlers of the fake, one module per API area."""
