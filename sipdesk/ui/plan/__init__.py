"""Step 5's parts: the outline tree and the item forms (the page is ui/pages/plan_page.py)."""
