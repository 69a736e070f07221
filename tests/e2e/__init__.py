"""End-to-end tests: a whole improvement cycle through the window."""
