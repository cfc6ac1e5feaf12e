"""`iskias-site serve`: the editors' live preview."""
