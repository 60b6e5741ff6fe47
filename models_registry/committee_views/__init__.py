"""The steering committee's pages (split into modules in the next step)."""
