"""Knowledge-base pages of the agent workspace (thin: forms in, actions and queries out)."""
