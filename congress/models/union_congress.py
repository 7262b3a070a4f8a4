"""The union's own congress (工会会员代表大会 / 会员大会) and its elections (issue 18, part elections)."""
__all__: list[str] = []
