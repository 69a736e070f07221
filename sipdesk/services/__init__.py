"""Named edit operations, plan checks and progress maths (no Qt)."""
