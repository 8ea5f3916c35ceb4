"""Assessment beyond the monthly score (DOMAIN.md rule 14, seed 004): 月度自评, 季度互评, 年度总评."""
