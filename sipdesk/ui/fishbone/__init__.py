"""The fishbone canvas and the panels of step 3 (root causes)."""
