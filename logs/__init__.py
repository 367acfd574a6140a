"""Training logs (CSV files that training writes) and the scripts that plot them and networks' weights."""
