"""The IP-ROC expert network: the roster (nominations, vetting, the public directory) and the
assistance requests matched to its experts. Reads `regions`; imports neither cms nor evaluation."""
