"""Reads and operations that combine accounts, projects and reviews (above every app)."""
