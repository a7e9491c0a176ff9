"""spacetalks: a command-line timeline and fact explorer for NASA-Roscosmos space diplomacy."""
