"""统一收费: fee rules, payments at the window, refunds a manager approves, the daily report."""
