"""Answers become output: one renderer per format, text made safe, cells for people."""
