"""Questions asked of a loaded dataset: pure functions, no printing, no Rich."""
