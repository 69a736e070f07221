"""Step 6's monitoring views: the month-by-month status grid and the progress chart."""
