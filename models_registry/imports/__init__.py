"""Bringing a province in: its units, its people and its past lists (admin pages and commands)."""
