"""Countries and regions: the reference data behind every per-region figure (the indicators'
breakdowns, the expert roster's directory, OP-5 and the matching of assistance requests)."""
