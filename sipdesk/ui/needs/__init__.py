"""Step 2's pieces beyond the page itself: the SWOT board."""
