"""Women workers' work (女职工工作): the committee and its activities (issue 18, part women)."""
__all__: list[str] = []
