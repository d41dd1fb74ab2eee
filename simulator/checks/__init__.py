"""Loading files into checked objects: treaty, scenario, variant and inject cross-checks, the steps a
scenario can reach, and `treaty-sim check`'s proof of a treaty's procedure."""
