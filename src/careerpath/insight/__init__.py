"""Analysis for HR, managers and the VP (分析): dashboards and the fairness panel, aggregated in SQL."""
