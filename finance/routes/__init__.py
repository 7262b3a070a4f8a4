"""The finance pages' URLs by part of the work (ledger in finance/urls.py; the 2% allocation,
budgets, claims, spending rules, reports and audit here), so each part keeps its own list."""
