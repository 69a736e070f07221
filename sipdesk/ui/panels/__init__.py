"""Side panels beside the step pages: coaching prompts and plan health (and their analysis)."""
