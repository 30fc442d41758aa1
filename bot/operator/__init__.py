"""The operator's commands beside ``calbot run``: check, manifest, backup, rotate-key, audit."""
