"""Tables, summaries and charts of many runs: Monte Carlo, comparisons, sweeps, sensitivity."""
