"""The decision network: a treaty's procedure as a networkx graph (build, successors, layers) and the
treaty's rules on a request (admissibility). No SimPy, no step kinds."""
