"""placeholder until the reference parser lands."""
